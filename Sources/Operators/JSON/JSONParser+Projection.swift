extension JSONParser {
    /// ``parseDocument()`` where a top-level object keeps only the members `filter` keeps
    /// (nested objects keep all theirs) and puts the values it captures in `captures`. Every
    /// member is still parsed and validated in the same order, so the same documents are
    /// accepted and the same errors thrown. Inline in ``JSONReader``'s entry point: one call
    /// less per record.
    @inline(__always)
    mutating func parseDocument(keeping filter: JSONMemberFilter,
                                captures: inout JSONCaptures) throws(JSONError) -> JSONValue {
        skipWhitespace()
        let value: JSONValue
        if index < input.count, input[index] == UInt8(ascii: "{") {
            value = try parseProjectedObject(filter, &captures)
        } else {
            value = try parseValue()
        }
        skipWhitespace()
        if index < input.count {
            throw JSONError(offset: index, message: "unexpected \(describeByte(at: index)) after the JSON value")
        }
        return value
    }

    /// `parseObject()`'s loop (same checks, same order, same errors) storing only kept members.
    /// A dropped member's key is compared as bytes and its value skipped without building a
    /// `String` when it is a small ASCII string; anything else is parsed and discarded, which
    /// validates it exactly as a full parse does. An object keeping nothing allocates nothing.
    /// Its own loop (sharing the value and separator steps) rather than a parameter of
    /// `parseObject()`'s, so the full parse stays as measured.
    ///
    /// The steps between members have their compact forms inline (`:` right after a key,
    /// `,"` or `}` right after a value; anything else, whitespace included, takes the shared
    /// general steps), and a value only captured is parsed straight into its capture (not
    /// copied there and destroyed), its plain-integer step inline: the general separator step
    /// was a call of ~58 instructions per member. Callgrind, threshold replay of events-300k:
    /// this loop with the separator and number steps it called 1,556 → 1,159 instructions per
    /// event; the whole replay 2,252 M → 2,079 M. The step helpers are `@_transparent`:
    /// this loop is large enough that the optimizer left `@inline(__always)` ones as calls
    /// (`endOfContainer(_:)` was one); transparent functions are inlined before optimizing.
    private mutating func parseProjectedObject(_ filter: JSONMemberFilter,
                                               _ captures: inout JSONCaptures) throws(JSONError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        var fields: [(key: String, value: JSONValue)] = []
        if openContainer(.object) { return .object(JSONObject(fields)) }
        while true {
            guard index < input.count, input[index] == UInt8(ascii: "\"") else {
                throw expected("string for object key")
            }
            switch try memberRole(filter) {
            case .dropped:
                try stepOverColon()
                try skipMemberValue()
            case .captured(let role) where role.capturesKey != role.capturesTime:
                try stepOverColon()
                if role.capturesKey {
                    captures.capturedKey = try parseCapturedKey()
                } else {
                    captures.capturedTime = try parseCapturedTime()
                }
            case .captured(let role):
                try storeMember(nil, role, &fields, &captures, capacity: filter.capacity)
            case .kept(let key, let role):
                try storeMember(key, role, &fields, &captures, capacity: filter.capacity)
            }
            if try endOfMember() { return .object(JSONObject(fields)) }
        }
    }

    /// The colon and value of a member that is kept (`key` not nil) or captured as both key
    /// and time. Out of line: the loop above is at the optimizer's inlining limits, and with
    /// this inline it stopped inlining buffer reads (callgrind).
    @inline(never)
    private mutating func storeMember(_ key: String?, _ role: JSONMemberFilter.Role,
                                      _ fields: inout [(key: String, value: JSONValue)],
                                      _ captures: inout JSONCaptures, capacity: Int) throws(JSONError) {
        try stepOverColon()
        let value = try parseCapturedValue()
        if role.capturesKey { captures.key = value }
        if role.capturesTime { captures.time = value }
        if let key {
            if fields.isEmpty { fields.reserveCapacity(capacity) }
            fields.append((key: key, value: value))
        }
    }

    /// Steps over the `:` after a member key and the whitespace after it: the `skipWhitespace()`,
    /// check and step of `parseObject()`, with a `:` right after the key checked first.
    @_transparent
    private mutating func stepOverColon() throws(JSONError) {
        if index < input.count, input[index] == UInt8(ascii: ":") {
            index &+= 1
        } else {
            skipWhitespace()
            guard index < input.count, input[index] == UInt8(ascii: ":") else {
                throw expected("':' after object key")
            }
            index += 1
        }
        skipWhitespace()
    }

    /// ``endOfContainer(_:)`` for an object, with its usual cases decided here: a `}` right
    /// after the value, or a `,` followed right away by the next key's quote (no whitespace, so
    /// no trailing comma). Everything else, errors included, goes to the shared step.
    @_transparent
    private mutating func endOfMember() throws(JSONError) -> Bool {
        if index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "}") {
                index &+= 1
                return true
            }
            if byte == UInt8(ascii: ","), index &+ 1 < input.count, input[index &+ 1] == UInt8(ascii: "\"") {
                index &+= 1
                return false
            }
        }
        return try endOfContainer(.object)
    }

    /// ``parseMemberValue()`` for a captured member, with the plain-integer step of
    /// ``parseNumber()`` inline: a time field is usually such an integer.
    @_transparent
    private mutating func parseCapturedValue() throws(JSONError) -> JSONValue {
        if index < input.count, input[index] &- UInt8(ascii: "0") < 10 || input[index] == UInt8(ascii: "-"),
            let integer = plainInteger() {
            return .number(integer)
        }
        return try parseMemberValue()
    }

    /// The value of a member captured only as the key: a string as the `String`
    /// (``parseMemberValue()``'s string step), anything else as its `JSONValue`.
    @_transparent
    private mutating func parseCapturedKey() throws(JSONError) -> JSONCaptures.Key {
        if index < input.count, input[index] == UInt8(ascii: "\"") {
            return .string(try parseMemberString())
        }
        return .value(try parseMemberValue())
    }

    /// The value of a member captured only as the time: a plain integer as the `Int64` (exact:
    /// at most 15 digits), anything else as its `JSONValue`, parsed as ``parseMemberValue()``
    /// parses it.
    @_transparent
    private mutating func parseCapturedTime() throws(JSONError) -> JSONCaptures.Time {
        if index < input.count, input[index] &- UInt8(ascii: "0") < 10 || input[index] == UInt8(ascii: "-"),
            let integer = plainInteger() {
            return .integer(Int64(integer))
        }
        return .value(try parseMemberValue())
    }

    /// What a projected parse does with one member: its key decides.
    private enum MemberKey {
        /// No role: the value is validated and skipped.
        case dropped
        /// Captured only: the key is not needed as a `String`.
        case captured(JSONMemberFilter.Role)
        /// Stored in the object (and maybe captured too).
        case kept(String, JSONMemberFilter.Role)
    }

    /// The member key at `index` (its opening quote) and what to do with its member; `index`
    /// moves past the key either way. The key is made a `String` only if kept, or if a small
    /// ASCII key must still be compared with names that are not small ASCII; an enum rather
    /// than an optional key so that the dropped and captured cases hold no `String` to release
    /// (two runtime calls per event). Errors are ``parseString()``'s.
    @inline(__always)
    private mutating func memberRole(_ filter: JSONMemberFilter) throws(JSONError) -> MemberKey {
        if smallStringsAvailable, let words = smallASCIIWords(at: index &+ 1) {
            if let role = filter.role(small: SmallASCIIString.bits(words.low, words.high, count: words.count)) {
                return role.keeps ? .kept(SmallASCIIString.make(words.low, words.high, count: words.count), role) : .captured(role)
            }
            guard filter.hasOtherNames else { return .dropped }
            return Self.memberKey(SmallASCIIString.make(words.low, words.high, count: words.count), filter.role(other:))
        }
        return Self.memberKey(try parseString(), filter.role(_:))
    }

    /// The ``MemberKey`` of `key` given its role lookup.
    private static func memberKey(_ key: String, _ role: (String) -> JSONMemberFilter.Role?) -> MemberKey {
        guard let role = role(key) else { return .dropped }
        return role.keeps ? .kept(key, role) : .captured(role)
    }

    /// Steps over a member value, validating it as `parseObject()` would parse it.
    @inline(__always)
    private mutating func skipMemberValue() throws(JSONError) {
        guard index < input.count else {
            _ = try parseValue()  // throws "unexpected end of input, expected a value"
            return
        }
        let byte = input[index]
        if byte == UInt8(ascii: "\"") {
            if smallStringsAvailable, smallASCIIWords(at: index &+ 1) != nil { return }
            _ = try parseString()
        } else if byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "-") {
            try skipNumber()
        } else {
            _ = try parseValue()
        }
    }
}
