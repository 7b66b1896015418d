/// Reads what ``StateWriter`` wrote, validating as it goes.
///
/// Stored state is input like any other — a truncated changelog record, a value from another
/// build, a bit flip on disk — so every read checks bounds and ranges and throws
/// ``StateDecodingError`` instead of trapping: a bad value must cost one key its state, not
/// crash the daemon during a restore (which would then crash again on every restart).
public struct StateReader: Sendable {
    private let bytes: [UInt8]
    /// Position of the next byte to read.
    public private(set) var offset: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    public var isAtEnd: Bool { offset >= bytes.count }
    /// Bytes not read yet; a decoded count can never exceed this (every element takes at
    /// least one byte), which keeps a corrupt count from reserving gigabytes.
    public var remaining: Int { bytes.count - offset }

    /// Throws unless every byte was consumed: trailing bytes mean the layout was misread.
    public func finish() throws(StateDecodingError) {
        guard isAtEnd else { throw failure("\(remaining) unexpected trailing byte(s)") }
    }

    public mutating func readByte() throws(StateDecodingError) -> UInt8 {
        guard offset < bytes.count else { throw failure("unexpected end of state") }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func readBool() throws(StateDecodingError) -> Bool {
        let start = offset
        switch try readByte() {
        case 0: return false
        case 1: return true
        case let byte: throw StateDecodingError(offset: start, message: "invalid boolean byte \(byte)")
        }
    }

    public mutating func readVarUInt() throws(StateDecodingError) -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            // The tenth byte may only carry the one remaining bit, and must be the last.
            guard shift < 63 || byte <= 1 else {
                throw StateDecodingError(offset: start, message: "varint overflows 64 bits")
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    public mutating func readVarInt() throws(StateDecodingError) -> Int64 {
        let zigzag = try readVarUInt()
        return Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
    }

    /// A count or length, at most ``remaining``.
    public mutating func readCount() throws(StateDecodingError) -> Int {
        let start = offset
        let raw = try readVarUInt()
        guard raw <= UInt64(remaining) else {
            throw StateDecodingError(offset: start, message: "count \(raw) exceeds the \(remaining) byte(s) left")
        }
        return Int(raw)
    }

    /// A non-negative counter that fits `Int` (not bounded by ``remaining``, unlike a count).
    public mutating func readNonNegativeInt() throws(StateDecodingError) -> Int {
        let start = offset
        guard let value = Int(exactly: try readVarUInt()) else {
            throw StateDecodingError(offset: start, message: "counter out of range")
        }
        return value
    }

    public mutating func readDouble() throws(StateDecodingError) -> Double {
        guard remaining >= 8 else { throw failure("unexpected end of state, expected 8 bytes of a double") }
        var bits: UInt64 = 0
        for index in 0..<8 { bits |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += 8
        return Double(bitPattern: bits)
    }

    public mutating func readString() throws(StateDecodingError) -> String {
        let start = offset
        let length = try readCount()
        guard let string = String(validating: bytes[offset..<offset + length], as: UTF8.self) else {
            throw StateDecodingError(offset: start, message: "string is not valid UTF-8")
        }
        offset += length
        return string
    }

    public mutating func readBytes() throws(StateDecodingError) -> [UInt8] {
        let length = try readCount()
        defer { offset += length }
        return Array(bytes[offset..<offset + length])
    }

    public mutating func readOptional<T>(
        _ readValue: (inout StateReader) throws(StateDecodingError) -> T
    ) throws(StateDecodingError) -> T? {
        guard try readBool() else { return nil }
        return try readValue(&self)
    }

    /// Reads a count, then that many elements. Elements must take at least one byte each
    /// (every layout here does), since the count is checked against ``remaining``.
    public mutating func readArray<T>(
        _ readElement: (inout StateReader) throws(StateDecodingError) -> T
    ) throws(StateDecodingError) -> [T] {
        let count = try readCount()
        var elements: [T] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try readElement(&self)) }
        return elements
    }

    /// An error at the current position.
    public func failure(_ message: String) -> StateDecodingError {
        StateDecodingError(offset: offset, message: message)
    }
}
