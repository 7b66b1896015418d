import CRdKafka

/// An error from librdkafka or from our use of it, carrying enough context (operation, topic,
/// partition, property name) to act on without reading the code.
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// librdkafka's `rd_kafka_resp_err_t` raw value; 0 when the error is ours (e.g. a bad property).
    public var code: Int32
    public var message: String
    public var context: String
    /// librdkafka marks some errors fatal: the client instance cannot be used any more.
    public var isFatal: Bool

    public init(code: Int32 = 0, message: String, context: String, isFatal: Bool = false) {
        self.code = code; self.message = message; self.context = context; self.isFatal = isFatal
    }

    init(_ err: rd_kafka_resp_err_t, context: String) {
        self.code = err.rawValue
        self.message = String(cString: rd_kafka_err2str(err))
        self.context = context
        self.isFatal = false
    }

    /// Takes ownership of an `rd_kafka_error_t` and destroys it.
    init(consuming error: OpaquePointer, context: String) {
        self.code = rd_kafka_error_code(error).rawValue
        self.message = String(cString: rd_kafka_error_string(error))
        self.isFatal = rd_kafka_error_is_fatal(error) != 0
        self.context = context
        rd_kafka_error_destroy(error)
    }

    public var description: String {
        "\(context): \(message)" + (code != 0 ? " (code \(code))" : "") + (isFatal ? " [fatal]" : "")
    }
}

/// librdkafka's version, read at run time from the library actually loaded (not the headers).
public enum Librdkafka {
    public static var versionString: String { String(cString: rd_kafka_version_str()) }
    /// `0xMMmmrrpp` as librdkafka encodes it.
    public static var version: Int { Int(rd_kafka_version()) }
    /// 2.1 is the first release that parses flexible-version (tagged field) ApiVersions replies
    /// correctly; older ones cannot talk to some brokers (e.g. Tansu).
    public static var isAtLeast2_1: Bool { version >= 0x0201_0000 }
}
