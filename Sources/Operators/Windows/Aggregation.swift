/// One aggregate a ``WindowTrigger`` computes per window, published under a configured name.
///
/// Every function is commutative and associative (order-insensitive), so a window's result
/// does not depend on the order in which its events arrived, and session windows can merge
/// their partial results exactly.
public enum Aggregation: Sendable, Equatable {
    /// Number of input records in the window.
    case count
    /// Sum of the numeric values of the field; other values are ignored; `null` if none.
    case sum(FieldPath)
    /// Smallest numeric value of the field; other values are ignored; `null` if none.
    case min(FieldPath)
    /// Largest numeric value of the field; other values are ignored; `null` if none.
    case max(FieldPath)
    /// Number of distinct values of the field (compared as JSON; `1` equals `1.0`); missing
    /// and `null` values are not counted, like SQL's `COUNT(DISTINCT …)`.
    case distinctCount(FieldPath)
    /// The field's value on the latest event that has the field, by (event time, topic,
    /// partition, offset); `null` if no event has it.
    case last(FieldPath)
}
