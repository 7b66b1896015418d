import CRdKafka

/// A topic and partition: the unit of assignment, ordering and offset commits.
public struct TopicPartition: Hashable, Sendable, CustomStringConvertible, Comparable {
    public var topic: String
    public var partition: Int32
    public init(topic: String, partition: Int32) { self.topic = topic; self.partition = partition }
    public var description: String { "\(topic)/\(partition)" }
    public static func < (a: TopicPartition, b: TopicPartition) -> Bool {
        (a.topic, a.partition) < (b.topic, b.partition)
    }
}

/// Owns an `rd_kafka_topic_partition_list_t` built from Swift values, so every call site frees it.
struct PartitionList: ~Copyable {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(_ partitions: [TopicPartition], offsets: [TopicPartition: Int64] = [:]) {
        pointer = rd_kafka_topic_partition_list_new(Int32(max(partitions.count, 1)))
        for tp in partitions {
            let elem = rd_kafka_topic_partition_list_add(pointer, tp.topic, tp.partition)
            if let offset = offsets[tp] { elem?.pointee.offset = offset }
        }
    }

    deinit { rd_kafka_topic_partition_list_destroy(pointer) }

    /// Reads a list owned by librdkafka (e.g. the one handed to the rebalance callback).
    static func read(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> [(TopicPartition, Int64, rd_kafka_resp_err_t)] {
        guard let list, let elems = list.pointee.elems else { return [] }
        var out: [(TopicPartition, Int64, rd_kafka_resp_err_t)] = []
        out.reserveCapacity(Int(list.pointee.cnt))
        for i in 0..<Int(list.pointee.cnt) {
            let e = elems[i]
            out.append((TopicPartition(topic: String(cString: e.topic), partition: e.partition), e.offset, e.err))
        }
        return out
    }
}

/// Logical offsets for `KafkaConsumer.assign(_:)`.
public enum KafkaOffset {
    /// The first offset still in the partition.
    public static let beginning = Int64(RD_KAFKA_OFFSET_BEGINNING)
}
