/// What a projected parse does with each top-level member (``FieldProjection``): keep it in
/// the object, capture its value for the decoder (the key and time fields, read once and not
/// kept unless a reader also reads them), or skip it. Prepared once per input, asked once per
/// member of every record.
///
/// Keys are usually small ASCII strings; two of those are equal exactly when their words are
/// (``SmallASCIIString/bits(_:)``), so the test is a compare of two words per name, on the key's
/// bytes before any `String` is made. Names and keys that are not small ASCII compare with `==`,
/// as ``JSONObject`` lookups do (canonical equivalence: the key "\u{212A}" equals the name "K",
/// and a lookup of "K" would find it).
struct JSONMemberFilter: Sendable {
    /// What happens to a member with a given name.
    struct Role: Sendable, Equatable {
        /// Stored in the object.
        var keeps = false
        /// Its value is ``JSONCaptures/key``.
        var capturesKey = false
        /// Its value is ``JSONCaptures/time``.
        var capturesTime = false
    }

    private struct SmallName: Sendable {
        let low: UInt64
        let high: UInt64
        let role: Role
    }

    /// Names that are small ASCII strings, as words.
    private let smallNames: [SmallName]
    /// Names that are not: a small ASCII key may still equal one of them.
    private let otherNames: [(name: String, role: Role)]
    /// Every name, for keys that are not small ASCII strings.
    private let allNames: [(name: String, role: Role)]
    /// The number of kept names: the most members a record keeps without duplicate keys,
    /// reserved at the first one kept.
    let capacity: Int
    /// ``SmallASCIIString/isAvailable``, read once here for the parses that use this filter.
    let smallStringsAvailable = SmallASCIIString.isAvailable

    /// Without a verified string layout (``SmallASCIIString/isAvailable``) no name has words, so
    /// every name is in `otherNames` and every test compares strings.
    init(keeping kept: Set<String>, capturingKey keyName: String?, time timeName: String?) {
        var roles: [String: Role] = [:]
        for name in kept { roles[name, default: Role()].keeps = true }
        if let keyName { roles[keyName, default: Role()].capturesKey = true }
        if let timeName { roles[timeName, default: Role()].capturesTime = true }
        var small: [SmallName] = []
        var other: [(name: String, role: Role)] = []
        for (name, role) in roles.sorted(by: { $0.key < $1.key }) {
            if let bits = SmallASCIIString.bits(name) {
                small.append(SmallName(low: bits.0, high: bits.1, role: role))
            } else {
                other.append((name, role))
            }
        }
        self.smallNames = small
        self.otherNames = other
        self.allNames = roles.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) }
        self.capacity = kept.count
    }

    /// The role of the small ASCII name with these words (``SmallASCIIString/bits(_:_:count:)``).
    @inline(__always)
    func role(small words: (UInt64, UInt64)) -> Role? {
        for name in smallNames where name.low == words.0 && name.high == words.1 {
            return name.role
        }
        return nil
    }

    /// Whether some name is not a small ASCII string: only then can a small ASCII key that
    /// ``role(small:)`` did not find still have a role, and need to be made a `String`.
    var hasOtherNames: Bool { !otherNames.isEmpty }

    /// The role of a name that is not small ASCII and equals `key` (a small ASCII key's last
    /// chance after ``role(small:)``).
    @inline(__always)
    func role(other key: String) -> Role? {
        guard !otherNames.isEmpty else { return nil }
        return otherNames.first { $0.name == key }?.role
    }

    /// The role of the member named `key` (any string).
    func role(_ key: String) -> Role? {
        allNames.first { $0.name == key }?.role
    }
}
