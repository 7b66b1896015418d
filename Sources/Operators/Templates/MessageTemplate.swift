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
/// A message may also be configured per locale (``init(localized:)``): the value then carries
/// every locale's template, and ``render(localizing:)`` picks one per event. It stays one type so
/// every trigger kind, which holds a `MessageTemplate`, gets per-locale messages unchanged.
///
/// `MustacheTemplate` is a `Sendable` struct of immutable parsed tokens, so this type is
/// `Sendable` without any locking and one instance can render on many threads.
public struct MessageTemplate: Sendable {
    /// The template text as configured (without the pragma this type adds); for a per-locale
    /// message, the default locale's.
    public let source: String
    private let template: MustacheTemplate
    /// Set when the template is plain text with `{{field}}` variables: rendered without Mustache.
    private let simple: SimpleTemplate?
    /// Set for a message configured per locale; `template`/`simple` are then the default's.
    public let localized: LocalizedTemplates?

    private static let textPragma = "{{% CONTENT_TYPE: TEXT}}\n"

    public init(_ source: String) throws(TemplateError) {
        self.source = source
        self.simple = SimpleTemplate.compile(source)
        self.localized = nil
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

    /// A per-locale message; each variant is a plain (single) template compiled on its own, so a
    /// syntax error names its locale.
    public init(localized: LocalizedTemplates) {
        let fallback = localized.defaultVariant.template
        self.source = fallback.source
        self.template = fallback.template
        self.simple = fallback.simple
        self.localized = localized
    }

    /// Renders the template for `event`. Never fails: absent values render empty. A per-locale
    /// message renders in the event's locale (its `locale_field`) or else the default.
    public func render(_ event: Event) -> String {
        render(localizing: event).text
    }

    /// Renders `event` and says in which locale (nil: not a per-locale message), and whether the
    /// event itself chose it; if not, a profile locale may still choose another
    /// (``Action/applyProfileLocale(_:)``).
    public func render(localizing event: Event) -> LocalizedText {
        guard let localized else { return LocalizedText(text: renderSingle(event), locale: nil, chosenByEvent: true) }
        let chosen = localized.eventMatch(event)
        let variant = localized.variants[chosen ?? localized.defaultIndex]
        return LocalizedText(text: variant.template.renderSingle(event), locale: variant.locale,
                             chosenByEvent: chosen != nil)
    }

    private func renderSingle(_ event: Event) -> String {
        if let simple { return simple.render(event) }
        return template.render(TemplateEventContext(event: event))
    }

    /// The fast path over a field lookup (``SimpleTemplate/render(key:eventTimeMs:lookup:)``);
    /// nil when this template needs swift-mustache or is per-locale, and the caller must then
    /// build the event and call ``render(localizing:)``.
    func renderSimple(key: String, eventTimeMs: Int64, lookup: (FieldPath) -> JSONValue?) -> String? {
        guard localized == nil, let simple else { return nil }
        return simple.render(key: key, eventTimeMs: eventTimeMs, lookup: lookup)
    }

    /// Whether ``renderSimple(key:eventTimeMs:lookup:)`` renders this template.
    var rendersSimply: Bool { localized == nil && simple != nil }

    /// The field paths ``renderSimple(key:eventTimeMs:lookup:)`` looks up, in template order;
    /// nil when it does not render this template. Lets a caller tell what the text depends on.
    var simpleVariables: [FieldPath]? {
        guard localized == nil, let simple else { return nil }
        return simple.variables
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

/// A rendered message and the locale it was rendered in.
public struct LocalizedText: Sendable, Equatable {
    public var text: String
    /// The configured locale whose template rendered `text`; nil for a single template.
    public var locale: String?
    /// Whether the event's `locale_field` chose the locale (always true for a single template):
    /// false means the default was used and a profile locale may still replace it.
    public var chosenByEvent: Bool
}
