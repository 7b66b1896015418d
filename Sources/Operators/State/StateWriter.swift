/// Appends operator state to a byte buffer in the checkpoint format that ``StateReader`` reads.
///
/// Why hand-written rather than `Codable` with Foundation's `JSONEncoder`: the daemon
/// checkpoints every dirty key each commit interval — on the order of 100k keys/s at peak —
/// and `JSONEncoder` goes through existential coding containers, string-keyed dictionaries and
/// an intermediate object tree for every value, far too slow for that on the processing
/// thread (the same reason ``JSONReader`` exists). Codable also ties the stored bytes to
/// synthesised coding keys and the encoder's output, while state written today must still
/// restore after a refactor or a toolchain upgrade: here the layout is spelled out in code,
/// versioned by a leading byte (see ``StateFormat``), and changing it is a deliberate act.
///
/// Encoding: unsigned integers as LEB128 varints, signed ones zig-zag mapped first (so small
/// negative times stay short), doubles as their IEEE-754 bit pattern (exact, `-0` and NaN
/// included), strings and byte arrays with a varint length prefix, optionals with a presence
/// byte, arrays with a varint count.
public struct StateWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init() {
        self.bytes = []
    }

    public init(reservingCapacity capacity: Int) {
        self.bytes = []
        self.bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer so one writer can serve many keys.
    public mutating func removeAll(keepingCapacity: Bool = true) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
    }

    public mutating func writeByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    public mutating func writeBool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    /// LEB128: seven bits per byte, low bits first, the high bit set on all but the last byte.
    public mutating func writeVarUInt(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: rest))
    }

    /// Zig-zag (0, -1, 1, -2, … → 0, 1, 2, 3, …) then LEB128.
    public mutating func writeVarInt(_ value: Int64) {
        writeVarUInt(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// A non-negative count or length.
    public mutating func writeCount(_ count: Int) {
        writeVarUInt(UInt64(Swift.max(0, count)))
    }

    /// The bit pattern, little-endian: exact for every value, unlike a decimal rendering.
    public mutating func writeDouble(_ value: Double) {
        var bits = value.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    /// Length-prefixed UTF-8.
    public mutating func writeString(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            writeCount(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// Length-prefixed raw bytes.
    public mutating func writeBytes(_ value: [UInt8]) {
        writeCount(value.count)
        bytes.append(contentsOf: value)
    }

    /// A presence byte, then the value if present.
    public mutating func writeOptional<T>(_ value: T?, _ writeValue: (inout StateWriter, T) -> Void) {
        guard let value else {
            writeBool(false)
            return
        }
        writeBool(true)
        writeValue(&self, value)
    }

    /// A count, then each element.
    public mutating func writeArray<C: Collection>(_ elements: C, _ writeElement: (inout StateWriter, C.Element) -> Void) {
        writeCount(elements.count)
        for element in elements { writeElement(&self, element) }
    }
}
