/// The values of the members a projected parse captured (the last occurrence of each name, as
/// a lookup in the full object answers); nil where the record has no such member.
///
/// The usual values have their own cases: a key that is a string is held as the `String` and
/// a time that is a plain integer (``JSONParser/plainInteger()``, at most 15 digits, so exact)
/// as the `Int64`, for the decoder to use without a ``JSONValue`` round trip. ``key`` and
/// ``time`` still give every capture as the `JSONValue` a full parse builds, for the decoder's
/// general path (its checks and dead-letter details). Replaces `JSONValue?` captures that the
/// decoder copied, matched and destroyed per record; with the decoder's wrappers inline,
/// callgrind, threshold replay of events-300k: 1,834 M → 1,765 M instructions (−3.8 %).
struct JSONCaptures {
    /// A captured key value.
    enum Key {
        case string(String)
        case value(JSONValue)

        /// The value as a full parse builds it.
        var value: JSONValue {
            switch self {
            case .string(let string): .string(string)
            case .value(let value): value
            }
        }
    }

    /// A captured time value.
    enum Time {
        case integer(Int64)
        case value(JSONValue)

        /// The value as a full parse builds it: `plainInteger()` made the integer from
        /// exactly this `Double`.
        var value: JSONValue {
            switch self {
            case .integer(let integer): .number(Double(integer))
            case .value(let value): value
            }
        }
    }

    var capturedKey: Key?
    var capturedTime: Time?

    /// The captured key, leaving nil: the decoder moves it out rather than copying it and
    /// destroying these captures' copy (~60 instructions per record, callgrind).
    @inline(__always)
    mutating func takeKey() -> Key? { capturedKey.take() }

    /// The captured time, leaving nil (see ``takeKey()``).
    @inline(__always)
    mutating func takeTime() -> Time? { capturedTime.take() }

    /// The key value as a full parse builds it.
    var key: JSONValue? {
        get { capturedKey?.value }
        set { capturedKey = newValue.map(Key.value) }
    }

    /// The time value as a full parse builds it.
    var time: JSONValue? {
        get { capturedTime?.value }
        set { capturedTime = newValue.map(Time.value) }
    }
}
