/// A unit of processing and of state, as in Kafka Streams: partition *n* of every topic of one
/// watermark domain — the configured inputs together (`domain == ""`, co-partitioned by number),
/// or one internal repartition topic.
///
/// Why per partition: state keyed by the record key lives with the partition that carries the
/// key, so a partition's state can be checkpointed, moved to another instance on a rebalance and
/// restored there, independently of every other partition.
public struct TaskID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// "" for the configured inputs, else the repartition topic.
    public var domain: String
    public var partition: Int32

    public init(domain: String, partition: Int32) {
        self.domain = domain
        self.partition = partition
    }

    public static func < (a: TaskID, b: TaskID) -> Bool { (a.domain, a.partition) < (b.domain, b.partition) }

    /// The partition, and the domain only when there is one: every record looks its task up,
    /// nearly always one of the inputs' (`domain == ""`), and hashing the empty string went
    /// through the general `String` hashing path each time. Equal ids still hash equally.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(partition)
        if !domain.isEmpty { hasher.combine(domain) }
    }

    /// `inputs-3`, or `<repartition topic>-0`: the task's state file and log name.
    public var description: String { domain.isEmpty ? "inputs-\(partition)" : "\(domain)-\(partition)" }
}
