import CRdKafka
import Logging

/// A consumer-group member over librdkafka's high-level consumer.
///
/// Threading: all calls must come from one thread (the daemon's processing thread). librdkafka
/// invokes the rebalance callback from inside `poll`, on that same thread, so the handler can
/// touch processing state without locks. Offsets are never committed automatically: the caller
/// commits only what it has fully processed (at-least-once).
public final class KafkaConsumer {
    private let handle: OpaquePointer
    private let callbacks: ConsumerCallbacks
    private let logger: Logger
    /// librdkafka topic handle → name; saves a String allocation per message.
    private var topicNames: [OpaquePointer: String] = [:]
    private var lastTopic: (rkt: OpaquePointer, name: String)?
    private var closed = false
    /// The consumer queue (`nil` if librdkafka has none for this handle), drained in batches by
    /// `poll` after its first message; see ``poll(max:timeoutMs:into:)``.
    private let queue: OpaquePointer?
    /// Where `rd_kafka_consume_batch_queue` writes message pointers; allocated once.
    private let batch: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>
    private static let batchCapacity = 1024

    /// - Parameter properties: librdkafka properties; `group.id` and `bootstrap.servers` are required.
    /// - Parameter onRebalance: told of every assignment change on the polling thread. For an
    ///   assignment it may return start offsets for some of the new partitions (e.g. from a
    ///   restored state checkpoint; the others start at the group's committed offset) and which
    ///   to pause at once (e.g. while their state is being restored).
    public init(properties: [(key: String, value: String)], logger: Logger,
                onRebalance: @escaping (RebalanceEvent) -> AssignmentPlan) throws(KafkaError) {
        let callbacks = ConsumerCallbacks(logger: logger, onRebalance: onRebalance)
        let rk = try ClientConfig.makeClient(
            RD_KAFKA_CONSUMER, role: "consumer",
            defaults: [("enable.auto.commit", "false"), ("enable.auto.offset.store", "false"),
                       ("auto.offset.reset", "earliest"), ("enable.partition.eof", "false")],
            properties: properties, callbacks: callbacks
        ) { conf in rd_kafka_conf_set_rebalance_cb(conf, consumerRebalanceCallback) }
        // Route the main queue (errors, logs, rebalances) to the consumer queue so one poll serves all.
        rd_kafka_poll_set_consumer(rk)
        self.handle = rk
        self.queue = rd_kafka_queue_get_consumer(rk)
        self.batch = .allocate(capacity: Self.batchCapacity)
        self.callbacks = callbacks
        self.logger = logger
    }

    deinit {
        if !closed { rd_kafka_consumer_close(handle) }
        if let queue { rd_kafka_queue_destroy(queue) }
        rd_kafka_destroy(handle)
        batch.deallocate()
    }

    /// Fatal client errors seen by the error callback since start.
    public var fatalError: KafkaError? { callbacks.fatalError }

