import Operators
import Policies
import Testing

@Suite("ContactPolicy: frequency caps")
struct FrequencyCapTests {
    static let daily = FrequencyCap(name: "daily", limit: 1, days: 1)

    @Test func actionsAt2330And0030LocalAreOnDifferentDays() {
        let policy = Harness(P.settings(caps: [Self.daily]))
        #expect(policy.decision(P.action("a1"), at: P.ms("2026-06-01T23:30:00+09:00"), P.seoul) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("a2"), at: P.ms("2026-06-02T00:30:00+09:00"), P.seoul) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("a3"), at: P.ms("2026-06-02T23:30:00+09:00"), P.seoul) == .capped(rule: "daily"))
        #expect(policy.counters.capped == ["daily": 1])
    }

    @Test func theSameInstantsFallOnDifferentLocalDaysInSeoulAndNewYork() {
        let policy = Harness(P.settings(caps: [Self.daily]))
        let first = P.ms("2026-06-01T14:30:00Z")  // Seoul 23:30 on June 1, New York 10:30 on June 1
        let second = first + P.hourMs               // Seoul 00:30 on June 2, New York 11:30 on June 1
        #expect(policy.decision(P.action("s1", customer: "seoul"), at: first, P.seoul) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("n1", customer: "ny"), at: first, P.newYork) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("s2", customer: "seoul"), at: second, P.seoul) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("n2", customer: "ny"), at: second, P.newYork) == .capped(rule: "daily"))
    }

    @Test func aCustomerWithoutAZoneUsesTheDefaultZone() {
        var settings = P.settings(caps: [Self.daily])
        settings.defaultTimeZone = "Asia/Seoul"
        let policy = Harness(settings)
        let context = CustomerContext(consent: ["sms": .granted])
        #expect(policy.decision(P.action("a1"), at: P.ms("2026-06-01T14:30:00Z"), context) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("a2"), at: P.ms("2026-06-01T15:30:00Z"), context) == .sent(channel: "sms"))
        var unknownZone = context
        unknownZone.timeZoneIdentifier = "Mars/Olympus_Mons"
        #expect(policy.decision(P.action("a3"), at: P.ms("2026-06-01T16:30:00Z"), unknownZone) == .capped(rule: "daily"))
        #expect(policy.counters.unknownTimeZones == 1)
    }

    @Test func capsCountAcrossTriggersAndTheFirstReachedRuleNamesTheDecision() {
        let caps = [FrequencyCap(name: "daily", limit: 2, days: 1), FrequencyCap(name: "weekly", limit: 3, days: 7)]
        let policy = Harness(P.settings(caps: caps))
        let day1 = P.ms("2026-06-01T10:00:00-04:00")
        #expect(policy.decision(P.action("a1", trigger: "cart"), at: day1, P.newYork) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("a2", trigger: "restock"), at: day1 + 1, P.newYork) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("a3", trigger: "promo"), at: day1 + 2, P.newYork) == .capped(rule: "daily"))
        #expect(policy.decision(P.action("b1"), at: day1 + P.dayMs, P.newYork) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("b2"), at: day1 + P.dayMs + 1, P.newYork) == .capped(rule: "weekly"))
        // Seven rolling calendar days: on day 7 the week still holds day 1; on day 8 it no longer does.
        #expect(policy.decision(P.action("c1"), at: P.ms("2026-06-07T23:59:00-04:00"), P.newYork) == .capped(rule: "weekly"))
        #expect(policy.decision(P.action("d1"), at: P.ms("2026-06-08T00:01:00-04:00"), P.newYork) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("d2"), at: P.ms("2026-06-08T00:02:00-04:00"), P.newYork) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("d3"), at: P.ms("2026-06-08T00:03:00-04:00"), P.newYork) == .capped(rule: "daily"))
        #expect(policy.counters.capped == ["daily": 2, "weekly": 2])
    }

    @Test func transactionalActionsAreExemptAndDoNotCount() {
        let policy = Harness(P.settings(caps: [Self.daily]))
        let at = P.ms("2026-06-01T10:00:00-04:00")
        for i in 0..<5 {
            #expect(policy.decision(P.action("t\(i)"), .transactional, at: at + Int64(i), P.newYork) == .sent(channel: "sms"))
        }
        #expect(policy.stateKeyCount == 0, "transactional sends keep no history")
        #expect(policy.decision(P.action("m1"), at: at + 10, P.newYork) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("t9"), .transactional, at: at + 11, P.newYork) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("m2"), at: at + 12, P.newYork) == .capped(rule: "daily"))
    }

    @Test func suppressedAndCappedActionsDoNotCountTowardTheCap() {
        let policy = Harness(P.settings(caps: [FrequencyCap(name: "daily", limit: 2, days: 1)]))
        let at = P.ms("2026-06-01T10:00:00-04:00")
        let dnc = CustomerContext(timeZoneIdentifier: "America/New_York", consent: ["sms": .granted], doNotContact: true)
        #expect(policy.decision(P.action("x"), at: at, dnc) == .suppressed(.doNotContact))
        #expect(policy.decision(P.action("a1"), at: at + 1, P.newYork) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("a2"), at: at + 2, P.newYork) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("a3"), at: at + 3, P.newYork) == .capped(rule: "daily"))
        #expect(policy.decision(P.action("a4"), at: at + 4, P.newYork) == .capped(rule: "daily"))
    }

    @Test func aZeroLimitCapsEveryMarketingAction() {
        let policy = Harness(P.settings(caps: [FrequencyCap(name: "paused", limit: 0, days: 1)]))
        #expect(policy.decision(P.action("a"), at: 0, P.newYork) == .capped(rule: "paused"))
    }

    @Test func cappedIsDroppedNotDeferred() {
        let policy = Harness(P.settings(caps: [Self.daily]))
        let at = P.ms("2026-06-01T10:00:00-04:00")
        _ = policy.decision(P.action("a1"), at: at, P.newYork)
        let capped = policy.run(P.action("a2"), at: at + 1, P.newYork).outcome
        #expect(capped.decision == .capped(rule: "daily"))
        #expect(capped.record.finalChannel == nil)
        #expect(policy.deferredCount == 0)
        #expect(policy.advance(toMs: at + 10 * P.dayMs).isEmpty)
    }
}
