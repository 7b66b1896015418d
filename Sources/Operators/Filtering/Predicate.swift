/// One condition on an event field, as written in a trigger's `where:` list.
///
/// Semantics are chosen so that filters fail closed on missing data:
/// - `equals`/`oneOf`, the numeric comparisons and `contains` are `false` when the field is
///   missing (a trigger never fires on an absent value);
/// - `notEquals`/`noneOf` are `true` when the field is missing (an absent value is indeed
///   not equal to the operand);
/// - `exists(true)` means present and not `null` (producers commonly write `null` for
///   "unset"), `exists(false)` is its negation.
///
/// Values compare structurally with no type coercion, except that numbers compare
/// numerically (`1` equals `1.0`), which falls out of storing all numbers as `Double`.
/// Field-to-field comparisons (`gt_field`, …) follow ``FieldComparison``.
public struct Predicate: Sendable, Equatable {
    public enum Test: Sendable, Equatable {
        case equals(JSONValue)
        case notEquals(JSONValue)
        case oneOf([JSONValue])
        case noneOf([JSONValue])
        case exists(Bool)
        case greaterThan(Double)
        case greaterOrEqual(Double)
        case lessThan(Double)
        case lessOrEqual(Double)
        /// Substring of a string field (case-sensitive, byte-wise on UTF-8, no Unicode
        /// normalization), or an element of an array-of-strings field.
        case contains(String)
        /// Compares the field with another field of the same event (``FieldComparison``).
        case compareField(FieldComparison, FieldPath)
    }

    public var field: FieldPath
    public var test: Test

    public init(field: FieldPath, test: Test) {
        self.field = field
        self.test = test
    }

    public func matches(_ event: Event) -> Bool {
        let value = event[field]
        if case .compareField(let comparison, let other) = test { return comparison.holds(value, event[other]) }
        return holds(for: value)
    }

    /// ``matches(_:)`` on an event that is never built: `lookup` answers each field path as
    /// the event would. A window's `having` is checked this way on every closed window, and
    /// building the result event first cost more than the rest of the close.
    public func matches(lookup: (FieldPath) -> JSONValue?) -> Bool {
        let value = lookup(field)
        if case .compareField(let comparison, let other) = test { return comparison.holds(value, lookup(other)) }
        return holds(for: value)
    }

    /// The test on the field's value (`compareField` aside, which needs the other field too).
    private func holds(for value: JSONValue?) -> Bool {
        switch test {
        case .equals(let operand):
            return value == operand
        case .notEquals(let operand):
            return value != operand
        case .oneOf(let operands):
            guard let value else { return false }
            return operands.contains(value)
        case .noneOf(let operands):
            guard let value else { return true }
            return !operands.contains(value)
        case .exists(let expected):
            let present: Bool
            switch value {
            case .none, .null?: present = false
            default: present = true
            }
            return present == expected
        case .greaterThan(let bound):
            return compare(value) { $0 > bound }
        case .greaterOrEqual(let bound):
            return compare(value) { $0 >= bound }
        case .lessThan(let bound):
            return compare(value) { $0 < bound }
        case .lessOrEqual(let bound):
            return compare(value) { $0 <= bound }
        case .contains(let needle):
            switch value {
            case .string(let haystack)?:
                return needle.isEmpty || haystack.utf8.firstRange(of: needle.utf8) != nil
            case .array(let elements)?:
                return elements.contains(.string(needle))
            default:
                return false
            }
        case .compareField:
            return false  // answered by the callers, which can read the other field
        }
    }

    /// Every field path the predicate reads: its own field and, for a field comparison, the
    /// other one (a followed_by `then` uses this to find the `start.*` fields it needs).
    public var fieldPaths: [FieldPath] {
        if case .compareField(_, let other) = test { return [field, other] }
        return [field]
    }

    @inline(__always)
    private func compare(_ value: JSONValue?, _ test: (Double) -> Bool) -> Bool {
        guard case .number(let number)? = value else { return false }
        return test(number)
    }
}
