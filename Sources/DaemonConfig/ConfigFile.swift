#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the config file with plain POSIX calls, so a failure carries the operating system's own
/// wording (`No such file or directory`, `Is a directory`, `Permission denied`): that is what an
/// operator searches for, and Foundation's paraphrases differ between platforms and versions.
enum ConfigFile {
    struct ReadFailure: Error {
        var reason: String
    }

    static func read(_ path: String) throws(ReadFailure) -> String {
        guard let file = fopen(path, "rb") else { throw ReadFailure(reason: systemReason()) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            bytes.append(contentsOf: buffer[..<count])
            guard count == buffer.count else { break }
        }
        // A directory opens fine on Linux and only fails here, with EISDIR.
        guard ferror(file) == 0 else { throw ReadFailure(reason: systemReason()) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ReadFailure(reason: "not valid UTF-8")
        }
        return text
    }

    private static func systemReason() -> String {
        String(cString: strerror(errno))
    }
}
