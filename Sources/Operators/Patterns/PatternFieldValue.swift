/// Reads the instants and quantities pattern kinds take from event fields (absence deadlines,
/// watched values of `change`).
///
/// Times may be epoch-ms numbers or RFC 3339 strings because producers use both; reducing
/// them to epoch ms here lets deadlines and "delayed by 15 min" comparisons be plain
/// arithmetic. Failures name the field and what was expected, like ``EventDecoder`` does,
/// because whoever reads the dead-letter topic owns the producer, not this daemon.
enum PatternFieldValue {
    /// An instant in epoch ms: an epoch-ms number (fractions truncated) or an RFC 3339
    /// string, within the years 1970-9999 (see ``EventTimeRange``).
    static func instant(_ value: JSONValue, field: FieldPath) throws(DecodeFailure) -> Int64 {
        switch value {
        case .number(let milliseconds):
            guard EventTimeRange.contains(milliseconds) else {
                throw DecodeFailure(
                    reason: .invalidTime,
                    detail: "field '\(field)' value \(value) is outside the supported epoch_ms range (years 1970-9999)"
                )
            }
            return Int64(milliseconds.rounded(.towardZero))
        case .string(let text):
            return try RFC3339.fieldTime(text, field: field)
        default:
            throw DecodeFailure(
                reason: .missingField,
                detail: "field '\(field)' is \(value.kindDescription), expected an epoch_ms number or an RFC 3339 timestamp"
            )
        }
    }

    /// A finite number, or an RFC 3339 time as epoch ms, so that a change in a time field
    /// (e.g. a departure estimate) is measured in milliseconds.
    static func quantity(_ value: JSONValue, field: FieldPath) throws(DecodeFailure) -> Double {
        switch value {
        case .number(let number) where number.isFinite:
            return number
        case .string:
            return Double(try instant(value, field: field))
        default:
            throw DecodeFailure(
                reason: .missingField,
                detail: "field '\(field)' is \(value.kindDescription), expected a number or an RFC 3339 timestamp"
            )
        }
    }
}
