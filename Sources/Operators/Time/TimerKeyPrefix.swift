/// A timer queue's key order without comparing `String`s: many timers share a due time (every
/// window of a tumbling size ends at the same instant), so the heap's tie-break on the key ran a
/// full `String` comparison (Unicode-aware, out of line) at every sift step.
///
/// The first 16 UTF-8 bytes of the key, big-endian in two words, compare exactly like the keys
/// do when both are ASCII there: `String <` orders NFC-normalised scalars, ASCII is its own NFC,
/// and an ASCII character is never changed by its neighbours as long as the next character is
/// ASCII too (a combining mark after it could compose with it, hence the look at byte 16).
/// Anything else (a non-ASCII prefix, or equal prefixes) falls back to comparing the strings,
/// so the order — and with it the byte-identical replay output — is exactly the old one.
struct TimerKeyPrefix: Sendable, Equatable {
    var high: UInt64 = 0
    var low: UInt64 = 0
    /// Whether the words may decide the order (else the strings must).
    var isExact = false

    init(_ key: String) {
        var key = key
        key.withUTF8 { bytes in
            let n = bytes.count
            let covered = Swift.min(n, 16)
            // An ASCII byte 16 (or the end of the key) keeps bytes 0..<16 stable under NFC.
            guard n <= 16 || bytes[16] < 0x80 else { return }
            var high: UInt64 = 0, low: UInt64 = 0
            for i in 0..<covered {
                let b = bytes[i]
                guard b < 0x80 else { return }
                if i < 8 {
                    high |= UInt64(b) << (8 * (7 - UInt64(i)))
                } else {
                    low |= UInt64(b) << (8 * (15 - UInt64(i)))
                }
            }
            self.high = high
            self.low = low
            isExact = true
        }
    }

    /// `a < b` if the prefixes decide it, `nil` if the full keys must be compared.
    @inline(__always)
    static func order(_ a: TimerKeyPrefix, _ b: TimerKeyPrefix) -> Bool? {
        guard a.isExact && b.isExact else { return nil }
        if a.high != b.high { return a.high < b.high }
        if a.low != b.low { return a.low < b.low }
        return nil
    }
}
