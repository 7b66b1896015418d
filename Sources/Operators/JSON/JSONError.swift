/// Why a byte sequence is not an acceptable JSON document, and where.
///
/// Carries the byte offset so dead letters can point at the exact position of the problem;
/// the description reads like "expected ':' after object key at byte 17".
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Zero-based byte offset into the input where the problem was detected.
    public var offset: Int
    /// What is wrong. Encoding problems start with "invalid UTF-8".
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(message) at byte \(offset)" }

    /// `true` when the input is not valid UTF-8 (as opposed to valid text with a syntax error);
    /// the decoder dead-letters those under a separate reason.
    public var isInvalidUTF8: Bool { message.hasPrefix(Self.invalidUTF8Prefix) }

    static let invalidUTF8Prefix = "invalid UTF-8"
}
