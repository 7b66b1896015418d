extension JSONParser {
    /// Steps over the number at `index` (a '-' or a digit) as ``parseNumber()`` would, without
    /// computing its value: for a dropped member, whose value no one reads.
    ///
    /// Only the forms that are certainly valid and finite are scanned here: an optional '-',
    /// an integer part of at most 308 digits without a leading zero, an optional fraction and
    /// no exponent (below 10^308 every such number is a finite `Double`). Anything else (an
    /// exponent, which may overflow, a longer integer part, any grammar error) goes back to the
    /// number's start and through ``parseNumber()`` itself, so the accepted numbers, the end
    /// position and every error are exactly those of a full parse.
    ///
    /// Why: a dropped decimal (`"amount":12.50`) took the general path of ``parseNumber()``,
    /// tracking significant digits and converting, for a value thrown away.
    mutating func skipNumber() throws(JSONError) {
        let start = index
        let count = input.count
        var position = start
        if input[position] == UInt8(ascii: "-") { position &+= 1 }
        guard position < count else { return try parseNumberFrom(start) }
        let integerStart = position
        let first = input[position]
        if first == UInt8(ascii: "0") {
            position &+= 1
            if position < count, input[position] &- UInt8(ascii: "0") < 10 { return try parseNumberFrom(start) }
        } else if first &- UInt8(ascii: "1") < 9 {
            position &+= 1
            while position < count, input[position] &- UInt8(ascii: "0") < 10 { position &+= 1 }
        } else {
            return try parseNumberFrom(start)
        }
        guard position &- integerStart <= 308 else { return try parseNumberFrom(start) }
        if position < count, input[position] == UInt8(ascii: ".") {
            position &+= 1
            guard position < count, input[position] &- UInt8(ascii: "0") < 10 else { return try parseNumberFrom(start) }
            while position < count, input[position] &- UInt8(ascii: "0") < 10 { position &+= 1 }
        }
        if position < count, input[position] | 0x20 == UInt8(ascii: "e") { return try parseNumberFrom(start) }
        index = position
    }

    /// ``parseNumber()`` from `start`, its value dropped.
    private mutating func parseNumberFrom(_ start: Int) throws(JSONError) {
        index = start
        _ = try parseNumber()
    }
}
