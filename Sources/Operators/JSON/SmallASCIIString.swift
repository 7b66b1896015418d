/// Builds `String`s of at most 15 ASCII bytes straight from their bytes, as the standard
/// library's own small (inline) representation: no allocation, no validation, no copy loop.
///
/// Why hand-written: the keys and most values of an event are short ASCII strings, and
/// building each one was the largest single cost of decoding. `String(decoding:)` validates and
/// copies byte by byte; `String(unsafeUninitializedCapacity:)` takes a closure, a `memcpy` and
/// an ASCII check (callgrind on events-300k: ~100 instructions per string on top of the scan).
/// Composing the two words of a small string takes a handful.
///
/// How: on 64-bit little-endian platforms a small `String` is two words holding its UTF-8 bytes
/// in memory order (bytes 0-7, then 8-14), zero-padded, with the top byte of the second word
/// set to `0xE0 | count` for ASCII (immortal, ASCII, small). That layout is part of the
/// standard library's ABI (inlinable code in every client binary reads it), but it is still
/// an internal detail, so ``isAvailable`` checks it once per process against strings the
/// standard library builds itself, for every length; if anything differs the callers use
/// the public initializers instead. Callers must only pass bytes that are all < 0x80.
enum SmallASCIIString {
    /// The most bytes stored inline.
    static let capacity = 15

    /// `true` when ``make(_:_:count:)`` produces exactly what the standard library does.
    static let isAvailable: Bool = verifyLayout()

    /// The string of the `count` (≤ 15) ASCII bytes in `low` (bytes 0-7, little-endian) and
    /// `high` (bytes 8-14); bytes at and beyond `count` must be zero.
    @inline(__always)
    static func make(_ low: UInt64, _ high: UInt64, count: Int) -> String {
        #if (arch(x86_64) || arch(arm64)) && _endian(little)
        let discriminator = (0xE0 as UInt64 | UInt64(truncatingIfNeeded: count)) &<< 56
        // Moved out of the words rather than `unsafeBitCast`: a cast is a copy, and copying a
        // `String` retains its storage object (a runtime call, a no-op for small strings).
        var bits = (low, high | discriminator)
        return withUnsafeMutablePointer(to: &bits) { words in
            words.withMemoryRebound(to: String.self, capacity: 1) { $0.move() }
        }
        #else
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        for index in 0..<count {
            let word = index < 8 ? low : high
            bytes.append(UInt8(truncatingIfNeeded: word &>> (UInt64(index & 7) &* 8)))
        }
        return String(decoding: bytes, as: UTF8.self)
        #endif
    }

    /// The words of the string ``make(_:_:count:)`` makes of these bytes, as ``bits(_:)``
    /// reports them: equal to a `bits(name)` exactly when the string equals `name`.
    @inline(__always)
    static func bits(_ low: UInt64, _ high: UInt64, count: Int) -> (UInt64, UInt64) {
        (low, high | (0xE0 as UInt64 | UInt64(truncatingIfNeeded: count)) &<< 56)
    }

    /// The two words of `string` if it is a small ASCII string (and the layout is verified),
    /// else `nil`. Two small ASCII strings are equal exactly when their words are: the bytes
    /// are stored zero-padded and ASCII text has a single canonical form.
    @inline(__always)
    static func bits(_ string: String) -> (UInt64, UInt64)? {
        #if (arch(x86_64) || arch(arm64)) && _endian(little)
        guard isAvailable else { return nil }
        let words = unverifiedBits(string)
        return isSmallASCII(words) ? words : nil
        #else
        return nil
        #endif
    }

    /// The two words of any `string`, for comparing with a result of ``bits(_:)`` (which
    /// checked the layout): meaningless unless ``isSmallASCII(_:)``.
    @inline(__always)
    static func unverifiedBits(_ string: String) -> (UInt64, UInt64) {
        unsafeBitCast(string, to: (UInt64, UInt64).self)
    }

    /// Whether `words` are those of a small ASCII string (discriminator nibble 0b1110).
    @inline(__always)
    static func isSmallASCII(_ words: (UInt64, UInt64)) -> Bool {
        words.1 &>> 60 == 0xE
    }

    /// Compares the composed bits with the standard library's own strings of every length
    /// 0...15 (and with their contents, in case the comparison of bits were ever to be fooled).
    private static func verifyLayout() -> Bool {
        #if (arch(x86_64) || arch(arm64)) && _endian(little)
        guard MemoryLayout<String>.size == 16 else { return false }
        let sample = Array("a~Z0 _-{}|xQ9@!".utf8)
        for count in 0...capacity {
            var low: UInt64 = 0
            var high: UInt64 = 0
            for index in 0..<count {
                let byte = UInt64(sample[index])
                if index < 8 { low |= byte << (UInt64(index) * 8) } else { high |= byte << (UInt64(index - 8) * 8) }
            }
            let composed = make(low, high, count: count)
            let reference = String(decoding: sample[0..<count], as: UTF8.self)
            let composedBits = unsafeBitCast(composed, to: (UInt64, UInt64).self)
            let referenceBits = unsafeBitCast(reference, to: (UInt64, UInt64).self)
            guard composedBits == referenceBits,
                Array(composed.utf8) == Array(sample[0..<count]),
                composed.utf8.count == count,
                composed.unicodeScalars.count == count
            else { return false }
        }
        return true
        #else
        return false
        #endif
    }
}
