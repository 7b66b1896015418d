extension JSONParser {
    /// ``parseDocument()`` where a top-level object keeps only the members `filter` keeps
    /// (nested objects keep all theirs) and puts the values it captures in `captures`. Every
    /// member is still parsed and validated in the same order, so the same documents are
    /// accepted and the same errors thrown.
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
            let member = try memberRole(filter)
            skipWhitespace()
            guard index < input.count, input[index] == UInt8(ascii: ":") else {
                throw expected("':' after object key")
            }
            index += 1
            skipWhitespace()
            if let member {
                let value = try parseMemberValue()
                if member.role.capturesKey { captures.key = value }
                if member.role.capturesTime { captures.time = value }
                if member.role.keeps {
                    if fields.isEmpty { fields.reserveCapacity(filter.capacity) }
                    fields.append((key: member.key, value: value))
                }
            } else {
                try skipMemberValue()
            }
            if try endOfContainer(.object) { return .object(JSONObject(fields)) }
        }
    }

    /// The member key at `index` (its opening quote) and its role if `filter` has one, else
    /// nil; `index` moves past the key either way. The key is made a `String` only if kept.
    /// Errors are ``parseString()``'s.
    @inline(__always)
    private mutating func memberRole(_ filter: JSONMemberFilter) throws(JSONError) -> (key: String, role: JSONMemberFilter.Role)? {
        if smallStringsAvailable, let words = smallASCIIWords(at: index &+ 1) {
            if let role = filter.role(small: SmallASCIIString.bits(words.low, words.high, count: words.count)) {
                return (role.keeps ? SmallASCIIString.make(words.low, words.high, count: words.count) : "", role)
            }
            let key = SmallASCIIString.make(words.low, words.high, count: words.count)
            return filter.role(other: key).map { (key, $0) }
        }
        let key = try parseString()
        return filter.role(key).map { (key, $0) }
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
            _ = try parseNumber()
        } else {
            _ = try parseValue()
        }
    }
}
