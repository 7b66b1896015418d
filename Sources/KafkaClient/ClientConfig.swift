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

    /// Creates a client: defaults first, then the caller's properties (which win), our log and
    /// error callbacks, the callback state as instance opaque, and `configure` for role-specific
    /// callbacks. `callbacks` must outlive the handle (the owner keeps it).
    static func makeClient(_ type: rd_kafka_type_t, role: String, defaults: [(key: String, value: String)],
                           properties: [(key: String, value: String)], callbacks: ClientCallbacks,
                           configure: (OpaquePointer) -> Void) throws(KafkaError) -> OpaquePointer {
        let conf = try make(defaults + properties, role: role)
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(callbacks).toOpaque())
        rd_kafka_conf_set_error_cb(conf, clientErrorCallback)
        rd_kafka_conf_set_log_cb(conf, clientLogCallback)
        configure(conf)
        var errstr = [CChar](repeating: 0, count: 512)
        guard let rk = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(message: errorString(errstr), context: "creating \(role)")
        }
        return rk
    }

    static func errorString(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return "" }
            return String(cString: base)
        }
    }
}
