import CRdKafka

/// Builds an `rd_kafka_conf_t` from key/value properties, failing with the offending property's
/// name so a config typo (`sesion.timeout.ms`) is reported instead of silently ignored.
enum ClientConfig {
    static func make(_ properties: [(key: String, value: String)], role: String) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(message: "rd_kafka_conf_new failed", context: role)
        }
        var errstr = [CChar](repeating: 0, count: 512)
        for (key, value) in properties {
            let res = rd_kafka_conf_set(conf, key, value, &errstr, errstr.count)
            if res != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw KafkaError(message: errorString(errstr), context: "\(role) property '\(key)'")
            }
        }
        return conf
    }

    static func errorString(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return "" }
            return String(cString: base)
        }
    }
}
