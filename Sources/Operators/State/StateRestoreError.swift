/// A stored state value an operator cannot load: corrupt or truncated bytes, a format version
/// this build does not know, or state written for a differently configured operator.
///
/// It names the key because the engine restores thousands of keys at once and whoever
/// investigates needs to find the offending changelog record, not just learn that one failed.
public struct StateRestoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    /// e.g. `cannot restore state of key 'c-1': unexpected end of state at byte 12`.
    public var description: String { "cannot restore state of key '\(key)': \(message)" }
}
