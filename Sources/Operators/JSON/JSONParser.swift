/// The recursive-descent state machine behind ``JSONReader``.
///
/// A value type over an unsafe buffer so the hot loops compile to plain pointer reads;
/// all indexing is guarded by explicit `index < input.count` checks.
struct JSONParser {
    let input: UnsafeRawBufferPointer
    var index = 0
    var depth = 0
    /// Reused for strings that contain escapes, to avoid one allocation per such string.
    var scratch: [UInt8] = []
    /// ``SmallASCIIString/isAvailable``, read once per document rather than once per string.
    let smallStringsAvailable: Bool

    init(_ input: UnsafeRawBufferPointer) {
        self.init(input, smallStringsAvailable: SmallASCIIString.isAvailable)
    }

    /// `smallStringsAvailable` as read once by the caller (``JSONMemberFilter``): the global's
    /// once-check costs a runtime call per document.
    init(_ input: UnsafeRawBufferPointer, smallStringsAvailable: Bool) {
        self.input = input
        self.smallStringsAvailable = smallStringsAvailable
    }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index < input.count {
            throw JSONError(offset: index, message: "unexpected \(describeByte(at: index)) after the JSON value")
        }
        return value
    }

    mutating func parseValue() throws(JSONError) -> JSONValue {
        guard index < input.count else {
            throw JSONError(offset: index, message: "unexpected end of input, expected a value")
        }
        switch input[index] {
        case UInt8(ascii: "{"):
            return try parseObject()
        case UInt8(ascii: "["):
            return try parseArray()
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try parseLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try parseLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try parseLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case UInt8(ascii: "/"):
            throw JSONError(offset: index, message: "unexpected character '/', comments are not allowed")
        default:
            throw JSONError(offset: index, message: "unexpected \(describeByte(at: index)), expected a value")
        }
    }

    private mutating func parseObject() throws(JSONError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        // CX events have a handful of fields: reserving 8 turns four growth reallocations into one
        // allocation per object (measured in bench/micro: all 4 allocations per event were growth).
        // (`Array(unsafeUninitializedCapacity:)` is no cheaper: its allocation is not specialised
        // and cost twice as much, callgrind.)
        var fields: [(key: String, value: JSONValue)] = []
        fields.reserveCapacity(8)
        if openContainer(.object) { return .object(JSONObject(fields)) }
        while true {
            guard index < input.count, input[index] == UInt8(ascii: "\"") else {
                throw expected("string for object key")
            }
            let key = try parseMemberString()
            skipWhitespace()
            guard index < input.count, input[index] == UInt8(ascii: ":") else {
                throw expected("':' after object key")
            }
            index += 1
            skipWhitespace()
            fields.append((key: key, value: try parseMemberValue()))
            if try endOfContainer(.object) { return .object(JSONObject(fields)) }
        }
    }

    /// A member's value. String values (most of an event's) and numbers (times, amounts) go
    /// straight to their parsers: one call and one dispatch less per member than through
    /// `parseValue()`.
    @inline(__always)
    mutating func parseMemberValue() throws(JSONError) -> JSONValue {
        if index < input.count, input[index] == UInt8(ascii: "\"") {
            return .string(try parseMemberString())
        } else if index < input.count, input[index] &- UInt8(ascii: "0") < 10 || input[index] == UInt8(ascii: "-") {
            return .number(try parseNumber())
        }
        return try parseValue()
    }

    /// Steps over the opening bracket at `index` and the whitespace after it; `true` (and past
    /// the closing bracket too) if the container is empty.
    @inline(__always)
    mutating func openContainer(_ kind: JSONContainerKind) -> Bool {
        index += 1
        skipWhitespace()
        guard index < input.count, input[index] == kind.closing else { return false }
        index += 1
        return true
    }

    /// Steps over what follows an element: a `,` (`false`: another element must come) or the
    /// closing bracket (`true`: the container ends). Errors for anything else and for a
    /// trailing comma.
    @inline(__always)
    mutating func endOfContainer(_ kind: JSONContainerKind) throws(JSONError) -> Bool {
        skipWhitespace()
        guard index < input.count else { throw expected(kind.separatorWanted) }
        switch input[index] {
        case UInt8(ascii: ","):
            let comma = index
            index += 1
            skipWhitespace()
            if index < input.count, input[index] == kind.closing {
                throw JSONError(offset: comma, message: "trailing comma is not allowed in \(kind.name)")
            }
            return false
        case kind.closing:
            index += 1
            return true
        default:
            throw expected(kind.separatorWanted)
        }
    }

    /// ``parseString()`` for the keys and string values of objects, with its small-ASCII
    /// fast path inlined here: most members are such strings, and the call and its checks
    /// cost ~30 instructions per string (callgrind, events-300k: `parseObject` 539 M → 459 M
    /// for 9 strings per event). `index` is at the opening quote.
    @inline(__always)
    mutating func parseMemberString() throws(JSONError) -> String {
        if smallStringsAvailable, let string = smallASCIIString(at: index &+ 1) {
            return string
        }
        return try parseString()
    }

    private mutating func parseArray() throws(JSONError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        var elements: [JSONValue] = []
        if openContainer(.array) { return .array(elements) }
        while true {
            elements.append(try parseValue())
            if try endOfContainer(.array) { return .array(elements) }
        }
    }

    mutating func enterContainer() throws(JSONError) {
        depth += 1
        if depth > JSONReader.maxDepth {
            depth -= 1
            throw JSONError(offset: index, message: "nesting depth exceeds the limit of \(JSONReader.maxDepth)")
        }
    }

    private mutating func parseLiteral(_ literal: StaticString) throws(JSONError) {
        let start = index
        let count = literal.utf8CodeUnitCount
        let matches = literal.withUTF8Buffer { expected -> Bool in
            guard start + count <= input.count else { return false }
            for offset in 0..<count where input[start + offset] != expected[offset] {
                return false
            }
            return true
        }
        guard matches else {
            throw JSONError(offset: start, message: "invalid literal, expected '\(literal)'")
        }
        index += count
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < input.count {
            switch input[index] {
            case 0x20, 0x0A, 0x0D, 0x09:
                index += 1
            default:
                return
            }
        }
    }

    /// An "expected X" error at the current position, phrased for end of input when needed.
    func expected(_ what: String) -> JSONError {
        if index >= input.count {
            return JSONError(offset: index, message: "unexpected end of input, expected \(what)")
        }
        return JSONError(offset: index, message: "expected \(what)")
    }

    /// "character 'x'" for printable ASCII, "byte 0xNN" otherwise.
    func describeByte(at offset: Int) -> String {
        let byte = input[offset]
        if byte >= 0x20, byte < 0x7F {
            return "character '\(Character(Unicode.Scalar(byte)))'"
        }
        return "byte \(UTF8Validator.hex(byte))"
    }
}

/// An object or an array, for the steps their parsers share.
enum JSONContainerKind {
    case object, array

    var closing: UInt8 { self == .object ? UInt8(ascii: "}") : UInt8(ascii: "]") }
    /// What `expected(_:)` names when an element is followed by something else.
    var separatorWanted: String { self == .object ? "',' or '}' after object member" : "',' or ']' after array element" }
    /// For the trailing-comma error.
    var name: String { self == .object ? "an object" : "an array" }
}
