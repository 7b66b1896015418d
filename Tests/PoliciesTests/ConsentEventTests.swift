import Operators
import Policies
import Testing

/// Consent events (`policies.consent_events`): the newest at or before a decision's time
/// overrides the profile's consent for its channel; without one the profile decides.
@Suite("ContactPolicy: consent events")
struct ConsentEventTests {
    /// The profile grants every channel.
    static let granted = CustomerContext(consent: ["push": .granted, "sms": .granted, "email": .granted])

    static func policy(quietHours: QuietHours? = nil) -> Harness { Harness(P.settings(quietHours: quietHours)) }

    static func consent(_ policy: Harness, _ channel: String, _ granted: Bool, at atMs: Int64,
                        horizon: Int64 = .min, customer: String = "c-1") {
        policy.policy.recordConsent(customer: customer, channel: channel, granted: granted, atMs: atMs, horizonMs: horizon)
    }

    @Test func aRevocationOverridesTheProfileAndFallsBack() {
        let policy = Self.policy()
        Self.consent(policy, "push", false, at: 1_000)
        #expect(policy.decision(P.action("a1", channel: "push"), at: 1_000, Self.granted) == .sent(channel: "sms"))
        Self.consent(policy, "sms", false, at: 1_500)
        Self.consent(policy, "email", false, at: 1_500)
        #expect(policy.decision(P.action("a2", channel: "push"), at: 2_000, Self.granted) == .suppressed(.noConsent))
        #expect(policy.decision(P.action("t1", channel: "push"), .transactional, at: 2_000, Self.granted)
            == .suppressed(.noConsent), "a recorded refusal blocks transactional too")
    }

    @Test func aGrantOverridesAProfileWithoutConsentAndAReGrantUndoesARevocation() {
        let policy = Self.policy()
        let never = CustomerContext()
        #expect(policy.decision(P.action("a1"), at: 1_000, never) == .suppressed(.noConsent))
        Self.consent(policy, "sms", true, at: 1_000)
        #expect(policy.decision(P.action("a2"), at: 1_000, never) == .sent(channel: "sms"))
        Self.consent(policy, "sms", false, at: 2_000)
        Self.consent(policy, "email", false, at: 2_000)
        #expect(policy.decision(P.action("a3"), at: 2_000, never) == .suppressed(.noConsent))
        Self.consent(policy, "sms", true, at: 3_000)
        #expect(policy.decision(P.action("a4"), at: 3_000, never) == .sent(channel: "sms"))
    }

    @Test func onlyEventsAtOrBeforeTheDecisionTimeCount() {
        let policy = Self.policy()
        Self.consent(policy, "sms", false, at: 5_000)
        Self.consent(policy, "email", false, at: 5_000)
        #expect(policy.decision(P.action("a1"), at: 4_999, Self.granted) == .sent(channel: "sms"),
                "a refusal dated after the decision does not apply to it, though it was read first")
        #expect(policy.decision(P.action("a2"), at: 5_000, Self.granted) == .suppressed(.noConsent),
                "an event at the decision's millisecond applies")
    }

    @Test func aSimultaneousGrantAndRefusalIsARefusal() {
        for order in [[true, false], [false, true]] {
            let policy = Self.policy()
            for granted in order { Self.consent(policy, "sms", granted, at: 1_000) }
            Self.consent(policy, "email", false, at: 0)
            #expect(policy.decision(P.action("a1"), at: 1_000, Self.granted) == .suppressed(.noConsent), "\(order)")
        }
    }

    @Test func anAllChannelsEventCoversEveryChannelUntilANewerOneForOne() {
        let policy = Self.policy()
        Self.consent(policy, "*", false, at: 1_000)
        #expect(policy.decision(P.action("a1", channel: "push"), at: 1_000, Self.granted) == .suppressed(.noConsent))
        Self.consent(policy, "email", true, at: 2_000)
        #expect(policy.decision(P.action("a2", channel: "push"), at: 2_000, Self.granted) == .sent(channel: "email"))
        Self.consent(policy, "*", true, at: 3_000)
        #expect(policy.decision(P.action("a3", channel: "push"), at: 3_000, CustomerContext()) == .sent(channel: "push"))
    }

    @Test func aDeferredActionIsReleasedWithTheConsentOfItsReleaseTime() {
        let policy = Self.policy(quietHours: P.nightQuiet)
        let night = P.ms("2026-06-01T23:00:00+09:00"), morning = P.ms("2026-06-02T08:00:00+09:00")
        #expect(policy.decision(P.action("a1"), at: night, P.seoul) == .deferred(untilMs: morning))
        Self.consent(policy, "sms", false, at: night + P.hourMs, horizon: night)
        let released = policy.advance(toMs: morning).map(\.decision)
        #expect(released == [.sent(channel: "email")], "sms was refused overnight: the fallback carries it")

        #expect(policy.decision(P.action("a2"), at: night + P.dayMs, P.seoul) == .deferred(untilMs: morning + P.dayMs))
        Self.consent(policy, "email", false, at: morning + P.dayMs, horizon: night + P.dayMs)
        #expect(policy.advance(toMs: morning + P.dayMs).map(\.decision) == [.suppressed(.noConsent)])
    }

    @Test func aRefusalAfterTheReleaseTimeDoesNotHoldTheReleaseBack() {
        let policy = Self.policy(quietHours: P.nightQuiet)
        let night = P.ms("2026-06-01T23:00:00+09:00"), morning = P.ms("2026-06-02T08:00:00+09:00")
        _ = policy.decide(P.action("a1"), category: .marketing, atMs: night, context: P.seoul)
        Self.consent(policy, "*", false, at: morning + 1, horizon: night)
        #expect(policy.advance(toMs: morning + 1).map(\.decision) == [.sent(channel: "sms")])
    }

    @Test func overridesAreDurableAndErased() throws {
        let policy = Self.policy()
        Self.consent(policy, "sms", false, at: 1_000)
        Self.consent(policy, "email", false, at: 1_000)
        let changes = policy.takeStateChanges()
        #expect(changes.map(\.key) == ["c-1"])
        let restored = Self.policy()
        try restored.restoreState(key: "c-1", value: try #require(changes.first?.value))
        #expect(restored.decision(P.action("a1"), at: 2_000, Self.granted) == .suppressed(.noConsent))

        #expect(restored.eraseState(key: "c-1"))
        #expect(restored.stateKeyCount == 0)
        let tombstones = restored.takeStateChanges()
        #expect(tombstones.map(\.key) == ["c-1"] && tombstones.first?.value == nil)
        #expect(restored.decision(P.action("a2"), at: 3_000, Self.granted) == .sent(channel: "sms"),
                "the erase dropped the refusal with the rest of the customer's state")
    }

    @Test func overridesDoNotExpireWithTheHistory() {
        let policy = Self.policy()
        Self.consent(policy, "sms", false, at: 0)
        Self.consent(policy, "email", false, at: 0)
        _ = policy.advance(toMs: 400 * P.dayMs)
        #expect(policy.stateKeyCount == 1)
        #expect(policy.decision(P.action("a1"), at: 400 * P.dayMs, Self.granted) == .suppressed(.noConsent))
    }

    @Test func supersededOverridesAreDroppedOnceTheHorizonPassesThem() throws {
        let policy = Self.policy()
        for i in 0..<100 { Self.consent(policy, "sms", i % 2 == 0, at: Int64(i) * 1_000, horizon: Int64(i) * 1_000) }
        let bounded = try #require(policy.takeStateChanges().first?.value)
        let single = Self.policy()
        Self.consent(single, "sms", false, at: 99_000)
        let one = try #require(single.takeStateChanges().first?.value)
        #expect(bounded.count == one.count, "one override left: the newest")
        #expect(policy.decision(P.action("a1"), at: 99_000, CustomerContext(consent: ["email": .denied])) == .suppressed(.noConsent))
    }

    @Test func entriesAfterTheHorizonAreKept() {
        let policy = Self.policy()
        Self.consent(policy, "sms", false, at: 1_000, horizon: 0)
        Self.consent(policy, "sms", true, at: 2_000, horizon: 0)
        Self.consent(policy, "email", false, at: 0, horizon: 0)
        #expect(policy.decision(P.action("a1"), at: 1_500, Self.granted) == .suppressed(.noConsent),
                "the refusal at 1000 still rules a decision at 1500")
        #expect(policy.decision(P.action("a2"), at: 2_000, Self.granted) == .sent(channel: "sms"))
    }

    @Test func stateOfTheTwoPreviousVersionsIsStillRead() throws {
        let policy = Self.policy()
        _ = policy.decide(P.action("a1"), category: .marketing, atMs: 1_000, context: Self.granted)
        let current = try #require(policy.takeStateChanges().first?.value)
        #expect(current.first == 3)
        #expect(current.last == 0, "no consent events: an empty list closes the value")
        let version2 = [2] + current.dropFirst().dropLast()
        let restored = Self.policy()
        try restored.restoreState(key: "c-1", value: Array(version2))
        #expect(restored.recordConversion(customer: "c-1", atMs: 2_000).map(\.actionID) == ["a1"])
        var future = current
        future[0] = 4
        #expect(throws: StateRestoreError.self) { try restored.restoreState(key: "c-1", value: future) }
    }
}
