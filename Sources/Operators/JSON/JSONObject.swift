/// A JSON object that keeps its members in document order.
///
/// Order is preserved (rather than using a `Dictionary`) so that re-encoding an event is
/// faithful and deterministic, and because building an array is cheaper than hashing every
/// key of every event when most events are only probed for a handful of fields. Duplicate
/// keys are kept as read; lookups return the *last* occurrence, which is what JavaScript,
/// Foundation and most JSON libraries do.
public struct JSONObject: Sendable {
    /// The members in document order, duplicates included.
    public var fields: [(key: String, value: JSONValue)]

    public init(_ fields: [(key: String, value: JSONValue)]) {
        self.fields = fields
    }

    /// The value of the last member named `key`, or `nil` if there is none.
    ///
    /// A linear scan from the end: events have tens of fields, where a scan beats hashing.
    ///
    /// Keys are usually small ASCII strings; two of those are equal exactly when their bits
    /// are (``SmallASCIIString/bits(_:)``), so a miss costs a compare of two words instead of
    /// the out-of-line `==` (callgrind: ~40 instructions per miss, 5 misses per event for the
    /// key and time lookups). Anything else goes through `==` as before (canonical
    /// equivalence: "\u{212A}" == "K", so a non-ASCII key may still equal an ASCII one).
    public subscript(key: String) -> JSONValue? {
        var index = fields.endIndex
        if let keyBits = SmallASCIIString.bits(key) {
            while index > fields.startIndex {
                fields.formIndex(before: &index)
                let candidate = fields[index].key
                let candidateBits = SmallASCIIString.unverifiedBits(candidate)
                if candidateBits == keyBits
                    || (!SmallASCIIString.isSmallASCII(candidateBits) && candidate == key)
                {
                    return fields[index].value
                }
            }
            return nil
        }
        while index > fields.startIndex {
            fields.formIndex(before: &index)
            if fields[index].key == key {
                return fields[index].value
            }
        }
        return nil
    }

    /// Follows `path` through nested objects; `nil` if any component is missing or an
    /// intermediate value is not an object. An empty path yields `nil`.
    public func value(at path: FieldPath) -> JSONValue? {
        let components = path.components
        // Top-level fields (the usual key and time fields) skip the walk and its copies.
        if components.count == 1 { return self[components[0]] }
        guard let last = components.last else { return nil }
        var current = self
        for component in components.dropLast() {
            guard case .object(let next)? = current[component] else { return nil }
            current = next
        }
        return current[last]
    }
}

extension JSONObject: Equatable {
    /// Structural equality: same members, same order. Order matters because it is observable
    /// in the encoding; with this definition `a == b` implies `a.encoded() == b.encoded()`.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.fields.count == rhs.fields.count else { return false }
        for (left, right) in zip(lhs.fields, rhs.fields) where left.key != right.key || left.value != right.value {
            return false
        }
        return true
    }
}
