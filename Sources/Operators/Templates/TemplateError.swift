/// A message template that does not parse.
///
/// Raised at configuration time, never per event, so a broken template stops the daemon at
/// startup with a location instead of producing garbled messages.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// 1-based line within the template source, when known.
    public var line: Int?
    /// 1-based column within the template source, when known.
    public var column: Int?

    public init(message: String, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        guard let line, let column else { return message }
        return "\(message) at line \(line), column \(column)"
    }
}
