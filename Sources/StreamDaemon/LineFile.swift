import Foundation

/// Reads a file (or a pipe, or stdin as `-`) line by line in 1 MiB chunks, so replaying a
/// multi-gigabyte JSON-lines file needs memory for one chunk, not for the file.
struct LineFile: Sequence {
    let handle: FileHandle

    init?(path: String) {
        if path == "-" { handle = FileHandle.standardInput; return }
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        handle = h
    }

    struct Iterator: IteratorProtocol {
        let handle: FileHandle
        /// A block read into in place: bytes `start..<end` are unread, the rest is free space.
        var buffer: [UInt8] = []
        var start = 0
        var end = 0
        var eof = false
        static let chunkSize = 1 << 20

        mutating func next() -> ArraySlice<UInt8>? {
            while true {
                if let nl = Self.newline(in: buffer, from: start, to: end) {
                    defer { start = nl + 1 }
                    return buffer[start..<nl]
                }
                if eof {
                    guard start < end else { return nil }
                    defer { start = end }
                    return buffer[start..<end]
                }
                refill()
            }
        }

        /// Keeps the unfinished line (moved to the front) and reads the next chunk behind it,
        /// straight from the file descriptor into the block. `handle.read(upToCount:)` returned
        /// a fresh `Data` per chunk that was then copied into the array (callgrind, events-300k:
        /// 44 M instructions of copying and reallocating, 2 % of a threshold replay).
        private mutating func refill() {
            if start > 0 {
                buffer.withUnsafeMutableBufferPointer { block in
                    guard let base = block.baseAddress else { return }
                    _ = memmove(base, base + start, end - start)
                }
                end -= start
                start = 0
            }
            // A line longer than the free space: the block grows (doubling, so long lines stay linear).
            if buffer.count - end < Self.chunkSize {
                buffer.append(contentsOf: repeatElement(0, count: Swift.max(Self.chunkSize, buffer.count)))
            }
            let fd = handle.fileDescriptor
            let read: Int = buffer.withUnsafeMutableBufferPointer { block in
                guard let base = block.baseAddress else { return 0 }
                while true {
                    let n = Glibc.read(fd, base + end, block.count - end)
                    if n < 0 && errno == EINTR { continue }
                    return n
                }
            }
            // End of input, or a read error (as before: the lines so far are the input).
            if read > 0 { end += read } else { eof = true }
        }

        /// The index of the first `\n` in `start..<end`: `memchr` scans 16+ bytes per step,
        /// where `firstIndex(of:)` on the slice went byte by byte (2.7 % of a replay, callgrind).
        private static func newline(in buffer: [UInt8], from start: Int, to end: Int) -> Int? {
            buffer.withUnsafeBufferPointer { bytes in
                guard let base = bytes.baseAddress, start < end,
                      let hit = memchr(base + start, 0x0A, end - start) else { return nil }
                return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            }
        }
    }

    func makeIterator() -> Iterator { Iterator(handle: handle) }
}

/// Buffered output to a file or stdout, flushed every 1 MiB and at the end.
///
/// The buffer is a fixed block with a fill mark (not an array appended to), so a writer can
/// encode straight into its free space (``writeLine(capacity:_:)``): replay's actions are
/// written that way, one copy per action instead of an encoded array plus its append.
struct LineSink {
    private let handle: FileHandle?
    private var buffer: [UInt8]
    private var used = 0
    private static let flushThreshold = 1 << 20
    /// Free space kept beyond the threshold for encoders; lines longer than that take the
    /// array path.
    private static let headroom = 1 << 16

    /// nil path → stdout.
    init?(path: String?) {
        buffer = [UInt8](repeating: 0, count: Self.flushThreshold + Self.headroom)
        guard let path else { handle = nil; return }
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let h = FileHandle(forWritingAtPath: path) else { return nil }
        handle = h
    }

    mutating func writeLine(_ bytes: [UInt8]) {
        if buffer.count - used <= bytes.count { flush() }
        if buffer.count - used <= bytes.count {
            // Longer than the whole block: grow it for this line (rare: dead letters of huge records).
            buffer.append(contentsOf: repeatElement(0, count: bytes.count + 1 - (buffer.count - used)))
        }
        buffer.withUnsafeMutableBufferPointer { block in
            guard let target = block.baseAddress else { return }
            bytes.withUnsafeBufferPointer { source in
                if let from = source.baseAddress { (target + used).update(from: from, count: source.count) }
            }
            target[used + bytes.count] = 0x0A
        }
        used += bytes.count + 1
        if used >= Self.flushThreshold { flush() }
    }

    /// Lets `encode` write a line (without its newline) into free space of at least `capacity`
    /// bytes and return how many it wrote, or nil to write nothing; false then, or when
    /// `capacity` exceeds the headroom, and the caller writes the line another way.
    mutating func writeLine(capacity: Int, _ encode: (UnsafeMutableBufferPointer<UInt8>) -> Int?) -> Bool {
        guard capacity < Self.headroom else { return false }
        if buffer.count - used <= capacity { flush() }
        let start = used
        let written: Int? = buffer.withUnsafeMutableBufferPointer { block in
            let free = UnsafeMutableBufferPointer(rebasing: block[start..<(block.count - 1)])
            guard let count = encode(free), count <= free.count, let base = block.baseAddress else { return nil }
            base[start + count] = 0x0A
            return count
        }
        guard let written else { return false }
        used += written + 1
        if used >= Self.flushThreshold { flush() }
        return true
    }

    mutating func flush() {
        guard used > 0 else { return }
        if let handle {
            // One memcpy into the Data (`Data(buffer[..<used])` copied the slice byte by byte).
            buffer.withUnsafeBufferPointer { handle.write(Data(buffer: UnsafeBufferPointer(rebasing: $0[..<used]))) }
        } else {
            StandardStreams.writeStdout(Array(buffer[..<used]))
        }
        used = 0
    }
}
