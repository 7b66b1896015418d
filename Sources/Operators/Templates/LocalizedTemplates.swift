/// A message configured per locale (`message: {en-US: "…", ko-KR: "…"}`): one compiled template
/// per locale, the default, and the event field that may name the customer's locale.
///
/// Which template serves an action: the first of (the event's `locale_field` value, the
/// customer's profile locale) that matches one of the locales, else the default. "Matches" is
/// BCP 47-style and case-insensitive (`_` counts as `-`, since profiles often hold POSIX-style
/// `ko_KR`): the exact tag, else the bare language (`ko` serves `ko-KR`), else the first locale
/// of the same language (`ko-KR` serves `ko`). An unsupported event locale therefore does not
/// hide a supported profile locale: a Korean customer whose app reports `fr-FR` still gets Korean
/// rather than the default. Matching never fails an action: the default always exists.
public struct LocalizedTemplates: Sendable {
    public struct Variant: Sendable {
        /// The locale as configured, e.g. `ko-KR`: what goes into ``Action/locale``.
        public let locale: String
        public let template: MessageTemplate
    }

    /// In configuration order.
    public let variants: [Variant]
    /// Index into `variants` of the default locale.
    public let defaultIndex: Int
    /// Event field naming the customer's locale; nil: only the profile (or the default) decides.
    public let localeField: FieldPath?
    /// `variants`' locales normalised for matching (lowercase, `-` separators).
    private let normalized: [String]

    /// Nil when `variants` is empty or `defaultLocale` (nil: the first variant) is not one of
    /// them; the config schema rejects both before this is built.
    public init?(variants: [(locale: String, template: MessageTemplate)], defaultLocale: String?,
                 localeField: FieldPath?) {
        let normalized = variants.map { Self.normalize($0.locale) }
        let defaultIndex: Int?
        if let defaultLocale {
            defaultIndex = normalized.firstIndex(of: Self.normalize(defaultLocale))
        } else {
            defaultIndex = variants.isEmpty ? nil : 0
        }
        guard let defaultIndex else { return nil }
        self.variants = variants.map { Variant(locale: $0.locale, template: $0.template) }
        self.defaultIndex = defaultIndex
        self.localeField = localeField
        self.normalized = normalized
    }

    public var defaultVariant: Variant { variants[defaultIndex] }

    /// The variant serving `requested`, or nil when none matches it (exact, bare language, same language).
    public func match(_ requested: String) -> Int? {
        let wanted = Self.normalize(requested)
        guard !wanted.isEmpty else { return nil }
        if let exact = normalized.firstIndex(of: wanted) { return exact }
        let language = Self.language(of: wanted)
        if let bare = normalized.firstIndex(of: language) { return bare }
        return normalized.firstIndex { Self.language(of: $0) == language }
    }

    /// The event's locale (`localeField`) when it is a string some variant matches.
    public func eventMatch(_ event: Event) -> Int? {
        guard let localeField, case .string(let requested)? = event[localeField] else { return nil }
        return match(requested)
    }

    static func normalize(_ tag: String) -> String {
        String(tag.lowercased().map { $0 == "_" ? "-" : $0 })
    }

    static func language(of normalizedTag: String) -> String {
        String(normalizedTag.prefix { $0 != "-" })
    }
}
