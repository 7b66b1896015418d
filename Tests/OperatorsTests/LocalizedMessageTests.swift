import Testing
@testable import Operators

/// Per-locale messages: which locale's template renders an action, Korean text through the
/// action's JSON, and the action encoding of single-template pipelines left untouched.
@Suite("Per-locale messages")
struct LocalizedMessageTests {
    static let korean = "고객님의 택배 {{order_id}}가 지연되고 있습니다"

    /// en-US (default unless given), ko-KR, pt; the event's `locale` field names the locale.
    static func message(defaultLocale: String? = nil, localeField: FieldPath? = "locale") throws -> MessageTemplate {
        let variants = [("en-US", "Your parcel {{order_id}} is late"), ("ko-KR", korean), ("pt", "Encomenda {{order_id}} atrasada")]
        let compiled = try variants.map { (locale: $0.0, template: try MessageTemplate($0.1)) }
        let localized = try #require(LocalizedTemplates(variants: compiled, defaultLocale: defaultLocale, localeField: localeField))
        return MessageTemplate(localized: localized)
    }

    static func event(locale: String?) -> Event {
        let field = locale.map { #","locale":"\#($0)""# } ?? ""
        return TestSupport.event(#"{"order_id":"P-7"\#(field)}"#)
    }

    static func action(_ message: MessageTemplate, locale: String?) throws -> Action {
        let template = ActionTemplate(trigger: "parcel_delay", channel: try MessageTemplate("sms"), message: message,
                                      customerField: nil)
        return try template.make(from: event(locale: locale), emittedAtMs: 5)
    }

    @Test func theEventsLocaleFieldChoosesExactlyIgnoringCaseAndUnderscores() throws {
        let message = try Self.message()
        #expect(message.render(localizing: Self.event(locale: "ko-KR"))
            == LocalizedText(text: "고객님의 택배 P-7가 지연되고 있습니다", locale: "ko-KR", chosenByEvent: true))
        #expect(message.render(localizing: Self.event(locale: "ko_kr")).locale == "ko-KR")
        #expect(message.render(localizing: Self.event(locale: "EN-us")).locale == "en-US")
    }

    @Test func languageOnlyMatchesBothWays() throws {
        let message = try Self.message()
        // `ko` ← `ko-KR`: a bare language request takes the first locale of that language.
        #expect(message.render(localizing: Self.event(locale: "ko")).locale == "ko-KR")
        // A regional request takes the bare-language template.
        #expect(message.render(localizing: Self.event(locale: "pt-BR")).text == "Encomenda P-7 atrasada")
        #expect(message.render(localizing: Self.event(locale: "en-GB")).locale == "en-US")
    }

    @Test func otherwiseTheDefaultAndTheFirstListedByDefault() throws {
        for locale in [nil, "fr-FR", "", "k"] {
            let text = try Self.message().render(localizing: Self.event(locale: locale))
            #expect(text == LocalizedText(text: "Your parcel P-7 is late", locale: "en-US", chosenByEvent: false))
        }
        #expect(try Self.message(defaultLocale: "ko-kr").render(localizing: Self.event(locale: "fr")).locale == "ko-KR")
        // Without a locale field only the default (or a profile) decides.
        #expect(try Self.message(localeField: nil).render(localizing: Self.event(locale: "ko-KR")).locale == "en-US")
        #expect(LocalizedTemplates(variants: [], defaultLocale: nil, localeField: nil) == nil)
        #expect(LocalizedTemplates(variants: [(locale: "en", template: try MessageTemplate("x"))], defaultLocale: "ko",
                                   localeField: nil) == nil)
    }

    @Test func aProfileLocaleAppliesOnlyWhenTheEventChoseNone() throws {
        var defaulted = try Self.action(Self.message(), locale: nil)
        #expect(defaulted.locale == "en-US" && defaulted.localization != nil)
        defaulted.applyProfileLocale("ko")
        #expect(defaulted.message == "고객님의 택배 P-7가 지연되고 있습니다" && defaulted.locale == "ko-KR")
        #expect(defaulted.localization == nil)

        // An unsupported event locale leaves the choice to the profile.
        var unsupported = try Self.action(Self.message(), locale: "fr-FR")
        unsupported.applyProfileLocale("ko-KR")
        #expect(unsupported.locale == "ko-KR")

        var chosen = try Self.action(Self.message(), locale: "pt")
        #expect(chosen.localization == nil)
        chosen.applyProfileLocale("ko-KR")
        #expect(chosen.locale == "pt")

        var unknownProfile = try Self.action(Self.message(), locale: nil)
        unknownProfile.applyProfileLocale("de-DE")
        #expect(unknownProfile.locale == "en-US" && unknownProfile.message == "Your parcel P-7 is late")
        #expect(unknownProfile.localization == nil)
    }

    @Test func koreanRoundTripsAsUTF8ThroughTheActionJSON() throws {
        let action = try Self.action(Self.message(), locale: "ko-KR")
        let bytes = action.encodeJSON()
        let expected = "고객님의 택배 P-7가 지연되고 있습니다"
        // Written as raw UTF-8, not \u escapes.
        #expect(String(validating: bytes, as: UTF8.self)?.contains(#""message":"\#(expected)","locale":"ko-KR","event_time""#) == true)
        #expect(Array(expected.utf8).count == 3 * 15 + 7, "15 Hangul syllables of three UTF-8 bytes each, 7 ASCII bytes")
        guard case .object(let object) = try JSONReader.parse(bytes) else {
            Issue.record("not an object")
            return
        }
        #expect(object["message"] == .string(expected))
        #expect(object["locale"] == .string("ko-KR"))
    }

    @Test func singleTemplateActionsEncodeExactlyAsBefore() throws {
        let action = try Self.action(MessageTemplate("Your parcel {{order_id}} is late"), locale: "ko-KR")
        #expect(action.locale == nil && action.localization == nil)
        let expected = #"{"action_id":"\#(action.actionID)","trigger":"parcel_delay","customer_id":"c-1","channel":"sms","message":"Your parcel P-7 is late","event_time":1700000000000,"emitted_at":5,"cause":{"topic":"orders","partition":3,"offset":1234}}"#
        #expect(action.encodeJSON() == Array(expected.utf8))
    }

    @Test func renderWithoutLocalizingUsesTheEventsLocale() throws {
        #expect(try Self.message().render(Self.event(locale: "ko-KR")) == "고객님의 택배 P-7가 지연되고 있습니다")
        #expect(try Self.message().source == "Your parcel {{order_id}} is late")
    }
}
