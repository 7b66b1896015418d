import CRdKafka
import Logging

/// The broker's verdict on one produced message, matched to its cause by `token`.
public struct DeliveryReport: Sendable {
    public var token: UInt64
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    /// nil when the broker acknowledged the message.
    public var error: KafkaError?
}

/// What `produce` did with a message.
public enum ProduceResult: Sendable, Equatable {
    case enqueued
    /// librdkafka's local queue is full: serve delivery reports (`poll`) and try again.
    case queueFull
}

/// An idempotent producer with delivery reports.
///
/// Threading: `produce`, `poll` and `flush` are called from the processing thread; delivery
/// reports are handed to `onDelivery` from inside `poll`/`flush` on that thread, so the caller's
/// offset bookkeeping needs no lock.
public final class KafkaProducer {
    private let handle: OpaquePointer
    private let callbacks: ProducerCallbacks
    private var topics: [String: OpaquePointer] = [:]

    public init(properties: [(key: String, value: String)], logger: Logger,
                onDelivery: @escaping (DeliveryReport) -> Void) throws(KafkaError) {
        let callbacks = ProducerCallbacks(logger: logger, onDelivery: onDelivery)
        let rk = try ClientConfig.makeClient(
            RD_KAFKA_PRODUCER, role: "producer",
            // Idempotence: librdkafka's retries can then never duplicate or reorder a message.
            defaults: [("enable.idempotence", "true"), ("acks", "all"), ("linger.ms", "5")],
            properties: properties, callbacks: callbacks
        ) { conf in rd_kafka_conf_set_dr_msg_cb(conf, producerDeliveryCallback) }
        self.handle = rk
        self.callbacks = callbacks
    }

    deinit {
        for (_, rkt) in topics { rd_kafka_topic_destroy(rkt) }
        rd_kafka_destroy(handle)
    }

    public var fatalError: KafkaError? { callbacks.fatalError }

    /// Messages produced but not yet acknowledged (librdkafka's out-queue).
    public var outstanding: Int { Int(rd_kafka_outq_len(handle)) }

    /// Enqueues one message; librdkafka copies key, value and headers, so the caller's buffers
    /// may be reused at once. Partitioning is librdkafka's default (murmur2-compatible on key).
    /// A nil `value` produces a null value (a tombstone), distinct from an empty one.
    /// - Parameter partition: an explicit partition (a changelog record goes to its task's
    ///   partition); nil lets the partitioner choose by key.
    public func produce(topic: String, partition: Int32? = nil, key: [UInt8]?, value: [UInt8]?,
                        headers: [(key: String, value: [UInt8])] = [], token: UInt64) throws(KafkaError) -> ProduceResult {
        let rkt = try topicHandle(topic)
        let err: OpaquePointer? = withHeaders(headers) { headerVUs in
            withOptionalBytes(value) { valueBuf in
                withOptionalBytes(key) { keyBuf in
                    produceva(rkt, partition: partition, key: keyBuf, value: valueBuf, headers: headerVUs, token: token)
                }
            }
        }
        return try result(err, topic: topic)
    }

    /// ``produce(topic:partition:key:value:headers:token:)`` without headers, from borrowed bytes
    /// (librdkafka copies them before returning). A nil `value` is a tombstone.
    ///
    /// Why: the run loop produces one action per ~2 inputs; passing the customer id's UTF-8 and
    /// an action encoded into a reused buffer skips two array allocations per action.
    public func produce(topic: String, partition: Int32? = nil, key: UnsafeRawBufferPointer?,
                        value: UnsafeRawBufferPointer?, token: UInt64) throws(KafkaError) -> ProduceResult {
        let rkt = try topicHandle(topic)
        return try result(produceva(rkt, partition: partition, key: key, value: value, headers: [], token: token),
                          topic: topic)
    }

