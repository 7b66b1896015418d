extension Action {
    /// ``encodeJSON()`` for the common case where no string needs an escape: the exact bytes
    /// ``JSONWriter`` would produce, written into one buffer sized up front, with no per-piece
    /// array appends (one action per window result; callgrind: ~5.5k instructions per action
    /// through the writer). `nil` when some string needs escaping: the writer handles that.
    func encodeUnescapedJSON() -> [UInt8]? {
        guard let idCount = Self.plainCount(actionID), let triggerCount = Self.plainCount(trigger),
              let customerCount = Self.plainCount(customerID), let channelCount = Self.plainCount(channel),
              let messageCount = Self.plainCount(message), let topicCount = Self.plainCount(cause.topic) else { return nil }
        var localeCount = 0
        if let locale {
            guard let count = Self.plainCount(locale) else { return nil }
            localeCount = count
        }
        // Keys and punctuation are under 200 bytes, the three integers at most 20 each.
        let capacity = 260 + idCount + triggerCount + customerCount + channelCount + messageCount + topicCount + localeCount
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var out = PlainJSONCursor(buffer: buffer)
            out.raw("{\"action_id\":")
            out.quoted(actionID)
            out.raw(",\"trigger\":")
            out.quoted(trigger)
            out.raw(",\"customer_id\":")
            out.quoted(customerID)
            out.raw(",\"channel\":")
            out.quoted(channel)
            out.raw(",\"message\":")
            out.quoted(message)
            if let locale {
                out.raw(",\"locale\":")
                out.quoted(locale)
            }
            out.raw(",\"event_time\":")
            out.int(eventTimeMs)
            out.raw(",\"emitted_at\":")
            out.int(emittedAtMs)
            out.raw(",\"cause\":{\"topic\":")
            out.quoted(cause.topic)
            out.raw(",\"partition\":")
            out.int(Int64(cause.partition))
            out.raw(",\"offset\":")
            out.int(cause.offset)
            out.raw("}}")
            initialized = out.position
        }
    }

    /// The string's UTF-8 length if it can be written between quotes as is (no `"`, `\` or
    /// control character, the bytes ``JSONWriter/writeString(_:)`` would escape), else nil.
    private static func plainCount(_ string: String) -> Int? {
        var string = string
        return string.withUTF8 { utf8 in
            // Branch-free over the bytes (the compiler vectorises it): these strings are short and
            // almost never need an escape, so scanning all of them beats stopping early.
            var special: UInt8 = 0
            for byte in utf8 {
                special |= (byte < 0x20 ? 1 : 0) | (byte == UInt8(ascii: "\"") ? 1 : 0) | (byte == UInt8(ascii: "\\") ? 1 : 0)
            }
            return special == 0 ? utf8.count : nil
        }
    }
}

/// Sequential writes into a buffer the caller sized for everything written.
private struct PlainJSONCursor {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    var position = 0

    mutating func raw(_ ascii: StaticString) {
        ascii.withUTF8Buffer { copy($0) }
    }

    /// A string already checked by `plainCount`: quotes around its bytes.
    mutating func quoted(_ string: String) {
        buffer[position] = UInt8(ascii: "\"")
        position += 1
        var string = string
        string.withUTF8 { copy($0) }
        buffer[position] = UInt8(ascii: "\"")
        position += 1
    }

    mutating func int(_ value: Int64) {
        position = DecimalDigits.write(value, into: buffer, at: position)
    }

    private mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0, let target = buffer.baseAddress else { return }
        precondition(position + bytes.count <= buffer.count, "PlainJSONCursor: buffer too small")
        (target + position).initialize(from: source, count: bytes.count)
        position += bytes.count
    }
}
