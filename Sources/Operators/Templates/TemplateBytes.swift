/// A rendered template's UTF-8 bytes, written into a caller's (stack) buffer: see
/// ``SimpleTemplate/render(key:eventTimeMs:lookup:)``. Once something does not fit, it stops
/// writing and ``string`` is nil, so the caller renders another way.
struct TemplateBytes {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var count = 0
    private var overflowed = false

    init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// The text written, or nil if it did not fit.
    var string: String? {
        overflowed ? nil : String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
    }

    mutating func append(_ string: String) {
        let copied: Void? = string.utf8.withContiguousStorageIfAvailable { append(bytes: $0) }
        if copied == nil {
            var native = string
            native.withUTF8 { append(bytes: $0) }
        }
    }

    /// `value` as ``SimpleTemplate/append(_:to:)`` renders it.
    mutating func append(_ value: JSONValue) {
        switch value {
        case .null:
            break
        case .bool(let flag):
            append(flag ? "true" : "false")
        case .string(let string):
            append(string)
        case .number(let number):
            if let integer = number.exactInteger {
                append(integer)
            } else {
                appendRendered(value)
            }
        case .object, .array:
            appendRendered(value)
        }
    }

    /// `value` in decimal, as `String(value)`.
    mutating func append(_ value: Int64) {
        guard !overflowed, buffer.count - count >= 20, let base = buffer.baseAddress else {
            overflowed = true
            return
        }
        count = DigitPairs.write(value, at: base + count) - base
    }

    /// The rare kinds (fractions, large integral doubles, objects, arrays) through the
    /// `String` renderer, so their text stays exactly that one's.
    private mutating func appendRendered(_ value: JSONValue) {
        var text = ""
        SimpleTemplate.append(value, to: &text)
        append(text)
    }

    private mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        guard !overflowed, bytes.count <= buffer.count - count, let target = buffer.baseAddress else {
            overflowed = true
            return
        }
        guard let source = bytes.baseAddress else { return }
        (target + count).update(from: source, count: bytes.count)
        count += bytes.count
    }
}
