#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to fd 1 and 2. Why not `print`: stdout is block-buffered when piped, so a
/// metrics line could sit in a buffer for minutes (or be lost on `kill -9`); and the C `stdout`
/// global is not concurrency-safe under Swift 6.
enum StandardStreams {
    static func writeStdout(_ bytes: [UInt8]) { writeAll(1, bytes) }
    static func writeStderr(_ text: String) { writeAll(2, Array(text.utf8)) }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buf in
            guard var p = buf.baseAddress else { return }
            var left = buf.count
            while left > 0 {
                let n = write(fd, p, left)
                if n < 0 { if errno == EINTR { continue } else { return } }
                left -= n
                p += n
            }
        }
    }
}
