/// Decimal digits written two at a time from a table of digit pairs, for the per-action paths:
/// an action's integers (event time, emission time, partition, offset) and integers in rendered
/// messages (a window's count).
///
/// Why not ``DecimalDigits``: it counts the digits with one division per digit and then writes
/// one per division, ~190 instructions for a 13-digit epoch-ms time (callgrind; three integers
/// per action); this takes about half of that, and `String(value)` in a template went through
/// `description`. Produces exactly what `String(value)` does (DigitPairsTests compares them on
/// random values and the edge cases).
enum DigitPairs {
    /// "00" "01" … "99".
    private static let pairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

    /// Writes `value` at `target` (room for 20 bytes needed) and returns the end of the digits.
    @inline(__always)
    static func write(_ value: Int64, at target: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var start = target
        if value < 0 {
            start.pointee = UInt8(ascii: "-")
            start += 1
        }
        var magnitude = value.magnitude
        let end = start + digitCount(magnitude)
        let table = UnsafeRawPointer(pairs.utf8Start)
        let output = UnsafeMutableRawPointer(end)
        // Wrapping arithmetic: every value is bounded (pairs < 100, offsets > -20), and the
        // overflow checks were a third of the loop.
        var offset = 0
        while magnitude >= 100 {
            let quotient = magnitude / 100
            let pair = Int(truncatingIfNeeded: magnitude &- quotient &* 100)
            magnitude = quotient
            offset &-= 2
            output.storeBytes(of: table.loadUnaligned(fromByteOffset: pair &* 2, as: UInt16.self),
                              toByteOffset: offset, as: UInt16.self)
        }
        if magnitude >= 10 {
            output.storeBytes(of: table.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: magnitude) &* 2, as: UInt16.self),
                              toByteOffset: offset &- 2, as: UInt16.self)
        } else {
            (end + (offset &- 1)).pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude)
        }
        return end
    }

    /// Number of decimal digits of `value` (1 for 0), without a division: the bit length
    /// gives floor(log10) or one less (1233 / 4096 ≈ log10 2), one comparison decides.
    @inline(__always)
    static func digitCount(_ value: UInt64) -> Int {
        let bits = 64 - (value | 1).leadingZeroBitCount
        let guess = (bits &* 1233) >> 12
        // `| 1`: 0 has one digit; no other value changes side (10^k, k ≥ 1, is even).
        return guess + ((value | 1) >= powerOfTen(guess) ? 1 : 0)
    }

    /// 10^exponent for 0...19 (a switch the compiler turns into a constant table).
    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        case 8: 100_000_000
        case 9: 1_000_000_000
        case 10: 10_000_000_000
        case 11: 100_000_000_000
        case 12: 1_000_000_000_000
        case 13: 10_000_000_000_000
        case 14: 100_000_000_000_000
        case 15: 1_000_000_000_000_000
        case 16: 10_000_000_000_000_000
        case 17: 100_000_000_000_000_000
        case 18: 1_000_000_000_000_000_000
        case 19: 10_000_000_000_000_000_000
        default: .max
        }
    }
}
