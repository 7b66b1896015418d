/// Appends one JSON object per line to a byte buffer, without `String` or escaping: every
/// value comes from fixed ASCII tables or numbers. This is what makes ≥ 500k events/s.
struct LineWriter {
    var bytes: [UInt8] = []

    @inline(__always)
    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    /// `,"name":"value"`; `name` is passed as `,"name":"`.
    @inline(__always)
    mutating func string(_ key: StaticString, _ value: [UInt8]) {
        raw(key); raw(value); bytes.append(UInt8(ascii: "\""))
    }

    /// `,"name":"<prefix><n>"`, e.g. an order id `o-1234`.
    @inline(__always)
    mutating func id(_ key: StaticString, _ prefix: StaticString, _ n: Int64) {
        raw(key); raw(prefix); int(n); bytes.append(UInt8(ascii: "\""))
    }

    @inline(__always)
    mutating func number(_ key: StaticString, _ n: Int64) { raw(key); int(n) }

    /// Cents as a decimal: 4999 → `49.99`.
    mutating func money(_ key: StaticString, _ cents: Int64) {
        raw(key); int(cents / 100); bytes.append(UInt8(ascii: "."))
        let c = cents % 100
        bytes.append(48 + UInt8(c / 10)); bytes.append(48 + UInt8(c % 10))
    }

    mutating func int(_ v: Int64) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var x = v.magnitude
        var div: UInt64 = 1
        while x / div >= 10 { div &*= 10 }
        while div > 0 {
            bytes.append(48 + UInt8(x / div))
            x %= div
            div /= 10
        }
    }

    /// `,"name":"2026-01-01T10:00:00Z"` (UTC, whole seconds).
    mutating func time(_ key: StaticString, _ ms: Int64) {
        raw(key)
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let (y, m, d) = Self.civil(days)
        digits(y, 4); bytes.append(UInt8(ascii: "-")); digits(m, 2); bytes.append(UInt8(ascii: "-")); digits(d, 2)
        bytes.append(UInt8(ascii: "T")); digits(rest / 3600, 2); bytes.append(UInt8(ascii: ":"))
        digits(rest / 60 % 60, 2); bytes.append(UInt8(ascii: ":")); digits(rest % 60, 2)
        raw("Z\"")
    }

    private mutating func digits(_ v: Int64, _ width: Int) {
        var div: Int64 = 1
        for _ in 1..<width { div *= 10 }
        var x = v
        while div > 0 { bytes.append(48 + UInt8(truncatingIfNeeded: x / div % 10)); x %= div; div /= 10 }
    }

    /// Howard Hinnant's `civil_from_days`.
    static func civil(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