    public func subscribe(_ topics: [String]) throws(KafkaError) {
        let list = PartitionList(topics.map { TopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA) })
        let err = rd_kafka_subscribe(handle, list.pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(err, context: "subscribe to \(topics.joined(separator: ","))")
        }
    }

    /// Partitions that reported end-of-partition (needs `enable.partition.eof=true`); used to know
    /// when a table has been read up to its current end.
    public private(set) var reachedEnd: Set<TopicPartition> = []

    /// Number of partitions of `topic`, from broker metadata.
    public func partitionCount(topic: String, timeoutMs: Int32 = 10_000) throws(KafkaError) -> Int {
        guard let rkt = rd_kafka_topic_new(handle, topic, nil) else {
            throw KafkaError(rd_kafka_last_error(), context: "metadata for \(topic)")
        }
        defer { rd_kafka_topic_destroy(rkt) }
        var md: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(handle, 0, rkt, &md, timeoutMs)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let md else { throw KafkaError(err, context: "metadata for \(topic)") }
        defer { rd_kafka_metadata_destroy(md) }
        guard md.pointee.topic_cnt > 0, let t = md.pointee.topics?.pointee else {
            throw KafkaError(message: "topic not in metadata", context: "metadata for \(topic)")
        }
        if t.err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(t.err, context: "metadata for \(topic)") }
        return Int(t.partition_cnt)
    }

    /// Reads these partitions outside any consumer group (no rebalancing, no commits): how a
    /// table topic is read whole by every instance.
    public func assign(_ partitions: [TopicPartition], fromBeginning: Bool) throws(KafkaError) {
        let offsets = Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(fromBeginning ? RD_KAFKA_OFFSET_BEGINNING : RD_KAFKA_OFFSET_END)) })
        try assign(offsets)
    }

    /// Reads exactly these partitions from these offsets, outside any consumer group (replaces
    /// any previous assignment and forgets which partitions reached their end): how state is
    /// restored from a changelog tail and how the output topic's tail is scanned.
    public func assign(_ offsets: [TopicPartition: Int64]) throws(KafkaError) {
        reachedEnd = []
        let partitions = offsets.keys.sorted()
        let list = PartitionList(partitions, offsets: offsets)
        let err = rd_kafka_assign(handle, list.pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(err, context: "assign \(partitions.map(\.description).joined(separator: ","))")
        }
    }

    /// Appends up to `max` messages; blocks at most `timeoutMs` for the first one and never for the rest.
    /// Per-partition errors (e.g. a topic that vanished) are logged and skipped.
    ///
    /// The first message comes from `rd_kafka_consumer_poll` (it blocks up to the timeout), the
    /// rest from `rd_kafka_consume_batch_queue` with a zero timeout: one queue lock and one clock
    /// read per batch instead of per message (the per-message poll's lock, clock read and queue
    /// serve were ~4 % of the daemon's main thread under load). A zero timeout matters: with a
    /// positive one the batch call waits until it has *all* it asked for, which would hold a
    /// half-full batch back. Both calls serve rebalance and error callbacks the same way.
    public func poll(max: Int, timeoutMs: Int32, into out: inout [ConsumedMessage]) {
        guard max > 0, let first = rd_kafka_consumer_poll(handle, timeoutMs) else { return }
        take(first, into: &out)
        var remaining = max - 1
        while remaining > 0 {
            guard let queue else {
                guard let msg = rd_kafka_consumer_poll(handle, 0) else { return }
                take(msg, into: &out)
                remaining -= 1
                continue
            }
            let asked = Swift.min(remaining, Self.batchCapacity)
            let got = rd_kafka_consume_batch_queue(queue, 0, batch, asked)
            guard got > 0 else { return }
            for i in 0..<got {
                if let msg = batch[i] { take(msg, into: &out) }
            }
            remaining -= got
            if got < asked { return }
        }
    }

    /// Copies a message out (or notes its end-of-partition / logs its error) and destroys it.
    private func take(_ msg: UnsafeMutablePointer<rd_kafka_message_t>, into out: inout [ConsumedMessage]) {
        defer { rd_kafka_message_destroy(msg) }
        let m = msg.pointee
        if m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
            if let rkt = m.rkt {
                reachedEnd.insert(TopicPartition(topic: String(cString: rd_kafka_topic_name(rkt)), partition: m.partition))
            }
            return
        }
        if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let topic = m.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "?"
            logger.warning("consume error", metadata: [
                "topic": "\(topic)", "partition": "\(m.partition)", "offset": "\(m.offset)",
                "error": "\(String(cString: rd_kafka_err2str(m.err)))",
            ])
            return
        }
        out.append(copy(msg))
    }

    private func copy(_ msg: UnsafeMutablePointer<rd_kafka_message_t>) -> ConsumedMessage {
        let m = msg.pointee
        var topic = "?"
        if let rkt = m.rkt {
            // Messages come in runs of one partition: the last topic answers without hashing.
            if let last = lastTopic, last.rkt == rkt { topic = last.name } else {
                if let name = topicNames[rkt] { topic = name } else {
                    topic = String(cString: rd_kafka_topic_name(rkt)); topicNames[rkt] = topic
                }
                lastTopic = (rkt, topic)
            }
        }
        let value: [UInt8]? = m.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: m.len)) }
        let key: [UInt8]? = m.key.map { Array(UnsafeRawBufferPointer(start: $0, count: m.key_len)) }
        var tsType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let ts = rd_kafka_message_timestamp(msg, &tsType)
        var headers: [(key: String, value: [UInt8])] = []
        var hdrs: OpaquePointer?
        if rd_kafka_message_headers(msg, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR, let hdrs {
            var idx = 0
            var name: UnsafePointer<CChar>?
            var val: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(hdrs, idx, &name, &val, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                let bytes: [UInt8] = val.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
                headers.append((name.map { String(cString: $0) } ?? "", bytes))
                idx += 1
            }
        }
        return ConsumedMessage(topic: topic, partition: m.partition, offset: m.offset, key: key, value: value,
                               timestampMs: tsType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : ts, headers: headers)
    }

    /// Commits the given next-offsets-to-read. Synchronous commits wait for the coordinator.
    public func commit(_ offsets: [TopicPartition: Int64], synchronous: Bool) throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let tps = offsets.keys.sorted()
        let list = PartitionList(tps, offsets: offsets)
        let err = rd_kafka_commit(handle, list.pointer, synchronous ? 0 : 1)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET {
            throw KafkaError(err, context: "commit \(tps.map { "\($0)@\(offsets[$0] ?? -1)" }.joined(separator: ","))")
        }
    }

    /// Stops fetching from these partitions (backpressure) without leaving the group.
    public func pause(_ partitions: [TopicPartition]) {
        guard !partitions.isEmpty else { return }
        let list = PartitionList(partitions)
        _ = rd_kafka_pause_partitions(handle, list.pointer)
    }

    public func resume(_ partitions: [TopicPartition]) {
        guard !partitions.isEmpty else { return }
        let list = PartitionList(partitions)
        _ = rd_kafka_resume_partitions(handle, list.pointer)
    }

    /// Moves the fetch position of an assigned partition.
    public func seek(_ tp: TopicPartition, to offset: Int64, timeoutMs: Int32 = 5_000) throws(KafkaError) {
        let list = PartitionList([tp], offsets: [tp: offset])
        if let error = rd_kafka_seek_partitions(handle, list.pointer, timeoutMs) {
            throw KafkaError(consuming: error, context: "seek \(tp) to \(offset)")
        }
    }

    /// The partition's end offset, asked of the broker (ListOffsets). Brokers that under-report it
    /// (Tansu) make it a lower bound, which is all a caller may rely on.
    public func queryHighWatermark(_ tp: TopicPartition, timeoutMs: Int32 = 5_000) throws(KafkaError) -> Int64 {
        var low: Int64 = -1, high: Int64 = -1
        let err = rd_kafka_query_watermark_offsets(handle, tp.topic, tp.partition, &low, &high, timeoutMs)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "watermarks of \(tp)") }
        return max(0, high)
    }

    /// The high watermark last seen in a fetch response (cached, no broker round trip).
    /// Deliberately not ListOffsets: some brokers (Tansu) under-report partition ends there.
    public func highWatermark(_ tp: TopicPartition) -> Int64? {
        var low: Int64 = -1, high: Int64 = -1
        let err = rd_kafka_get_watermark_offsets(handle, tp.topic, tp.partition, &low, &high)
        return err == RD_KAFKA_RESP_ERR_NO_ERROR && high >= 0 ? high : nil
    }

    /// Leaves the group cleanly (revokes the assignment through the rebalance callback first).
    public func close() {
        guard !closed else { return }
        closed = true
        let err = rd_kafka_consumer_close(handle)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning("consumer close", metadata: ["error": "\(String(cString: rd_kafka_err2str(err)))"])
        }
    }
}

