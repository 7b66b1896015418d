/// Types a plain (unquoted) scalar the way the YAML 1.2 core schema does.
///
/// Done here instead of by Yams' resolver because typing must happen *after* `${VAR}`
/// interpolation (`${PARTITIONS:4}` is an integer), and because Yams' default resolver follows
/// YAML 1.1, where `yes`, `on` and `0777` mean surprising things.
enum CoreSchema {
    static func value(ofPlain text: String) -> ConfigValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        if let int = integer(text) { return .int(int) }
        if isFloat(text), let double = Double(text) { return .double(double) }
        if isDecimalInteger(text), let double = Double(text) {
            // Fits the core-schema int pattern but not Int64: keep it numeric rather than a string.
            return .double(double)
        }
        return .string(text)
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`, when representable as `Int64`.
    private static func integer(_ text: String) -> Int64? {
        if text.hasPrefix("0x") { return hexOrOctal(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o") { return hexOrOctal(text.dropFirst(2), radix: 8) }
        guard isDecimalInteger(text) else { return nil }
        return Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    private static func hexOrOctal(_ digits: Substring, radix: Int) -> Int64? {
        // Int64(_:radix:) would also accept a sign, which the core schema does not.
        guard let first = digits.first, first != "+", first != "-" else { return nil }
        return Int64(digits, radix: radix)
    }

    private static func isDecimalInteger(_ text: String) -> Bool {
        let unsigned = text.hasPrefix("+") || text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        return !unsigned.isEmpty && unsigned.utf8.allSatisfy(isDigit)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    private static func isFloat(_ text: String) -> Bool {
        var rest = text.utf8[...]
        if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { rest = rest.dropFirst() }
        let integerDigits = rest.prefix(while: isDigit).count
        rest = rest.dropFirst(integerDigits)
        var fractionDigits = 0
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            fractionDigits = rest.prefix(while: isDigit).count
            rest = rest.dropFirst(fractionDigits)
        }
        guard integerDigits > 0 || fractionDigits > 0 else { return false }
        if let e = rest.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            rest = rest.dropFirst()
            if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { rest = rest.dropFirst() }
            let exponentDigits = rest.prefix(while: isDigit).count
            guard exponentDigits > 0 else { return false }
            rest = rest.dropFirst(exponentDigits)
        }
        return rest.isEmpty
    }

    private static func isDigit(_ byte: UInt8) -> Bool { UInt8(ascii: "0")...UInt8(ascii: "9") ~= byte }
}
