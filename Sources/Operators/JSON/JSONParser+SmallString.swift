extension JSONParser {
    /// The string of ≤ 15 plain ASCII bytes starting at `start` (just past the opening quote),
    /// with `index` moved past its closing quote; `nil` (and `index` untouched) for anything
    /// else: longer strings, escapes, control characters, non-ASCII text, no closing quote.
    ///
    /// Why: keys and most values of an event are such strings. Sixteen bytes are classified
    /// eight at a time (``classify(_:)``) and the same two words become the `String`
    /// (``SmallASCIIString``), where the byte loop plus `String(unsafeUninitializedCapacity:)`
    /// cost ~250 instructions per string (callgrind, events-300k). The general path in
    /// ``parseString()`` still handles, and reports errors for, everything that returns `nil`.
    @inline(__always)
    mutating func smallASCIIString(at start: Int) -> String? {
        guard let words = smallASCIIWords(at: start) else { return nil }
        return SmallASCIIString.make(words.low, words.high, count: words.count)
    }

    /// ``smallASCIIString(at:)`` before the `String` is made: its bytes as two zero-padded
    /// little-endian words and its length (`index` moved past the closing quote), for callers
    /// that only compare or skip the string (a projected parse, ``JSONMemberFilter``).
    @inline(__always)
    mutating func smallASCIIWords(at start: Int) -> (low: UInt64, high: UInt64, count: Int)? {
        let low: UInt64
        let high: UInt64
        if start &+ 16 <= input.count, let base = input.baseAddress {
            low = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            high = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start &+ 8, as: UInt64.self))
        } else {
            (low, high) = lastWords(from: start)
        }
        let lowBytes = Self.classify(low)
        if lowBytes.special != 0 {
            // The lowest flagged byte, as its 0x80 bit: the string ends there if it is a quote.
            let end = lowBytes.special & (0 &- lowBytes.special)
            guard lowBytes.quotes & end != 0 else { return nil }
            let count = end.trailingZeroBitCount &>> 3
            index = start &+ count &+ 1
            return (low & ((end &>> 7) &- 1), 0, count)
        }
        let highBytes = Self.classify(high)
        let end = highBytes.special & (0 &- highBytes.special)
        // No quote among the first 16 bytes: longer than a small string, or not plain ASCII.
        guard highBytes.quotes & end != 0 else { return nil }
        let count = 8 &+ end.trailingZeroBitCount &>> 3
        index = start &+ count &+ 1
        return (low, high & ((end &>> 7) &- 1), count)
    }

    /// Flags (as the byte's 0x80 bit) every byte of `word` that ends or leaves the plain-ASCII
    /// fast path, `special`: a quote, a backslash, a control character (< 0x20) or a non-ASCII
    /// byte (≥ 0x80); and `quotes`, the quotes among them.
    ///
    /// The usual SWAR tests ("has a zero byte" on `word ^ pattern`, "has a byte < n") may also
    /// flag bytes *above* a flagged byte (the borrow ripples up), never below one, so the
    /// lowest flagged byte, the only one callers use, is exact in both masks.
    @inline(__always)
    static func classify(_ word: UInt64) -> (special: UInt64, quotes: UInt64) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits = ones &* 0x80
        let quoteBytes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslashBytes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let quotes = (quoteBytes &- ones) & ~quoteBytes & highBits
        let backslashes = (backslashBytes &- ones) & ~backslashBytes
        let controls = (word &- (ones &* 0x20)) & ~word
        return ((quotes | backslashes | controls | word) & highBits, quotes)
    }

    /// The (up to) 16 bytes from `start` when fewer than 16 remain, as two little-endian words;
    /// the missing bytes read as zero, a control character, so they can never end a string.
    ///
    /// The last strings of every document get here (`"channel":"web"}`), so when the input has
    /// 16 bytes it loads its last 16 and shifts them down rather than going byte by byte.
    private func lastWords(from start: Int) -> (UInt64, UInt64) {
        let count = input.count
        guard count >= 16, start < count, let base = input.baseAddress else {
            var words: (UInt64, UInt64) = (0, 0)
            var position = start
            while position < count {
                let shift = UInt64(truncatingIfNeeded: (position &- start) & 7) &* 8
                if position &- start < 8 {
                    words.0 |= UInt64(input[position]) &<< shift
                } else {
                    words.1 |= UInt64(input[position]) &<< shift
                }
                position &+= 1
            }
            return words
        }
        let first = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: count &- 16, as: UInt64.self))
        let second = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
        // Bytes to drop from the bottom of the 16 loaded: 1...15 here (0 would mean 16 remain).
        let drop = UInt64(truncatingIfNeeded: start &- (count &- 16))
        if drop >= 8 {
            return (second &>> ((drop &- 8) &* 8), 0)
        }
        let shift = drop &* 8
        return ((first &>> shift) | (second &<< (64 &- shift)), second &>> shift)
    }
}
