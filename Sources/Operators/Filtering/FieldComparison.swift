/// Compares two fields of one event (`{field: ts, gt_field: promised_delivery}`), so a rule can
/// say "delivered after the promise" without the producer computing a `late` flag.
///
/// Both values are reduced to one domain before comparing, and anything that does not fit one
/// domain is `false` (fail closed, like the constant comparisons):
/// - two numbers compare as numbers;
/// - two instants compare as instants: an RFC 3339 string (any offset) or an epoch-ms number,
///   so `"2026-01-03T18:00:00+01:00"` equals `"2026-01-03T12:00:00-05:00"` and `1767459600000`;
///   a number is only taken as an instant when the other side is an RFC 3339 string;
/// - two other strings are only ever `equals` (there is no meaningful order between an order
///   id and a store name), and two booleans likewise;
/// - a missing or `null` side, or mismatched types, is `false` for every operator.
public enum FieldComparison: Sendable, Equatable {
    case equals, greaterThan, greaterOrEqual, lessThan, lessOrEqual

    /// Whether `left <op> right` holds under the rules above.
    public func holds(_ left: JSONValue?, _ right: JSONValue?) -> Bool {
        guard let left, let right else { return false }
        switch (left, right) {
        case (.number(let l), .number(let r)):
            return compare(l, r)
        case (.string(let l), .string(let r)):
            if let lt = Self.instant(l), let rt = Self.instant(r) { return compare(lt, rt) }
            return self == .equals && l == r
        case (.number(let l), .string(let r)):
            guard let rt = Self.instant(r), EventTimeRange.contains(l) else { return false }
            return compare(Int64(l.rounded(.towardZero)), rt)
        case (.string(let l), .number(let r)):
            guard let lt = Self.instant(l), EventTimeRange.contains(r) else { return false }
            return compare(lt, Int64(r.rounded(.towardZero)))
        case (.bool(let l), .bool(let r)):
            return self == .equals && l == r
        default:
            return false
        }
    }

    private func compare<T: Comparable>(_ left: T, _ right: T) -> Bool {
        switch self {
        case .equals: left == right
        case .greaterThan: left > right
        case .greaterOrEqual: left >= right
        case .lessThan: left < right
        case .lessOrEqual: left <= right
        }
    }

    /// An RFC 3339 string as epoch ms; `nil` for any other string (it is then compared as text).
    private static func instant(_ text: String) -> Int64? {
        try? RFC3339.epochMillis(text)
    }
}