    private func produceva(_ rkt: OpaquePointer, partition: Int32?, key keyBuf: UnsafeRawBufferPointer?,
                           value valueBuf: UnsafeRawBufferPointer?, headers headerVUs: [rd_kafka_vu_t],
                           token: UInt64) -> OpaquePointer? {
        let fixed = partition == nil ? 5 : 6
        // On the stack: a heap array here was one allocation per produced message.
        return withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: fixed + headerVUs.count) { vus in
            vus.initialize(repeating: rd_kafka_vu_t())
            vus[0].vtype = RD_KAFKA_VTYPE_RKT
            vus[0].u.rkt = rkt
            vus[1].vtype = RD_KAFKA_VTYPE_VALUE
            vus[1].u.mem.ptr = valueBuf.flatMap { UnsafeMutableRawPointer(mutating: $0.baseAddress) }
            vus[1].u.mem.size = valueBuf?.count ?? 0
            vus[2].vtype = RD_KAFKA_VTYPE_KEY
            vus[2].u.mem.ptr = keyBuf.flatMap { UnsafeMutableRawPointer(mutating: $0.baseAddress) }
            vus[2].u.mem.size = keyBuf?.count ?? 0
            vus[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS
            vus[3].u.i = RD_KAFKA_MSG_F_COPY
            vus[4].vtype = RD_KAFKA_VTYPE_OPAQUE
            vus[4].u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(token))
            if let partition {
                vus[5].vtype = RD_KAFKA_VTYPE_PARTITION
                vus[5].u.i32 = partition
            }
            for (i, h) in headerVUs.enumerated() { vus[fixed + i] = h }
            return rd_kafka_produceva(handle, vus.baseAddress, vus.count)
        }
    }

    private func result(_ err: OpaquePointer?, topic: String) throws(KafkaError) -> ProduceResult {
        guard let err else { return .enqueued }
        let e = KafkaError(consuming: err, context: "produce to \(topic)")
        if e.code == RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue { return .queueFull }
        throw e
    }

    /// Serves delivery reports and errors; blocks at most `timeoutMs`.
    @discardableResult
    public func poll(timeoutMs: Int32) -> Int { Int(rd_kafka_poll(handle, timeoutMs)) }

    /// Waits until every enqueued message is acknowledged or failed, serving delivery reports.
    /// Returns false on timeout.
    public func flush(timeoutMs: Int32) -> Bool {
        rd_kafka_flush(handle, timeoutMs) == RD_KAFKA_RESP_ERR_NO_ERROR
    }

    /// Raw handle for admin requests, which librdkafka runs on any client instance.
    var rawHandle: OpaquePointer { handle }

    /// The last topic produced to and its handle: consecutive messages nearly always go to the
    /// same topic, and comparing a string with itself is cheaper than hashing it.
    private var lastTopic: (name: String, rkt: OpaquePointer)?

    private func topicHandle(_ name: String) throws(KafkaError) -> OpaquePointer {
        if let last = lastTopic, last.name == name { return last.rkt }
        let rkt = try topicHandle(lookingUp: name)
        lastTopic = (name, rkt)
        return rkt
    }

    private func topicHandle(lookingUp name: String) throws(KafkaError) -> OpaquePointer {
        if let rkt = topics[name] { return rkt }
        guard let rkt = rd_kafka_topic_new(handle, name, nil) else {
            throw KafkaError(rd_kafka_last_error(), context: "topic handle for \(name)")
        }
        topics[name] = rkt
        return rkt
    }
}

/// Builds HEADER value units whose name/value pointers stay valid for the duration of `body`.
private func withHeaders<R>(_ headers: [(key: String, value: [UInt8])], _ body: ([rd_kafka_vu_t]) -> R) -> R {
    if headers.isEmpty { return body([]) }
    // Copy names and values into one contiguous, NUL-separated arena so pointers are stable.
    var arena: [UInt8] = []
    var spans: [(name: Int, value: Int, size: Int)] = []
    for h in headers {
        let nameStart = arena.count
        arena.append(contentsOf: Array(h.key.utf8)); arena.append(0)
        let valueStart = arena.count
        arena.append(contentsOf: h.value)
        spans.append((nameStart, valueStart, h.value.count))
    }
    return arena.withUnsafeBytes { buf in
        let base = buf.baseAddress
        let vus: [rd_kafka_vu_t] = spans.map { span in
            var vu = rd_kafka_vu_t()
            vu.vtype = RD_KAFKA_VTYPE_HEADER
            vu.u.header.name = base.map { ($0 + span.name).assumingMemoryBound(to: CChar.self) }
            vu.u.header.val = base.map { UnsafeRawPointer($0 + span.value) }
            vu.u.header.size = span.size
            return vu
        }
        return body(vus)
    }
}

private func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBytes { body($0) }
}

final class ProducerCallbacks: ClientCallbacks, @unchecked Sendable {
    let onDelivery: (DeliveryReport) -> Void
    /// The topic of the last delivery report: reports come in runs of one topic, so its name is
    /// decoded from C once per run, not per message. Touched only inside `poll`/`flush`, on the
    /// owner's thread.
    var lastTopic: (rkt: OpaquePointer, name: String)?

    func topicName(_ rkt: OpaquePointer?) -> String {
        guard let rkt else { return "?" }
        if let last = lastTopic, last.rkt == rkt { return last.name }
        let name = String(cString: rd_kafka_topic_name(rkt))
        lastTopic = (rkt, name)
        return name
    }

    init(logger: Logger, onDelivery: @escaping (DeliveryReport) -> Void) {
        self.onDelivery = onDelivery
        super.init(logger: logger)
    }
}

private let producerDeliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
    _, msg, opaque in
    guard let msg, let opaque else { return }
    let cb = Unmanaged<ProducerCallbacks>.fromOpaque(opaque).takeUnretainedValue()
    let m = msg.pointee
    let topic = cb.topicName(m.rkt)
    let token = UInt64(UInt(bitPattern: m._private))
    let error: KafkaError? = m.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil
        : KafkaError(m.err, context: "delivery to \(topic)/\(m.partition)")
    cb.onDelivery(DeliveryReport(token: token, topic: topic, partition: m.partition, offset: m.offset, error: error))
}
