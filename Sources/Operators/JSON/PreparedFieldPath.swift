/// A ``FieldPath`` prepared once for lookups in many objects: the decoder's key and time fields,
/// looked up in every event.
///
/// Why: ``JSONObject/value(at:)`` re-derives on every call what is constant for a path (that
/// it has one component, that component's small-string words, the check that the layout was
/// verified) and retains and releases the path's component array; for the two lookups of an
/// event that came to ~200 instructions each (callgrind, events-300k). A prepared
/// one-component path whose name is a small ASCII string costs a compare of two words per
/// member. Results are exactly those of `value(at: path)`.
struct PreparedFieldPath: Sendable {
    let path: FieldPath
    /// The words of the single component when it is a small ASCII string, else `nil`.
    private let smallKey: SmallKey?

    private struct SmallKey: Sendable {
        let low: UInt64
        let high: UInt64
    }

    init(_ path: FieldPath) {
        self.path = path
        if path.components.count == 1, let bits = SmallASCIIString.bits(path.components[0]) {
            smallKey = SmallKey(low: bits.0, high: bits.1)
        } else {
            smallKey = nil
        }
    }

    /// The value at this path in `object`, `nil` if absent: `object.value(at: path)`.
    @inline(__always)
    func value(in object: JSONObject) -> JSONValue? {
        guard let smallKey else { return object.value(at: path) }
        return object.lastValue(smallKey: (smallKey.low, smallKey.high), name: path.components)
    }
}

extension JSONObject {
    /// The value of the last member whose key has the small-ASCII words `keyBits`, the words of
    /// `name[0]`: the scan of ``subscript(_:)`` without re-deriving the words. `name` is the
    /// path's component array, passed on so a non-small candidate can still be compared with
    /// `==` (canonical equivalence) without a copy of the string.
    @inline(__always)
    func lastValue(smallKey keyBits: (UInt64, UInt64), name: [String]) -> JSONValue? {
        var index = fields.endIndex
        while index > fields.startIndex {
            index &-= 1
            let candidateBits = SmallASCIIString.unverifiedBits(fields[index].key)
            if candidateBits == keyBits
                || (!SmallASCIIString.isSmallASCII(candidateBits) && fields[index].key == name[0])
            {
                return fields[index].value
            }
        }
        return nil
    }
}
