import CRdKafka
import Logging

/// Shared base of the per-instance callback state: routes librdkafka's logs and errors into
/// swift-log (stderr), so stdout stays reserved for metrics.
class ClientCallbacks: @unchecked Sendable {
    let logger: Logger
    /// Written only from the error callback, which librdkafka serves from `poll` on the owner's thread.
    var fatalError: KafkaError?
    init(logger: Logger) { self.logger = logger }
}

let clientErrorCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
    rk, err, reason, opaque in
    guard let opaque else { return }
    let cb = Unmanaged<ClientCallbacks>.fromOpaque(opaque).takeUnretainedValue()
    let text = reason.map { String(cString: $0) } ?? ""
    let code = rd_kafka_resp_err_t(rawValue: err)
    if code == RD_KAFKA_RESP_ERR__FATAL, let rk {
        var buf = [CChar](repeating: 0, count: 512)
        let orig = rd_kafka_fatal_error(rk, &buf, buf.count)
        let e = KafkaError(code: orig.rawValue, message: ClientConfig.errorString(buf), context: "client", isFatal: true)
        cb.fatalError = e
        cb.logger.critical("fatal librdkafka error", metadata: ["error": "\(e)"])
    } else if code == RD_KAFKA_RESP_ERR__TRANSPORT || code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN {
        cb.logger.warning("broker connection", metadata: ["error": "\(text)"])
    } else {
        cb.logger.error("librdkafka error", metadata: ["code": "\(err)", "error": "\(text)"])
    }
}

let clientLogCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
    rk, level, fac, buf in
    guard let rk, let opaque = rd_kafka_opaque(rk) else { return }
    let cb = Unmanaged<ClientCallbacks>.fromOpaque(opaque).takeUnretainedValue()
    let message = "\(fac.map { String(cString: $0) } ?? ""): \(buf.map { String(cString: $0) } ?? "")"
    switch level {
    case ...3: cb.logger.error("\(message)")
    case 4: cb.logger.warning("\(message)")
    case 5, 6: cb.logger.info("\(message)")
    default: cb.logger.debug("\(message)")
    }
}
