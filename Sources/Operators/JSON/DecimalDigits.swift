/// Decimal rendering of integers straight into a byte buffer, for the hot output paths
/// (action JSON, window discriminators) where `description` and interpolation would allocate
/// or go through generic formatting. Produces exactly what `String(value)` does.
enum DecimalDigits {
    /// Writes `value` at `position` (the buffer must have room for 20 bytes from there) and
    /// returns the position after the last digit.
    @inline(__always)
    static func write(_ value: Int64, into buffer: UnsafeMutableBufferPointer<UInt8>, at position: Int) -> Int {
        var position = position
        if value < 0 {
            buffer[position] = UInt8(ascii: "-")
            position += 1
        }
        var magnitude = value.magnitude
        var digitCount = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digitCount += 1
        }
        let end = position + digitCount
        var cursor = end
        repeat {
            cursor -= 1
            buffer[cursor] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        return end
    }
}
