/// What a per-locale action needs to be rendered again in another locale: the event its
/// templates were rendered from and the message with every locale's template.
///
/// Why actions carry this: the locale may come from the customer's profile, a table only the
/// engine's contact-policy stage reads (operators are pure and see no tables), and timer- or
/// window-caused actions are rendered long after their event is gone. So an operator renders the
/// default locale and keeps the event; the policy stage, which looks the profile up anyway,
/// re-renders only when the profile names another supported locale (``Action/applyProfileLocale(_:)``).
/// Boxed, so it adds one pointer to every `Action` (which the hot path copies around) and one
/// allocation only to the actions that carry it; the event's and templates' own storage is
/// shared, never copied, and nothing is rendered unless a profile asks for another locale.
public struct ActionLocalization: Sendable, Equatable {
    private final class Storage: Sendable {
        let event: Event
        let message: MessageTemplate
        init(event: Event, message: MessageTemplate) { self.event = event; self.message = message }
    }

    private let storage: Storage
    public var event: Event { storage.event }
    public var message: MessageTemplate { storage.message }

    public init(event: Event, message: MessageTemplate) {
        storage = Storage(event: event, message: message)
    }

    /// Same event and same configured templates (compiled templates are not comparable).
    public static func == (lhs: ActionLocalization, rhs: ActionLocalization) -> Bool {
        lhs.event == rhs.event && lhs.message.configuredTexts == rhs.message.configuredTexts
    }
}

extension Action {
    /// Applies the customer's profile locale (from the contact policy's profile table) to an
    /// action whose event did not choose one: re-renders the message in the matching locale, if
    /// any, and drops ``localization`` either way, since the choice is final once made.
    public mutating func applyProfileLocale(_ profileLocale: String?) {
        guard let pending = localization else { return }
        localization = nil
        guard let profileLocale, let localized = pending.message.localized,
              let index = localized.match(profileLocale) else { return }
        let variant = localized.variants[index]
        guard variant.locale != locale else { return }
        message = variant.template.render(pending.event)
        locale = variant.locale
    }
}

extension MessageTemplate {
    /// The configured text of each locale (`locale=template`), or the one template's source.
    var configuredTexts: [String] {
        guard let localized else { return [source] }
        return localized.variants.map { "\($0.locale)=\($0.template.source)" }
    }
}
