/// Size of one store in a task file: counts and byte totals only, never keys or values, so it
/// can be printed and logged even though keys and values hold personal data.
public struct StoreStats: Sendable, Equatable, Codable {
    public var store: String
    public var keys: Int
    /// Sum of the keys' UTF-8 lengths.
    public var keyBytes: Int
    /// Sum of the values' lengths.
    public var valueBytes: Int

    public init(store: String, keys: Int, keyBytes: Int, valueBytes: Int) {
        self.store = store
        self.keys = keys
        self.keyBytes = keyBytes
        self.valueBytes = valueBytes
    }
}
