/// Why ``StateReader`` could not read a value, and where.
///
/// Kept apart from ``StateRestoreError`` because the reader does not know which key it reads:
/// operators catch this and rethrow it with the key.
public struct StateDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Zero-based byte offset into the value where the problem was detected.
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(message) at byte \(offset)" }
}
