import Testing
@testable import DaemonConfig

/// `action.message` as a mapping of locale → template, `default_locale`, `locale_field`, and
/// `inputs[].fields`.
@Suite struct LocaleConfigTests {
    /// Lines 16–20: message:, en-US, ko-KR, then the `extra` lines (each indented like `channel`).
    static func localized(_ extra: String = "", ko: String = #""택배 {{order_id}} 지연""#) -> String {
        let lines = ["      message:", #"        en-US: "Parcel {{order_id}} late""#, "        ko-KR: \(ko)"]
            + extra.split(separator: "\n").map { "      " + $0 }
        return minimalYAML.replacing("      message: hi", with: lines.joined(separator: "\n"))
    }

    @Test func perLocaleMessagesKeepFileOrderAndLocations() throws {
        let action = try #require(parseValid(Self.localized("default_locale: ko-KR\nlocale_field: prefs.locale"))?
            .pipelines.first?.action)
        #expect(action.localizedMessages == [
            .init(locale: "en-US", template: "Parcel {{order_id}} late", location: .init(file: "test.yaml", line: 17, column: 16)),
            .init(locale: "ko-KR", template: "택배 {{order_id}} 지연", location: .init(file: "test.yaml", line: 18, column: 16)),
        ])
        #expect(action.defaultLocale == "ko-KR")
        #expect(action.localeField == "prefs.locale")
        // `message` is the default's template, for code that knows nothing of locales.
        #expect(action.message == "택배 {{order_id}} 지연")
        #expect(action.messageLocation.line == 18)
    }

    @Test func theDefaultIsTheFirstListedUnlessGivenAndMatchesIgnoringCase() throws {
        #expect(parseValid(Self.localized())?.pipelines.first?.action.defaultLocale == "en-US")
        #expect(parseValid(Self.localized("default_locale: ko-kr"))?.pipelines.first?.action.defaultLocale == "ko-KR")
    }

    @Test func aPlainStringStaysOneTemplateForAll() throws {
        let action = try #require(parseValid(minimalYAML)?.pipelines.first?.action)
        #expect(action.localizedMessages.isEmpty && action.defaultLocale == nil && action.localeField == nil)
        #expect(action.message == "hi")
    }

    @Test func defaultLocaleMustBeListed() {
        #expect(errors(Self.localized("default_locale: ko-KP")) == [
            "test.yaml:19:23: default_locale 'ko-KP' is not one of the locales in pipelines[0].action.message (en-US, ko-KR) (did you mean 'ko-KR'?)",
        ])
    }

    @Test func localesAreBCP47ShapedAndUniqueIgnoringCase() {
        let yaml = minimalYAML.replacing("      message: hi", with: """
                  message:
                    en-US: a
                    english: b
                    en_GB: c
                    EN-us: d
            """)
        #expect(errors(yaml) == [
            "test.yaml:19:9: invalid locale 'en_GB' in pipelines[0].action.message; locales are BCP 47 tags such as en, en-US or zh-Hant-TW",
            "test.yaml:20:9: locale 'EN-us' is listed twice in pipelines[0].action.message (first at 17:9); locales match ignoring case",
        ])
    }

    @Test func localeSettingsNeedAPerLocaleMessage() {
        let yaml = minimalYAML.replacing("      message: hi", with: "      message: hi\n      default_locale: en\n      locale_field: lang")
        #expect(errors(yaml) == [
            "test.yaml:17:7: default_locale applies only when pipelines[0].action.message is a mapping of locale to template (e.g. en-US: \"…\", ko-KR: \"…\")",
            "test.yaml:18:7: locale_field applies only when pipelines[0].action.message is a mapping of locale to template (e.g. en-US: \"…\", ko-KR: \"…\")",
        ])
    }

    @Test func emptyOrMistypedLocaleMessagesAreErrors() {
        #expect(errors(minimalYAML.replacing("      message: hi", with: "      message: {}")) == [
            "test.yaml:16:16: pipelines[0].action.message must name at least one locale (or be a single template)",
        ])
        #expect(errors(Self.localized(ko: "[a, b]")) == [
            "test.yaml:18:16: expected a string for pipelines[0].action.message.ko-KR, got a list",
        ])
        #expect(errors(Self.localized("locale_field: a..b")).count == 1)
    }

    @Test func inputsMayDeclareTheirFields() throws {
        let yaml = minimalYAML.replacing("    time_field: ts", with: "    time_field: ts\n    fields: [order_id, profile.name]")
        #expect(parseValid(yaml)?.inputs.first?.fields == ["order_id", "profile.name"])
        #expect(parseValid(minimalYAML)?.inputs.first?.fields == nil)
    }

    @Test func declaredFieldsAreDistinctPathsAndNotEmpty() {
        let fields = { (list: String) in minimalYAML.replacing("    time_field: ts", with: "    time_field: ts\n    fields: \(list)") }
        #expect(errors(fields("[]")) == [
            "test.yaml:7:13: inputs[0].fields must not be empty; omit it to leave template fields unchecked",
        ])
        #expect(errors(fields("[a, b, a]")) == ["test.yaml:7:20: field 'a' is listed twice in inputs[0].fields"])
        #expect(errors(fields("[a.]")) == [
            "test.yaml:7:14: invalid field path 'a.' for inputs[0].fields[0]; use field names separated by single dots, e.g. customer_id or order.total",
        ])
        #expect(errors(fields("order_id")) == ["test.yaml:7:13: expected a list for inputs[0].fields, got string 'order_id'"])
    }
}
