/// Appends compact JSON to a byte buffer.
///
/// Used for every output record (actions, dead letters), so it writes straight into
/// `[UInt8]` with no intermediate `String`s or `Encodable` machinery, and its output is
/// deterministic byte-for-byte (tests pin exact bytes, and consumers may hash them).
///
/// The writer does not track structure: callers emit punctuation with ``raw(_:)``, which
/// keeps fixed-shape records such as actions a straight-line sequence of appends.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init() {
        self.bytes = []
    }

    public init(reservingCapacity capacity: Int) {
        self.bytes = []
        self.bytes.reserveCapacity(capacity)
    }

    /// Appends `ascii` verbatim (punctuation, pre-escaped keys such as `"{\"id\":"`).
    public mutating func raw(_ ascii: StaticString) {
        ascii.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `string` as a quoted JSON string. `"` and `\` are backslash-escaped and the
    /// control characters U+0000...U+001F become `\u00XX`; everything else is copied as UTF-8.
    public mutating func writeString(_ string: String) {
        var string = string
        string.withUTF8 { appendQuoted($0) }
    }

    /// Appends `value` in decimal.
    public mutating func writeInt(_ value: Int64) {
        // Digits go to a stack buffer, then one append: no per-digit bounds-checked stores
        // into the array (every action writes three integers).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            let count = DecimalDigits.write(value, into: digits, at: 0)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[..<count]))
        }
    }

    /// Appends `value` as a JSON number.
    ///
    /// Integral values with magnitude up to 2^53 (where every integer is exact) print as
    /// integers: `42`, not `42.0`, and `-0` keeps its sign. Other values use Swift's shortest
    /// round-tripping representation (e.g. `0.1`, `1e+300`, `9.007199254740994e+15`); 2^53
    /// itself is included because Swift would print it as `9007199254740992.0`. NaN and
    /// infinities have no JSON form and are written as `null`.
    public mutating func writeDouble(_ value: Double) {
        guard value.isFinite else {
            writeNull()
            return
        }
        if value == 0 {
            if value.sign == .minus { raw("-0") } else { raw("0") }
            return
        }
        if let integer = value.exactInteger {
            writeInt(integer)
            return
        }
        bytes.append(contentsOf: value.description.utf8)
    }

    public mutating func writeBool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    public mutating func writeNull() {
        raw("null")
    }

    /// Appends a whole `JSONValue`, objects with their members in stored order.
    public mutating func writeValue(_ value: JSONValue) {
        switch value {
        case .null:
            writeNull()
        case .bool(let bool):
            writeBool(bool)
        case .number(let number):
            writeDouble(number)
        case .string(let string):
            writeString(string)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                writeValue(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            for (position, field) in object.fields.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(field.key)
                bytes.append(UInt8(ascii: ":"))
                writeValue(field.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Empties the buffer so one writer can be reused for many records.
    public mutating func removeAll(keepingCapacity: Bool = true) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
    }

    private mutating func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        // Almost every string (ids, names, messages) needs no escape: one scan, one copy.
        if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        var runStart = 0
        for position in utf8.indices {
            let byte = utf8[position]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position]))
            runStart = position + 1
            switch byte {
            case UInt8(ascii: "\""):
                raw("\\\"")
            case UInt8(ascii: "\\"):
                raw("\\\\")
            default:
                raw("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
