/// RFC 3339 timestamps ⇄ epoch milliseconds, for the readable times of scenario files
/// (`at: "2026-03-01T10:00:00Z"`) and for printing times in reports.
///
/// Why not Operators' parser: it is internal there, and Foundation's formatters are
/// locale-laden and need one configuration per fraction style. This one accepts
/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` and prints UTC with milliseconds only when
/// they are not zero.
public enum UTCTime {
    /// Epoch milliseconds of `text`, or nil if it is not an RFC 3339 timestamp.
    public static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        func num(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= b.count else { return nil }
            var v: Int64 = 0
            for c in b[from..<(from + count)] {
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int64(c - 0x30)
            }
            return v
        }
        func at(_ i: Int, _ c: Character) -> Bool { i < b.count && b[i] == c.asciiValue }
        guard let year = num(0, 4), at(4, "-"), let month = num(5, 2), at(7, "-"), let day = num(8, 2),
              at(10, "T") || at(10, "t") || at(10, " "),
              let hour = num(11, 2), at(13, ":"), let minute = num(14, 2), at(16, ":"), let second = num(17, 2),
              (1...12).contains(month), day >= 1, day <= daysIn(year: year, month: month),
              hour <= 23, minute <= 59, second <= 59 else { return nil }
        var i = 19
        var millis: Int64 = 0
        if at(i, ".") {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                if digits < 3 { millis = millis * 10 + Int64(b[i] - 0x30) }
                digits += 1; i += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 3)..<3 { millis *= 10 }
        }
        var offsetMinutes: Int64 = 0
        if at(i, "Z") || at(i, "z") {
            i += 1
        } else if at(i, "+") || at(i, "-") {
            guard let oh = num(i + 1, 2), at(i + 3, ":"), let om = num(i + 4, 2), oh <= 23, om <= 59 else { return nil }
            offsetMinutes = (at(i, "-") ? -1 : 1) * (oh * 60 + om)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return (((days * 24 + hour) * 60 + minute) * 60 + second - offsetMinutes * 60) * 1000 + millis
    }

    /// `2026-03-01T10:00:00Z`, or `2026-03-01T10:00:00.250Z` when there are milliseconds.
    public static func format(_ ms: Int64) -> String {
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let rest = ms - days * 86_400_000
        let (y, m, d) = civilFromDays(days)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let time = "\(two(rest / 3_600_000)):\(two(rest / 60_000 % 60)):\(two(rest / 1000 % 60))"
        let frac = rest % 1000 == 0 ? "" : "." + String(String(rest % 1000 + 1000).dropFirst())
        let year = String(String(y + 10_000).dropFirst())
        return "\(y >= 0 && y < 10_000 ? year : String(y))-\(two(m))-\(two(d))T\(time)\(frac)Z"
    }

    static func daysIn(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's `days_from_civil`: days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }

    /// The inverse, `civil_from_days`.
    static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
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
