import Policies
import Testing

@Suite("ContactPolicySettings")
struct SettingsTests {
    @Test func defaultsAreValidAndConservative() {
        let settings = ContactPolicySettings()
        #expect(settings.problems.isEmpty)
        #expect(settings.defaultTimeZone == "UTC")
        #expect(!settings.unknownConsentAllowsMarketing && settings.unknownConsentAllowsTransactional)
        #expect(!settings.doNotContactBlocksTransactional)
        #expect(settings.transactionalQuietHours == .send)
        #expect(settings.quietHours == nil && settings.holdout == nil && settings.frequencyCaps.isEmpty)
    }

    @Test func problemsNameEveryInvalidField() {
        let settings = ContactPolicySettings(
            defaultTimeZone: "Atlantis/Capital", fallbackChannels: ["sms": ["sms"]],
            frequencyCaps: [FrequencyCap(name: "d", limit: -1, days: 0), FrequencyCap(name: "d", limit: 1, days: 1)],
            quietHours: QuietHours(startMinute: 1_440, endMinute: 480), holdout: HoldoutSettings(salt: "s", share: 1.5),
            attributionWindowDays: -1)
        #expect(settings.problems == [
            "default time zone 'Atlantis/Capital' is not a known time zone identifier",
            "frequency cap 'd': limit must be 0 or more, got -1",
            "frequency cap 'd': days must be 1 or more, got 0",
            "frequency cap 'd' is defined twice",
            "quiet hours start must be between 00:00 and 23:59, got minute 1440",
            "holdout share must be between 0 and 1, got 1.5",
            "attribution window must be 0 days or more, got -1",
            "channel 'sms' lists itself as its own fallback",
        ])
    }

    @Test func invalidSettingsStillRunSafely() {
        let settings = ContactPolicySettings(defaultTimeZone: "Atlantis/Capital",
                                             frequencyCaps: [FrequencyCap(name: "bad", limit: 1, days: 0)],
                                             holdout: HoldoutSettings(salt: "s", share: .nan))
        let policy = Harness(settings)
        let context = CustomerContext(consent: ["sms": .granted])
        #expect(policy.decision(P.action("a"), at: 0, context) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("b"), at: 1, context) == .sent(channel: "sms"), "the malformed cap is ignored")
    }

    @Test func quietHoursFromHoursAndMinutes() {
        #expect(QuietHours(from: (21, 30), to: (7, 45)) == QuietHours(startMinute: 1_290, endMinute: 465))
    }
}
