/// One change to task state: set `key` of `store` to `value`, or delete it when `value` is nil.
///
/// A batch of these (rows of several stores) plus the checkpoint meta entries is committed in one
/// transaction by `TaskStateStore.commit`, so state never runs ahead of or behind the offsets it
/// reflects.
public struct StateRow: Sendable, Equatable {
    /// The store (one per pipeline, named after it).
    public var store: String
    /// The state key, e.g. the record key; compared as UTF-8 bytes.
    public var key: String
    /// The new value; nil deletes the key.
    public var value: [UInt8]?

    public init(store: String, key: String, value: [UInt8]?) {
        self.store = store
        self.key = key
        self.value = value
    }
}
