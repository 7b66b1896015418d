/// One record read from Kafka, copied out of librdkafka's buffer so it outlives the poll.
public struct ConsumedMessage: Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    /// The record timestamp (CreateTime or LogAppendTime) in epoch ms, if the broker sent one.
    public var timestampMs: Int64?
    public var headers: [(key: String, value: [UInt8])]

    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }
}

/// What the group coordinator did to this member's assignment.
public enum RebalanceEvent: Sendable {
    /// Partitions newly assigned (with the cooperative protocol: only the added ones).
    case assigned([TopicPartition])
    /// Partitions taken away in an orderly rebalance: commit their work now, it is the last chance.
    case revoked([TopicPartition])
    /// Partitions lost (session timed out): another member may already own them; do not commit.
    case lost([TopicPartition])
}

/// What the rebalance handler wants done with newly assigned partitions.
public struct AssignmentPlan: Sendable {
    /// Where to start reading, for partitions that should not start at the committed offset.
    public var starts: [TopicPartition: Int64]
    /// Partitions to pause as soon as they are assigned (e.g. while their state is restored).
    public var paused: Set<TopicPartition>

    public init(starts: [TopicPartition: Int64] = [:], paused: Set<TopicPartition> = []) {
        self.starts = starts
        self.paused = paused
    }
}
