import CRdKafka

/// Topic administration the daemon needs at start: create what is missing.
public enum KafkaAdmin {
    /// Creates each topic that does not exist yet; an existing topic is not an error.
    /// - Parameter configs: topic configs for every created topic (e.g. `cleanup.policy=compact`).
    public static func createTopics(_ names: [String], partitions: Int, replicationFactor: Int,
                                    configs: [(key: String, value: String)] = [],
                                    using producer: KafkaProducer, timeoutMs: Int32 = 10_000) throws(KafkaError) {
        guard !names.isEmpty else { return }
        let rk = producer.rawHandle
        var errstr = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { for t in newTopics { rd_kafka_NewTopic_destroy(t) } }
        for name in names {
            guard let nt = rd_kafka_NewTopic_new(name, Int32(partitions), Int32(replicationFactor), &errstr, errstr.count) else {
                throw KafkaError(message: ClientConfig.errorString(errstr), context: "create topic \(name)")
            }
            newTopics.append(nt)
            for (key, value) in configs {
                let err = rd_kafka_NewTopic_set_config(nt, key, value)
                if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err, context: "create topic \(name): config \(key)=\(value)") }
            }
        }
        guard let queue = rd_kafka_queue_new(rk) else {
            throw KafkaError(message: "rd_kafka_queue_new failed", context: "create topics")
        }
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMs, &errstr, errstr.count)
        newTopics.withUnsafeMutableBufferPointer { buf in
            rd_kafka_CreateTopics(rk, buf.baseAddress, buf.count, options, queue)
        }
        guard let event = rd_kafka_queue_poll(queue, timeoutMs + 2_000) else {
            throw KafkaError(message: "timed out", context: "create topics \(names.joined(separator: ","))")
        }
        defer { rd_kafka_event_destroy(event) }
        let evErr = rd_kafka_event_error(event)
        if evErr != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(evErr, context: "create topics \(names.joined(separator: ","))")
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else { return }
        var count = 0
        guard let topics = rd_kafka_CreateTopics_result_topics(result, &count) else { return }
        for i in 0..<count {
            guard let t = topics[i] else { continue }
            let err = rd_kafka_topic_result_error(t)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS {
                let name = String(cString: rd_kafka_topic_result_name(t))
                let msg = rd_kafka_topic_result_error_string(t).map { String(cString: $0) } ?? ""
                throw KafkaError(code: err.rawValue, message: msg, context: "create topic \(name)")
            }
        }
    }
}
