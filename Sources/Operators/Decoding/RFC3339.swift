/// A hand-written RFC 3339 timestamp parser producing epoch milliseconds.
///
/// Not Foundation's `DateFormatter`/`ISO8601DateFormatter`: they are slow (locale and
/// calendar machinery on every call), not `Sendable`, and lenient in ways we do not want.
///
/// Accepted: `YYYY-MM-DD`, a `T` (or `t`, or a space as RFC 3339 §5.6 permits), `HH:MM:SS`,
/// an optional fraction of any length (truncated to milliseconds), then `Z`/`z` or a numeric
/// offset `±HH:MM`. Day-of-month is checked against the calendar (leap years included). A
/// leap second (`:60`) is accepted and counted as second 59, since epoch time has no slot
/// for it.
enum RFC3339 {
    struct ParseError: Error {
        var reason: String
    }

    static func epochMillis(_ text: String) throws(ParseError) -> Int64 {
        var text = text
        let result: Result<Int64, ParseError> = text.withUTF8 { bytes in
            do throws(ParseError) {
                return .success(try epochMillis(bytes))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    static func epochMillis(_ bytes: UnsafeBufferPointer<UInt8>) throws(ParseError) -> Int64 {
        var reader = Reader(bytes: bytes)
        let year = try reader.digits(4, "year")
        try reader.expect(UInt8(ascii: "-"), "'-' after the year")
        let month = try reader.digits(2, "month")
        try reader.expect(UInt8(ascii: "-"), "'-' after the month")
        let day = try reader.digits(2, "day")
        guard reader.consume(UInt8(ascii: "T")) || reader.consume(UInt8(ascii: "t"))
            || reader.consume(UInt8(ascii: " "))
        else { throw ParseError(reason: "expected 'T' between date and time") }
        let hour = try reader.digits(2, "hour")
        try reader.expect(UInt8(ascii: ":"), "':' after the hour")
        let minute = try reader.digits(2, "minute")
        try reader.expect(UInt8(ascii: ":"), "':' after the minute")
        let second = try reader.digits(2, "second")

        var millisecond: Int64 = 0
        if reader.consume(UInt8(ascii: ".")) {
            var fractionDigits = 0
            while let digit = reader.digit() {
                if fractionDigits < 3 { millisecond = millisecond * 10 + digit }
                fractionDigits += 1
            }
            guard fractionDigits > 0 else { throw ParseError(reason: "expected digits after '.'") }
            if fractionDigits < 3 {
                for _ in fractionDigits..<3 { millisecond *= 10 }
            }
        }

        var offsetMinutes: Int64 = 0
        if reader.consume(UInt8(ascii: "Z")) || reader.consume(UInt8(ascii: "z")) {
            offsetMinutes = 0
        } else if let sign = reader.sign() {
            let offsetHour = try reader.digits(2, "offset hour")
            try reader.expect(UInt8(ascii: ":"), "':' in the UTC offset")
            let offsetMinute = try reader.digits(2, "offset minute")
            guard offsetHour <= 23 else { throw ParseError(reason: "offset hour out of range") }
            guard offsetMinute <= 59 else { throw ParseError(reason: "offset minute out of range") }
            offsetMinutes = sign * (offsetHour * 60 + offsetMinute)
        } else {
            throw ParseError(reason: "expected 'Z' or a UTC offset like +02:00")
        }
        guard reader.atEnd else { throw ParseError(reason: "unexpected characters after the UTC offset") }

        guard (1...12).contains(month) else { throw ParseError(reason: "month out of range") }
        guard day >= 1, day <= daysInMonth(year: year, month: month) else {
            throw ParseError(reason: "day out of range for the month")
        }
        guard hour <= 23 else { throw ParseError(reason: "hour out of range") }
        guard minute <= 59 else { throw ParseError(reason: "minute out of range") }
        guard second <= 60 else { throw ParseError(reason: "second out of range") }

        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = ((days * 24 + hour) * 60 + minute) * 60 + min(second, 59) - offsetMinutes * 60
        return seconds * 1000 + millisecond
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's
    /// `days_from_civil`), exact for every year this parser can read.
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    /// Cursor over the timestamp's bytes.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func digit() -> Int64? {
            guard index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") else {
                return nil
            }
            defer { index += 1 }
            return Int64(bytes[index] - UInt8(ascii: "0"))
        }

        mutating func digits(_ count: Int, _ what: String) throws(ParseError) -> Int64 {
            var value: Int64 = 0
            for _ in 0..<count {
                guard let digit = digit() else { throw ParseError(reason: "expected \(count) digits for the \(what)") }
                value = value * 10 + digit
            }
            return value
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(ParseError) {
            guard consume(byte) else { throw ParseError(reason: "expected \(what)") }
        }

        /// Consumes `+` or `-` and returns 1 or -1.
        mutating func sign() -> Int64? {
            if consume(UInt8(ascii: "+")) { return 1 }
            if consume(UInt8(ascii: "-")) { return -1 }
            return nil
        }
    }
}

extension RFC3339 {
    /// Parses an RFC 3339 field value into epoch ms within the supported range, or fails with a
    /// dead-letter-ready `invalid_time` naming the field. Shared by event-time decoding and the
    /// patterns that read times from fields (deadlines, departure estimates).
    static func fieldTime(_ text: String, field: FieldPath) throws(DecodeFailure) -> Int64 {
        let milliseconds: Int64
        do {
            milliseconds = try epochMillis(text)
        } catch {
            throw DecodeFailure(
                reason: .invalidTime,
                detail: "field '\(field)' value \(quotedForDetail(text)) is not an RFC 3339 timestamp: \(error.reason)"
            )
        }
        guard EventTimeRange.contains(milliseconds) else {
            throw DecodeFailure(
                reason: .invalidTime,
                detail: "field '\(field)' value \(quotedForDetail(text)) is outside the supported range (years 1970-9999)"
            )
        }
        return milliseconds
    }

    /// The value JSON-quoted and cut to 64 characters, so a huge bogus string cannot bloat
    /// every dead letter.
    static func quotedForDetail(_ text: String) -> String {
        let limit = 64
        guard text.count > limit else { return JSONValue.string(text).description }
        return JSONValue.string(String(text.prefix(limit))).description + "…"
    }
}
