/// One key's durable state after a change; `value == nil` means the key holds nothing any more
/// (delete it).
///
/// Operators hand these out from ``StreamOperator/takeStateChanges()`` so the engine can write
/// them to its store and the compacted changelog topic — a `nil` value becomes a delete there
/// and a tombstone in Kafka, which is what keeps both bounded as windows close and patterns end.
public struct StateChange: Sendable, Equatable {
    public var key: String
    /// The bytes ``StreamOperator/restoreState(key:value:)`` accepts; `nil` for a deletion.
    public var value: [UInt8]?

    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }
}