/// State reachable from librdkafka's C callbacks through the instance opaque.
/// `@unchecked Sendable`: the log callback may run on librdkafka threads but only reads the
/// immutable logger; the rest is touched only on the polling thread.
final class ConsumerCallbacks: ClientCallbacks, @unchecked Sendable {
    let onRebalance: (RebalanceEvent) -> AssignmentPlan
    init(logger: Logger, onRebalance: @escaping (RebalanceEvent) -> AssignmentPlan) {
        self.onRebalance = onRebalance
        super.init(logger: logger)
    }
}

/// Applies the coordinator's decision the way librdkafka requires for the protocol in use
/// (incremental for cooperative-sticky, full assign for eager), telling the handler first on
/// revoke (so it can commit) and after on assign.
private let consumerRebalanceCallback: @convention(c) (
    OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?
) -> Void = { rk, err, partitions, opaque in
    guard let rk, let opaque else { return }
    let cb = Unmanaged<ConsumerCallbacks>.fromOpaque(opaque).takeUnretainedValue()
    let tps = PartitionList.read(partitions).map(\.0)
    let cooperative = String(cString: rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE"
    switch err {
    case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
        // The handler restores state first and says where each partition resumes; librdkafka
        // starts fetching only once assigned, so nothing is fetched from a stale position.
        let plan = cb.onRebalance(.assigned(tps))
        if let partitions, let elems = partitions.pointee.elems {
            for i in 0..<Int(partitions.pointee.cnt) {
                let tp = TopicPartition(topic: String(cString: elems[i].topic), partition: elems[i].partition)
                if let offset = plan.starts[tp] { elems[i].offset = offset }
            }
        }
        defer {
            // Paused before the first fetch: nothing is read from them until resumed.
            if !plan.paused.isEmpty {
                let list = PartitionList(plan.paused.sorted())
                _ = rd_kafka_pause_partitions(rk, list.pointer)
            }
        }
        if cooperative {
            if let e = rd_kafka_incremental_assign(rk, partitions) {
                cb.logger.error("incremental assign failed", metadata: ["error": "\(KafkaError(consuming: e, context: "assign"))"])
            }
        } else {
            _ = rd_kafka_assign(rk, partitions)
        }
    case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
        _ = cb.onRebalance(rd_kafka_assignment_lost(rk) != 0 ? .lost(tps) : .revoked(tps))
        if cooperative {
            if let e = rd_kafka_incremental_unassign(rk, partitions) {
                cb.logger.error("incremental unassign failed", metadata: ["error": "\(KafkaError(consuming: e, context: "unassign"))"])
            }
        } else {
            _ = rd_kafka_assign(rk, nil)
        }
    default:
        cb.logger.error("rebalance error", metadata: ["error": "\(String(cString: rd_kafka_err2str(err)))"])
        _ = rd_kafka_assign(rk, nil)
        _ = cb.onRebalance(.lost(tps))
    }
}
