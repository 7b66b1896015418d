/// A record that cannot be processed: a machine-readable reason plus a human-readable detail.
///
/// The detail names the offending field and what was expected (e.g. "field 'ts' is a string,
/// expected an epoch_ms number") because whoever reads the dead-letter topic usually owns
/// the producer, not this daemon, and must be able to fix the data without our source code.
public struct DecodeFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: DeadLetterReason
    public var detail: String

    public init(reason: DeadLetterReason, detail: String) {
        self.reason = reason
        self.detail = detail
    }

    /// `reason: detail`, e.g. `missing_key: field 'user.id' is missing`.
    public var description: String { "\(reason.rawValue): \(detail)" }
}
