extension JSONParser {
    /// Parses a string starting at the opening quote.
    ///
    /// Fast path: strings without escapes are validated in place and turned into a `String`
    /// with a single copy. Strings with escapes are unescaped into the reusable `scratch`.
    mutating func parseString() throws(JSONError) -> String {
        let openingQuote = index
        index += 1
        let start = index
        if smallStringsAvailable, let string = smallASCIIString(at: start) {
            return string
        }
        // Fast scan over printable ASCII in a local index: the common string (keys, IDs, enum
        // values) ends here with one check per byte; anything else continues in the loop below.
        var scan = start
        let count = input.count
        while scan < count {
            let byte = input[scan]
            if byte == UInt8(ascii: "\"") {
                index = scan + 1
                return makeString(start..<scan)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            scan += 1
        }
        index = scan
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "\"") {
                let string = makeString(start..<index)
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(openingQuote: openingQuote, start: start)
            }
            try advanceOverStringByte(byte)
        }
        throw JSONError(offset: openingQuote, message: "unterminated string")
    }

    /// Steps over one unescaped character: ASCII, or a validated multi-byte UTF-8 sequence.
    @inline(__always)
    private mutating func advanceOverStringByte(_ byte: UInt8) throws(JSONError) {
        if byte < 0x20 {
            throw JSONError(
                offset: index,
                message: "control character \(UTF8Validator.hex(byte)) must be escaped in a string"
            )
        }
        if byte < 0x80 {
            index += 1
        } else {
            index += try UTF8Validator.sequenceLength(in: input, at: index)
        }
    }

    private mutating func parseEscapedString(openingQuote: Int, start: Int) throws(JSONError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[start..<index]))
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                try parseEscape()
                continue
            }
            let characterStart = index
            try advanceOverStringByte(byte)
            scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[characterStart..<index]))
        }
        throw JSONError(offset: openingQuote, message: "unterminated string")
    }

    /// Decodes the escape sequence at `index` (pointing at the backslash) into `scratch`.
    private mutating func parseEscape() throws(JSONError) {
        let escapeStart = index
        guard index + 1 < input.count else {
            throw JSONError(offset: escapeStart, message: "unterminated escape sequence")
        }
        let byte = input[index + 1]
        index += 2
        switch byte {
        case UInt8(ascii: "\""): scratch.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): scratch.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): scratch.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            try parseUnicodeEscape(escapeStart: escapeStart)
        default:
            throw JSONError(offset: escapeStart, message: "invalid escape sequence '\\\(describeEscaped(byte))'")
        }
    }

    /// Handles `\uXXXX`, including UTF-16 surrogate pairs; `index` is just past the `u`.
    private mutating func parseUnicodeEscape(escapeStart: Int) throws(JSONError) {
        let unit = try readHex4(escapeStart: escapeStart)
        let scalarValue: UInt32
        switch unit {
        case 0xD800...0xDBFF:
            guard index + 1 < input.count,
                input[index] == UInt8(ascii: "\\"),
                input[index + 1] == UInt8(ascii: "u")
            else {
                throw JSONError(offset: escapeStart, message: "lone high surrogate \\u\(hex4(unit)) in string")
            }
            let lowStart = index
            index += 2
            let low = try readHex4(escapeStart: lowStart)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw JSONError(offset: escapeStart, message: "lone high surrogate \\u\(hex4(unit)) in string")
            }
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        case 0xDC00...0xDFFF:
            throw JSONError(offset: escapeStart, message: "lone low surrogate \\u\(hex4(unit)) in string")
        default:
            scalarValue = UInt32(unit)
        }
        appendUTF8(scalarValue)
    }

    private mutating func readHex4(escapeStart: Int) throws(JSONError) -> UInt16 {
        guard index + 4 <= input.count else {
            throw JSONError(offset: escapeStart, message: "invalid \\u escape, expected 4 hex digits")
        }
        var value: UInt16 = 0
        for offset in 0..<4 {
            let byte = input[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw JSONError(offset: escapeStart, message: "invalid \\u escape, expected 4 hex digits")
            }
            value = value << 4 | UInt16(digit)
        }
        index += 4
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | (scalar >> 12) & 0x3F))
            scratch.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Builds a `String` from already-validated UTF-8 in the input.
    ///
    /// Strings of up to 15 bytes (most keys and values) are built in place as small strings:
    /// for those `String(unsafeUninitializedCapacity:)` skips validation when the bytes are
    /// ASCII (a mask test on two words), where `String(decoding:)` validates and then copies byte
    /// by byte (callgrind: ~180 instructions per string, the largest cost of decoding). Bytes
    /// are otherwise validated and repaired exactly as `String(decoding:)` does.
    private func makeString(_ range: Range<Int>) -> String {
        let bytes = UnsafeRawBufferPointer(rebasing: input[range])
        guard bytes.count <= Self.smallStringCapacity else { return String(decoding: bytes, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: bytes.count) { buffer in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: bytes)
            return bytes.count
        }
    }

    /// The most UTF-8 bytes a `String` stores inline (64-bit platforms).
    private static let smallStringCapacity = 15

    private func describeEscaped(_ byte: UInt8) -> String {
        if byte >= 0x20, byte < 0x7F { return String(Character(Unicode.Scalar(byte))) }
        return UTF8Validator.hex(byte)
    }

    private func hex4(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
