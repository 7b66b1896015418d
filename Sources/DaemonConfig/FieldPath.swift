/// Shape check for the dotted JSON field paths used by `key_field`, `time_field`, predicates and
/// `customer_field` (`customer_id`, `order.total`).
///
/// Only the shape is checked (no empty segments); whether the field exists is a property of the
/// events, not of the config.
enum FieldPath {
    static let rule = "use field names separated by single dots, e.g. customer_id or order.total"

    static func isValid(_ path: String) -> Bool {
        !path.isEmpty && path.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty }
    }
}
