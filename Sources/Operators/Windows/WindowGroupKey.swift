/// The key a ``WindowTrigger`` aggregates by: a `group_by` field or the event key.
///
/// Accepts what event keys accept (a non-empty string, or an exact integer rendered in
/// decimal) so that `group_by: customer_id` behaves the same whether producers send the ID as
/// `"42"` or `42`. Anything else is a data problem reported as `missing_field` with the field
/// named, so the producer's owner can fix it from the dead-letter record alone.
enum WindowGroupKey {
    static func of(_ event: Event, groupBy: FieldPath?) throws(DecodeFailure) -> String {
        guard let groupBy else { return event.key }
        switch event[groupBy] {
        case .string(let string)? where !string.isEmpty:
            return string
        case .number(let number)?:
            guard let integer = number.exactInteger else {
                throw failure(groupBy, "is \(JSONValue.number(number)), expected a string or integer group key")
            }
            return String(integer)
        case nil:
            throw failure(groupBy, "is missing")
        case .null?:
            throw failure(groupBy, "is null")
        case .string?:
            throw failure(groupBy, "is an empty string")
        case let value?:
            throw failure(groupBy, "is \(value.kindDescription), expected a string or integer group key")
        }
    }

    private static func failure(_ field: FieldPath, _ problem: String) -> DecodeFailure {
        DecodeFailure(reason: .missingField, detail: "group_by field '\(field)' \(problem)")
    }
}
