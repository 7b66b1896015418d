/// A dotted path into an event's JSON, e.g. `order.total` → `["order", "total"]`.
///
/// Parsed once at configuration time so per-event lookups only walk pre-split components.
/// Paths navigate nested objects only (no array indexing), matching what templates can
/// address with `{{order.total}}`. A dot cannot be part of a field name.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    public let components: [String]

    /// Splits `dotted` at every `.`; empty components are kept, so `"a..b"` addresses a field
    /// named `""` and a config validator can reject it with a precise message.
    public init(_ dotted: String) {
        self.components = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    public init(components: [String]) {
        self.components = components
    }

    /// The dotted form, as written in configuration and quoted in error details.
    public var description: String { components.joined(separator: ".") }
}

extension FieldPath: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self.init(value)
    }
}
