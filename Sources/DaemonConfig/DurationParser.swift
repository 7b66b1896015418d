/// Parses the compact durations used throughout the config: `500ms`, `10s`, `5m`, `1h`, `7d`, `1h30m`.
///
/// The grammar is deliberately narrow: one or more `<digits><unit>` parts, no spaces, no sign, no
/// fractions. A bare number is rejected because its unit would be a guess (`10` seconds? millis?),
/// and spelled-out units such as `30 mins` are rejected rather than half-understood.
public enum DurationParser {
    /// Units in milliseconds. `ms` must be matched as a whole so that `5ms` is not read as `5m`+`s`.
    private static let unitMilliseconds: [String: Int64] = [
        "ms": 1,
        "s": 1_000,
        "m": 60_000,
        "h": 3_600_000,
        "d": 86_400_000,
    ]

    /// Appended to "invalid duration" messages: examples teach the grammar faster than a description.
    static let examples = "(expected e.g. 500ms, 10s, 5m, 1h, 7d)"

    /// The duration in milliseconds, or nil if `text` is not a valid duration (or overflows `Int64`).
    public static func milliseconds(_ text: String) -> Int64? {
        var rest = text.utf8[...]
        guard !rest.isEmpty else { return nil }
        var total: Int64 = 0
        while !rest.isEmpty {
            let digits = rest.prefix { UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0 }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { UInt8(ascii: "a")...UInt8(ascii: "z") ~= $0 }
            rest = rest.dropFirst(unit.count)
            guard !digits.isEmpty,
                  let amount = Int64(String(decoding: digits, as: UTF8.self)),
                  let scale = unitMilliseconds[String(decoding: unit, as: UTF8.self)]
            else { return nil }
            let (part, partOverflow) = amount.multipliedReportingOverflow(by: scale)
            let (sum, sumOverflow) = total.addingReportingOverflow(part)
            guard !partOverflow, !sumOverflow else { return nil }
            total = sum
        }
        return total
    }
}
