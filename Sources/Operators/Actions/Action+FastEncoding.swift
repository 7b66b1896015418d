extension Action {
    /// Room ``encodePlainJSON(into:)`` needs: keys and punctuation are under 200 bytes, the
    /// three integers at most 20 each; the strings' UTF-8 counts are O(1) for native strings.
    public var plainJSONCapacity: Int {
        260 + storedID.utf8Count + trigger.utf8.count + customerID.utf8.count + channel.utf8.count
            + message.utf8.count + cause.topic.utf8.count + (locale?.utf8.count ?? 0)
    }

    /// Writes ``encodeJSON()``'s bytes at the start of `buffer` and returns their count, for
    /// the common case where no string needs an escape; nil (with `buffer` partly written) when
    /// one does or `buffer` is smaller than ``plainJSONCapacity``: then use ``encodeJSON()``.
    ///
    /// Why: replay writes ~570k actions per million events; encoding each straight into the
    /// output buffer skips an array allocation and a copy per action, and the escape check runs
    /// word by word over the bytes being copied instead of in a separate pass per string.
    public func encodePlainJSON(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        guard buffer.count >= plainJSONCapacity, let base = buffer.baseAddress else { return nil }
        var out = PlainJSONCursor(base: base)
        writeJSON(into: &out)
        return out.special == 0 ? out.position : nil
    }

    /// ``encodeJSON()`` when no string needs an escape: one buffer sized up front; nil otherwise.
    func encodeUnescapedJSON() -> [UInt8]? {
        var plain = true
        let bytes = [UInt8](unsafeUninitializedCapacity: plainJSONCapacity) { buffer, initialized in
            if let count = encodePlainJSON(into: buffer) {
                initialized = count
            } else {
                initialized = 0
                plain = false
            }
        }
        return plain ? bytes : nil
    }
}

/// Where ``Action/writeJSON(into:)`` writes: the escaping `JSONWriter` (``Action/encodeJSON()``)
/// or the plain cursor (``Action/encodePlainJSON(into:)``). One layout, two sinks, so the two
/// encodings cannot drift apart.
protocol ActionJSONSink {
    mutating func raw(_ ascii: StaticString)
    mutating func quoted(_ string: String)
    mutating func quoted(_ id: ActionIDValue)
    mutating func int(_ value: Int64)
}

extension Action {
    /// The action's JSON layout (documented on ``encodeJSON()``), written through `out`.
    func writeJSON(into out: inout some ActionJSONSink) {
        out.raw("{\"action_id\":")
        out.quoted(storedID)
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
    }
}

extension JSONWriter: ActionJSONSink {
    mutating func quoted(_ string: String) { writeString(string) }
    mutating func quoted(_ id: ActionIDValue) { writeString(id.text) }
    mutating func int(_ value: Int64) { writeInt(value) }
}

/// Sequential writes into a buffer the caller sized for everything written (see
/// ``Action/plainJSONCapacity``), noting whether any string copied needs a JSON escape.
private struct PlainJSONCursor: ActionJSONSink {
    let base: UnsafeMutablePointer<UInt8>
    var position = 0
    /// Nonzero once a copied string holds a byte ``JSONWriter/writeString(_:)`` escapes.
    var special: UInt64 = 0

    @inline(__always)
    mutating func raw(_ ascii: StaticString) {
        (base + position).initialize(from: ascii.utf8Start, count: ascii.utf8CodeUnitCount)
        position += ascii.utf8CodeUnitCount
    }

    /// A string between quotes, as is. Read through `utf8.withContiguousStorageIfAvailable`
    /// (every native string, small ones from a stack copy): `withUTF8` wants a `var` copy,
    /// which retained and released the string each time.
    mutating func quoted(_ string: String) {
        base[position] = UInt8(ascii: "\"")
        position += 1
        let copied: Void? = string.utf8.withContiguousStorageIfAvailable { copy($0) }
        if copied == nil {
            var native = string
            native.withUTF8 { copy($0) }
        }
        base[position] = UInt8(ascii: "\"")
        position += 1
    }

    /// The id between quotes; a derived id's halves spelled in place (hex needs no escape).
    mutating func quoted(_ id: ActionIDValue) {
        guard case .hash(let high, let low) = id else {
            quoted(id.text)
            return
        }
        base[position] = UInt8(ascii: "\"")
        ActionID.writeHex(high, low, to: UnsafeMutableRawPointer(base + position + 1))
        base[position + 33] = UInt8(ascii: "\"")
        position += 34
    }

    @inline(__always)
    private mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        (base + position).initialize(from: source, count: bytes.count)
        special |= JSONEscapeScan.specials(source, count: bytes.count)
        position += bytes.count
    }

    mutating func int(_ value: Int64) {
        position = DigitPairs.write(value, at: base + position) - base
    }
}

/// Whether bytes hold one that JSON strings must escape: a control character (< 0x20), `"` or
/// `\`. Eight bytes per step (SWAR): the strings of an action are short but every action has
/// six of them, and a byte loop cost ~5 instructions per byte.
enum JSONEscapeScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Nonzero if and only if some byte of `bytes[0..<count]` needs an escape. Short strings
    /// (the channel, most keys) are read as two overlapping halves, padded with spaces (which
    /// need no escape), rather than byte by byte.
    @inline(__always)
    static func specials(_ bytes: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(bytes)
        guard count >= 8 else {
            let spaces: UInt64 = 0x2020_2020_2020_2020
            let word: UInt64
            if count >= 4 {
                word = UInt64(raw.loadUnaligned(as: UInt32.self))
                    | UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) << 32
            } else if count >= 2 {
                word = UInt64(raw.loadUnaligned(as: UInt16.self))
                    | UInt64(raw.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)) << 16 | spaces << 32
            } else if count == 1 {
                word = UInt64(bytes[0]) | spaces << 8
            } else {
                return 0
            }
            return specials(word)
        }
        var found: UInt64 = 0
        var offset = 0
        while offset < count - 8 {
            found |= specials(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        // The last eight bytes, overlapping the previous word when count is not a multiple of 8.
        return found | specials(raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
    }

    /// The byte-wise definition (what ``JSONWriter`` escapes).
    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Nonzero if and only if a byte of `word` is below 0x20, `"` or `\`. The classic
    /// "has a byte less than n" test, `(w - n·ones) & ~w & highs`, is exact as a yes/no answer
    /// (a borrow only starts at a byte that is below n); equality is "has a zero byte" of `w ^ c`.
    @inline(__always)
    static func specials(_ word: UInt64) -> UInt64 {
        let control = (word &- 0x20 &* ones) & ~word
        let quote = word ^ (UInt64(UInt8(ascii: "\"")) &* ones)
        let backslash = word ^ (UInt64(UInt8(ascii: "\\")) &* ones)
        let quoteZero = (quote &- ones) & ~quote
        let backslashZero = (backslash &- ones) & ~backslash
        return (control | quoteZero | backslashZero) & highs
    }
}
