/// Parses byte sizes written with binary (IEC) units: `512B`, `64KiB`, `1MiB`, `2GiB`.
///
/// Only the IEC units are accepted: `1MB` is ambiguous (10^6 or 2^20 depending on who wrote it),
/// and a size limit that is off by 5% is exactly the kind of bug nobody finds.
enum ByteSizeParser {
    static let unitNames = ["B", "KiB", "MiB", "GiB"]

    private static let unitBytes: [String: Int] = ["B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30]

    /// The size in bytes, or nil if `text` is not `<digits><unit>` (or a bare digit string) or overflows.
    static func bytes(_ text: String) -> Int? {
        let digits = text.utf8.prefix { UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0 }
        let unit = String(decoding: text.utf8.dropFirst(digits.count), as: UTF8.self)
        guard !digits.isEmpty,
              let amount = Int(String(decoding: digits, as: UTF8.self)),
              let scale = unit.isEmpty ? 1 : unitBytes[unit]
        else { return nil }
        let (bytes, overflow) = amount.multipliedReportingOverflow(by: scale)
        return overflow ? nil : bytes
    }
}
