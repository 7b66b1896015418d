/// The event times the daemon accepts: 1970-01-01T00:00:00.000Z ... 9999-12-31T23:59:59.999Z.
///
/// A sanity bound rather than a business rule: values outside it are almost always unit
/// mistakes (seconds sent as milliseconds or vice versa, microseconds, negative sentinels)
/// and would otherwise poison windows and lateness tracking.
enum EventTimeRange {
    static let minMs: Int64 = 0
    static let maxMs: Int64 = 253_402_300_799_999

    static func contains(_ milliseconds: Int64) -> Bool {
        milliseconds >= minMs && milliseconds <= maxMs
    }

    /// Whether a floating-point millisecond count truncates into the range (checked before
    /// converting, because converting an out-of-range `Double` to `Int64` traps).
    static func contains(_ milliseconds: Double) -> Bool {
        milliseconds.isFinite && milliseconds >= Double(minMs) && milliseconds < Double(maxMs) + 1
    }
}
