/// Where task files live: `<state.dir>/<group_id>/<task>.sqlite`.
///
/// The group and task names come from config and topic names, so they are sanitised into
/// single, safe path components: a group id like `../x` or `a/b` must not escape or nest the
/// state directory, and two different names must never share a file (that would mix two
/// tasks' state).
extension TaskStateStore {
    /// The file extension of task files; `state stats` lists files by it.
    public static let fileExtension = "sqlite"

    /// `<stateDir>/<group>/<task>.sqlite`, both names passed through `sanitizedFileName`.
    public static func path(stateDir: String, group: String, task: String) -> String {
        "\(groupDirectory(stateDir: stateDir, group: group))/\(sanitizedFileName(task)).\(fileExtension)"
    }

    /// `<stateDir>/<group>`: the directory holding one consumer group's task files.
    public static func groupDirectory(stateDir: String, group: String) -> String {
        var base = stateDir
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        if base.isEmpty { base = "." }
        return base == "/" ? "/\(sanitizedFileName(group))" : "\(base)/\(sanitizedFileName(group))"
    }

    /// Maps any name to one path component, injectively:
    ///
    /// - `A-Z a-z 0-9 . _ -` stay as they are, so topic-style names (`inputs-3`,
    ///   `app-repartition-0`) are readable on disk;
    /// - every other byte of the UTF-8 encoding (including `/`, `%` and NUL) becomes `%XX`;
    /// - `.` and `..` become `%2E` and `%2E%2E`, and the empty name becomes `%empty` (never the
    ///   output of an escape, since `%` is otherwise always followed by two hex digits);
    /// - a result longer than 200 bytes is cut to 183 and ends in `~` plus a 16-hex-digit
    ///   FNV-1a hash of the original name, so it stays unique and, with `.sqlite-wal`, within
    ///   the common 255-byte file-name limit (Kafka topic names alone may be 249 characters);
    ///   `~` is escaped everywhere else, so a shortened name never equals an unshortened one.
    ///
    /// Case is kept, so on a case-insensitive file system (macOS default) two topics differing
    /// only in case would share a file; Kafka deployments run on Linux, where they do not.
    public static func sanitizedFileName(_ name: String) -> String {
        if name.isEmpty { return "%empty" }
        if name == "." || name == ".." { return String(repeating: "%2E", count: name.count) }
        var out = ""
        out.reserveCapacity(name.utf8.count)
        for byte in name.utf8 {
            if isPlain(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + hexDigit(byte >> 4) + hexDigit(byte & 0xF)
            }
        }
        guard out.utf8.count > maxNameBytes else { return out }
        let hash = String(fnv1a64(name.utf8), radix: 16)
        let padded = String(repeating: "0", count: 16 - hash.count) + hash
        // All of `out` is ASCII, so cutting at a byte count is cutting at a character.
        return String(out.prefix(maxNameBytes - 17)) + "~" + padded
    }

    private static let maxNameBytes = 200

    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> String {
        String(UnicodeScalar(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10))
    }

    /// FNV-1a, 64 bit: stable across processes and platforms (unlike `Hasher`, which is seeded
    /// per process), so the same name always maps to the same file.
    private static func fnv1a64(_ bytes: String.UTF8View) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
