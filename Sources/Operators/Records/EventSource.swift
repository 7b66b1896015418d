/// The Kafka coordinates (topic, partition, offset) of the record an event came from.
///
/// Every action and dead letter carries its cause so an operator can find the input that
/// produced it, and so action IDs can be derived deterministically from the input position
/// (a redelivered record yields the same action ID, which downstream consumers deduplicate on).
public struct EventSource: Sendable, Hashable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    /// `topic/partition@offset`, the conventional way to point at a Kafka record in logs.
    public var description: String { "\(topic)/\(partition)@\(offset)" }
}
