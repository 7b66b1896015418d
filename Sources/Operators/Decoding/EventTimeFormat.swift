/// How an event's time is represented in the input.
///
/// Event time (not processing time) drives everything time-based downstream, so each input
/// declares where it lives and how it is encoded.
public enum EventTimeFormat: Sendable, Equatable {
    /// A JSON number of milliseconds since the Unix epoch; fractions are truncated.
    case epochMillis
    /// A JSON number of seconds since the Unix epoch; fractional seconds keep milliseconds.
    case epochSeconds
    /// A JSON string such as `2026-11-26T17:11:59.250+02:00`.
    case rfc3339
    /// The Kafka record timestamp, for producers that put no time in the payload.
    case kafkaTimestamp
}

extension EventTimeFormat {
    /// The name used in configuration files, quoted in dead-letter details.
    var configName: String {
        switch self {
        case .epochMillis: return "epoch_ms"
        case .epochSeconds: return "epoch_s"
        case .rfc3339: return "rfc3339"
        case .kafkaTimestamp: return "kafka"
        }
    }
}
