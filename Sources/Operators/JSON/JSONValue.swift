/// A parsed JSON document.
///
/// Numbers are stored as `Double` because every consumer in the daemon (predicates, time
/// fields, templates) works with doubles, and a single representation keeps numeric
/// comparison trivial (`1` and `1.0` are the same value). Integers beyond 2^53 lose
/// precision; keys and customer IDs reject such values instead of silently rounding them.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON encoding, so values can be quoted verbatim in diagnostics.
    public var description: String {
        String(decoding: self.encoded(), as: UTF8.self)
    }
}

extension JSONValue {
    /// The value's JSON type with an article ("a string", "an object"), for error messages
    /// such as "field 'ts' is a string, expected an epoch_ms number".
    var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
