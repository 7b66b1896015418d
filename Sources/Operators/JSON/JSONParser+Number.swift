extension JSONParser {
    /// Exact powers of ten representable in a `Double` (10^0 ... 10^22).
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses an RFC 8259 number starting at `index` (a '-' or a digit).
    ///
    /// Validation and conversion happen in one pass. Numbers with at most 19 significant
    /// digits, a mantissa ≤ 2^53 and a decimal exponent within ±22 are converted exactly with
    /// one multiplication or division (Clinger's fast path, correctly rounded); everything
    /// else falls back to the standard library's correctly-rounded `Double(String)`.
    mutating func parseNumber() throws(JSONError) -> Double {
        if let integer = plainInteger() {
            return integer
        }
        let start = index
        var negative = false
        if input[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < input.count, isDigit(input[index]) else {
            throw numberError("expected a digit after '-'")
        }

        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var exact = true

        if input[index] == UInt8(ascii: "0") {
            index += 1
            if index < input.count, isDigit(input[index]) {
                throw JSONError(offset: start, message: "leading zeros are not allowed in numbers")
            }
        } else {
            while index < input.count, isDigit(input[index]) {
                accumulate(input[index], into: &mantissa, &significantDigits, &exact, &exponent, fraction: false)
                index += 1
            }
        }

        if index < input.count, input[index] == UInt8(ascii: ".") {
            index += 1
            guard index < input.count, isDigit(input[index]) else {
                throw numberError("expected a digit after the decimal point")
            }
            while index < input.count, isDigit(input[index]) {
                accumulate(input[index], into: &mantissa, &significantDigits, &exact, &exponent, fraction: true)
                index += 1
            }
        }

        if index < input.count, input[index] == UInt8(ascii: "e") || input[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < input.count, input[index] == UInt8(ascii: "+") || input[index] == UInt8(ascii: "-") {
                exponentNegative = input[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < input.count, isDigit(input[index]) else {
                throw numberError("expected a digit in the exponent")
            }
            var explicitExponent = 0
            while index < input.count, isDigit(input[index]) {
                // Saturate: anything this large is out of the fast path's range anyway.
                if explicitExponent < 100_000 {
                    explicitExponent = explicitExponent * 10 + Int(input[index] - UInt8(ascii: "0"))
                }
                index += 1
            }
            exponent += exponentNegative ? -explicitExponent : explicitExponent
        }

        if exact, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            if exponent >= 0 {
                value *= Self.exactPowersOfTen[exponent]
            } else {
                value /= Self.exactPowersOfTen[-exponent]
            }
            return negative ? -value : value
        }
        return try slowNumber(start)
    }

    /// The value of a plain integer at `index` (optional '-', 1-15 digits, no leading zero, no
    /// fraction or exponent), with `index` moved past it; `nil` (`index` untouched) otherwise.
    ///
    /// Why: epoch-millisecond times and counts are such integers, and this loop costs a few
    /// instructions per digit where the general one tracks significant digits and exponents.
    /// Below 10^15 < 2^53 every such integer is exact as a `Double`, so the result is the one
    /// the general path computes (`Double(mantissa) * 1e0`, negated); the general path keeps
    /// every other form and every error.
    @inline(__always)
    mutating func plainInteger() -> Double? {
        guard let base = input.baseAddress else { return nil }
        let end = input.count
        var position = index
        let negative = base.load(fromByteOffset: position, as: UInt8.self) == UInt8(ascii: "-")
        if negative { position &+= 1 }
        // At most 15 digits: the loop stops there and the check after it sends longer ones on.
        let limit = min(end, position &+ 16)
        guard position < end, base.load(fromByteOffset: position, as: UInt8.self) &- UInt8(ascii: "1") < 9 else {
            return nil
        }
        if position &+ 16 <= end {
            return plainIntegerEightAtATime(base, at: position, negative: negative)
        }
        let digitsStart = position
        var mantissa: UInt64 = 0
        var next: UInt8 = 0
        while position < limit {
            next = base.load(fromByteOffset: position, as: UInt8.self)
            let digit = next &- UInt8(ascii: "0")
            if digit >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            position &+= 1
        }
        guard position &- digitsStart <= 15,
            position == end || (next != UInt8(ascii: ".") && next | 0x20 != UInt8(ascii: "e"))
        else { return nil }
        index = position
        let value = Double(mantissa)
        return negative ? -value : value
    }

    /// ``plainInteger()`` when at least 16 bytes remain from `position` (the first digit, 1-9):
    /// the digits are found and converted eight at a time (``leadingDigits(_:)``,
    /// ``eightDigits(_:)``) instead of one by one. Same results and same `nil`s.
    ///
    /// Why: every event has a 13-digit epoch-millisecond time; the byte loop cost ~9
    /// instructions per digit (callgrind, events-300k).
    @inline(__always)
    private mutating func plainIntegerEightAtATime(_ base: UnsafeRawPointer, at position: Int, negative: Bool) -> Double? {
        let zeros: UInt64 = 0x3030_3030_3030_3030
        let first = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        let firstCount = Self.leadingDigits(first)
        let count: Int
        let mantissa: UInt64
        if firstCount < 8 {
            count = firstCount
            mantissa = Self.eightDigits(Self.keepingLeading(first &- zeros, firstCount))
        } else {
            let second = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position &+ 8, as: UInt64.self))
            let secondCount = Self.leadingDigits(second)
            // 16 digits or more: beyond the 15 that are always exact.
            guard secondCount < 8 else { return nil }
            count = 8 &+ secondCount
            mantissa = Self.eightDigits(first &- zeros) &* Self.powerOfTen(secondCount)
                &+ Self.eightDigits(Self.keepingLeading(second &- zeros, secondCount))
        }
        // `count` ≤ 15, so the byte after the digits is among the 16 available.
        let next = base.load(fromByteOffset: position &+ count, as: UInt8.self)
        guard next != UInt8(ascii: "."), next | 0x20 != UInt8(ascii: "e") else { return nil }
        index = position &+ count
        let value = Double(mantissa)
        return negative ? -value : value
    }

    /// How many of the 8 bytes of `word` (little-endian, first byte lowest), from the first,
    /// are ASCII digits.
    ///
    /// A byte is a digit when its high nibble is 3 and adding 6 keeps it so. The addition may
    /// carry out of a byte ≥ 0xFA (not a digit) into the bytes above, never below, so the
    /// lowest flagged byte, the only one used, is exact.
    @inline(__always)
    static func leadingDigits(_ word: UInt64) -> Int {
        let highNibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        let threes: UInt64 = 0x3030_3030_3030_3030
        let notDigits = ((word & highNibbles) ^ threes) | (((word &+ 0x0606_0606_0606_0606) & highNibbles) ^ threes)
        return notDigits.trailingZeroBitCount &>> 3
    }

    /// `digits` (one digit value 0-9 per byte, first digit lowest) with only its first `count`
    /// (< 8) digits kept and moved up as the last ones, so that ``eightDigits(_:)`` reads the
    /// leading zeros first: the value of those `count` digits.
    @inline(__always)
    static func keepingLeading(_ digits: UInt64, _ count: Int) -> UInt64 {
        let bits = UInt64(truncatingIfNeeded: count) &* 8
        // count 0: the mask is 0 and so is the result, whatever the shift.
        return (digits & ((1 &<< bits) &- 1)) &<< (64 &- bits)
    }

    /// The value of eight decimal digits, one per byte (values 0-9), the first (most
    /// significant) in the lowest byte: three multiplications instead of eight steps
    /// (the SWAR conversion of simdjson's `parse_eight_digits_unrolled`).
    @inline(__always)
    static func eightDigits(_ digits: UInt64) -> UInt64 {
        let pairs = digits &* 10 &+ (digits &>> 8)
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let hundredsAndMillions: UInt64 = 100 &+ (1_000_000 &<< 32)
        let onesAndTenThousands: UInt64 = 1 &+ (10_000 &<< 32)
        return ((pairs & mask) &* hundredsAndMillions &+ ((pairs &>> 16) & mask) &* onesAndTenThousands) &>> 32
    }

    /// 10^`exponent` for 0 ≤ `exponent` < 8.
    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> UInt64 {
        var power: UInt64 = 1
        var remaining = exponent
        while remaining > 0 {
            power &*= 10
            remaining &-= 1
        }
        return power
    }

    /// Folds one digit into the mantissa, tracking whether the mantissa is still exact.
    @inline(__always)
    private func accumulate(
        _ byte: UInt8,
        into mantissa: inout UInt64,
        _ significantDigits: inout Int,
        _ exact: inout Bool,
        _ exponent: inout Int,
        fraction: Bool
    ) {
        let digit = UInt64(byte - UInt8(ascii: "0"))
        if significantDigits < 19 {
            mantissa = mantissa * 10 + digit
            if mantissa != 0 { significantDigits += 1 }
            if fraction { exponent -= 1 }
        } else {
            // Digits beyond 19 no longer fit: drop them but remember the loss of exactness.
            if digit != 0 { exact = false }
            if !fraction { exponent += 1 }
        }
    }

    private func slowNumber(_ start: Int) throws(JSONError) -> Double {
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: input[start..<index]), as: UTF8.self)
        guard let value = Double(text) else {
            throw JSONError(offset: start, message: "invalid number")
        }
        guard value.isFinite else {
            throw JSONError(offset: start, message: "number is out of range for a 64-bit float")
        }
        return value
    }

    private func numberError(_ what: String) -> JSONError {
        if index >= input.count {
            return JSONError(offset: index, message: "unexpected end of input, \(what)")
        }
        return JSONError(offset: index, message: what)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
