import Mustache

/// A Mustache template for action texts (channel names, SMS/push/e-mail bodies).
///
/// Wraps swift-mustache with the daemon's rendering rules:
/// - **No HTML escaping.** These texts are not HTML; `{{name}}` must render `O'Brien & Co`
///   verbatim. The template is parsed with the `{{% CONTENT_TYPE: TEXT}}` pragma prepended,
///   which switches swift-mustache's escaping off for the whole template.
/// - The context is the event's fields, with nested objects reachable by dotted names
///   (`{{order.id}}`), plus `key` and `event_time` (epoch ms) unless the event has fields of
///   those names. Missing and `null` fields render as empty.
/// - Numbers render like JSON: integral values as `42`, not `42.0`.
///
/// `MustacheTemplate` is a `Sendable` struct of immutable parsed tokens, so this type is
/// `Sendable` without any locking and one instance can render on many threads.
public struct MessageTemplate: Sendable {
    /// The template text as configured (without the pragma this type adds).
    public let source: String
    private let template: MustacheTemplate
    /// Set when the template is plain text with `{{field}}` variables: rendered without Mustache.
    private let simple: SimpleTemplate?

    private static let textPragma = "{{% CONTENT_TYPE: TEXT}}\n"

    public init(_ source: String) throws(TemplateError) {
        self.source = source
        self.simple = SimpleTemplate.compile(source)
        do {
            // The pragma sits alone on its own line, which Mustache treats as "standalone" and
            // removes together with its newline, so the user's text starts unchanged.
            self.template = try MustacheTemplate(string: Self.textPragma + source)
        } catch let error as MustacheTemplate.ParserError {
            throw TemplateError(
                message: "invalid template: \(Self.explain(error.error))",
                // Line 1 of the parsed text is the pragma.
                line: max(1, error.context.lineNumber - 1),
                column: error.context.columnNumber
            )
        } catch {
            throw TemplateError(message: "invalid template: \(error)")
        }
    }

    /// Renders the template for `event`. Never fails: absent values render empty.
    public func render(_ event: Event) -> String {
        if let simple { return simple.render(event) }
        return template.render(TemplateEventContext(event: event))
    }

    /// Always through swift-mustache: lets tests check the fast path renders identically.
    func renderWithMustache(_ event: Event) -> String {
        template.render(TemplateEventContext(event: event))
    }

    /// Whether rendering takes the fast path (for tests).
    var isSimple: Bool { simple != nil }

    private static func explain(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "section closed with a different name than it was opened with"
        case .unfinishedName: return "unfinished tag"
        case .expectedSectionEnd: return "section is not closed"
        case .invalidSetDelimiter: return "invalid set-delimiter tag"
        case .transformAppliedToInheritanceSection: return "transform applied to an inheritance section"
        case .illegalTokenInsideInheritSection: return "illegal tag inside an inheritance section"
        case .textInsideInheritSection: return "text inside an inheritance section"
        case .invalidConfigVariableSyntax: return "invalid pragma syntax"
        case .unrecognisedConfigVariable: return "unrecognised pragma"
        }
    }
}
