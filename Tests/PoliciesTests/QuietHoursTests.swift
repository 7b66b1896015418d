import Operators
import Policies
import Testing

@Suite("ContactPolicy: quiet hours")
struct QuietHoursTests {
    static func policy(caps: [FrequencyCap] = [], transactional: TransactionalQuietHours = .send) -> Harness {
        var settings = P.settings(caps: caps, quietHours: P.nightQuiet)
        settings.transactionalQuietHours = transactional
        return Harness(settings)
    }

    @Test func marketingAtNightIsDeferredAcrossMidnightAndReleasedAt0800Local() {
        let policy = Self.policy()
        let at = P.ms("2026-06-01T22:15:00+09:00")
        let release = P.ms("2026-06-02T08:00:00+09:00")
        let outcome = policy.decide(P.action("a1"), category: .marketing, atMs: at, context: P.seoul)
        #expect(outcome.decision == .deferred(untilMs: release))
        #expect(outcome.actionToSend == nil)
        #expect(outcome.record.untilMs == release)
        #expect(outcome.record.reason == "quiet_hours")
        #expect(policy.deferredCount == 1)
        #expect(policy.nextTimerMs == release)
        #expect(policy.advance(toMs: release - 1).isEmpty)
        let released = policy.advance(toMs: release)
        #expect(released.map(\.decision) == [.sent(channel: "sms")])
        #expect(released.first?.action == P.action("a1"))
        #expect(released.first?.record.atMs == release)
        #expect(released.first?.record.deferredAtMs == at)
        #expect(policy.deferredCount == 0)
        #expect(policy.counters.deferred == 1 && policy.counters.released == 1 && policy.counters.sent == 1)
    }

    @Test func earlyMorningIsDeferredToTheSameDay() {
        let policy = Self.policy()
        let outcome = policy.decide(P.action("a1"), category: .marketing, atMs: P.ms("2026-06-02T03:00:00+09:00"), context: P.seoul)
        #expect(outcome.decision == .deferred(untilMs: P.ms("2026-06-02T08:00:00+09:00")))
    }

    @Test func theBoundariesAreStartInclusiveEndExclusive() {
        let policy = Self.policy()
        #expect(policy.decision(P.action("a"), at: P.ms("2026-06-01T20:59:59+09:00"), P.seoul) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("b"), at: P.ms("2026-06-01T21:00:00+09:00"), P.seoul)
            == .deferred(untilMs: P.ms("2026-06-02T08:00:00+09:00")))
        #expect(policy.decision(P.action("c"), at: P.ms("2026-06-02T07:59:59+09:00"), P.seoul)
            == .deferred(untilMs: P.ms("2026-06-02T08:00:00+09:00")))
        #expect(policy.decision(P.action("d"), at: P.ms("2026-06-02T08:00:00+09:00"), P.seoul) == .sent(channel: "sms"))
    }

    @Test func springForwardReleasesAt0800DaylightTimeNineHoursLater() {
        let policy = Self.policy()
        let at = P.ms("2026-03-07T22:00:00-05:00")       // EST
        let release = P.ms("2026-03-08T08:00:00-04:00")  // EDT: 12:00Z, 9 h later, not 10
        #expect(release - at == 9 * P.hourMs)
        #expect(policy.decision(P.action("a"), at: at, P.newYork) == .deferred(untilMs: release))
        #expect(policy.decision(P.action("b"), at: P.ms("2026-03-08T01:30:00-05:00"), P.newYork) == .deferred(untilMs: release))
        #expect(policy.decision(P.action("c"), at: P.ms("2026-03-08T03:30:00-04:00"), P.newYork) == .deferred(untilMs: release))
        #expect(policy.advance(toMs: release).map(\.action.actionID) == ["a", "b", "c"])
    }

    @Test func fallBackReleasesAt0800StandardTimeElevenHoursLater() {
        let policy = Self.policy()
        let at = P.ms("2026-10-31T22:00:00-04:00")       // EDT
        let release = P.ms("2026-11-01T08:00:00-05:00")  // EST: 13:00Z, 11 h later
        #expect(release - at == 11 * P.hourMs)
        #expect(policy.decision(P.action("a"), at: at, P.newYork) == .deferred(untilMs: release))
        // 01:30 happens twice that night; both are quiet.
        #expect(policy.decision(P.action("b"), at: P.ms("2026-11-01T01:30:00-04:00"), P.newYork) == .deferred(untilMs: release))
        #expect(policy.decision(P.action("c"), at: P.ms("2026-11-01T01:30:00-05:00"), P.newYork) == .deferred(untilMs: release))
        #expect(policy.advance(toMs: release).count == 3)
    }

    @Test func anEndTimeSkippedBySpringForwardReleasesWhenTheGapEnds() {
        var settings = P.settings(quietHours: QuietHours(from: (0, 0), to: (2, 30)))
        settings.defaultTimeZone = "America/New_York"
        let policy = Harness(settings)
        let context = CustomerContext(consent: ["sms": .granted])
        // 02:30 does not exist on 2026-03-08; quiet ends at 03:00 EDT, the end of the gap.
        #expect(policy.decision(P.action("a"), at: P.ms("2026-03-08T01:00:00-05:00"), context)
            == .deferred(untilMs: P.ms("2026-03-08T03:00:00-04:00")))
    }

    @Test func anEndTimeRepeatedByFallBackReleasesAtItsFirstOccurrence() {
        let policy = Harness(P.settings(quietHours: QuietHours(from: (0, 0), to: (1, 30))))
        #expect(policy.decision(P.action("a"), at: P.ms("2026-11-01T00:10:00-04:00"), P.newYork)
            == .deferred(untilMs: P.ms("2026-11-01T01:30:00-04:00")))
        // During the repeated hour (01:10 EST, after the first 01:30) the next 01:30 is the second one.
        #expect(policy.decision(P.action("b"), at: P.ms("2026-11-01T01:10:00-05:00"), P.newYork)
            == .deferred(untilMs: P.ms("2026-11-01T01:30:00-05:00")))
    }

    @Test func aDaytimeWindowThatDoesNotCrossMidnight() {
        let policy = Harness(P.settings(quietHours: QuietHours(from: (12, 0), to: (13, 30))))
        #expect(policy.decision(P.action("a"), at: P.ms("2026-06-01T12:45:00+09:00"), P.seoul)
            == .deferred(untilMs: P.ms("2026-06-01T13:30:00+09:00")))
        #expect(policy.decision(P.action("b"), at: P.ms("2026-06-01T23:00:00+09:00"), P.seoul) == .sent(channel: "sms"))
    }

    @Test func transactionalIsSentDuringQuietHoursByDefaultOrDeferredIfConfigured() {
        let at = P.ms("2026-06-01T23:00:00+09:00")
        let sending = Self.policy()
        #expect(sending.decision(P.action("otp"), .transactional, at: at, P.seoul) == .sent(channel: "sms"))
        let deferring = Self.policy(transactional: .defer)
        #expect(deferring.decision(P.action("otp"), .transactional, at: at, P.seoul)
            == .deferred(untilMs: P.ms("2026-06-02T08:00:00+09:00")))
    }

    @Test func aReleasedActionIsCheckedAgainstTheCapsOfItsReleaseDay() {
        let policy = Self.policy(caps: [FrequencyCap(name: "daily", limit: 2, days: 1)])
        let release = P.ms("2026-06-02T08:00:00+09:00")
        for id in ["n1", "n2", "n3"] {
            #expect(policy.decision(P.action(id), at: P.ms("2026-06-01T23:00:00+09:00"), P.seoul) == .deferred(untilMs: release))
        }
        let released = policy.advance(toMs: release + P.hourMs)
        #expect(released.map(\.decision) == [.sent(channel: "sms"), .sent(channel: "sms"), .capped(rule: "daily")])
        #expect(released.map(\.action.actionID) == ["n1", "n2", "n3"], "released in deferral order")
        #expect(released.allSatisfy { $0.record.atMs == release }, "decided at the release time, not at advance's time")
        #expect(policy.decision(P.action("day"), at: release + 2 * P.hourMs, P.seoul) == .capped(rule: "daily"))
    }

    @Test func releasesUseAFresherContextWhenTheEngineHasOne() {
        let policy = Self.policy()
        let release = P.ms("2026-06-02T08:00:00+09:00")
        _ = policy.decide(P.action("a"), category: .marketing, atMs: P.ms("2026-06-01T23:00:00+09:00"), context: P.seoul)
        _ = policy.decide(P.action("b", customer: "c-2"), category: .marketing, atMs: P.ms("2026-06-01T23:00:00+09:00"),
                          context: P.seoul)
        var withdrawn = P.seoul
        withdrawn.consent = ["sms": .denied, "email": .denied]
        let released = policy.advance(toMs: release) { $0 == "c-1" ? withdrawn : nil }
        #expect(released.map(\.decision) == [.suppressed(.noConsent), .sent(channel: "sms")])
    }

    @Test func aCustomerWhoMovedZonesOvernightIsDeferredAgain() {
        let policy = Self.policy()
        let seoulMorning = P.ms("2026-06-02T08:00:00+09:00")  // 2026-06-01 19:00 in New York: not quiet
        _ = policy.decide(P.action("a"), category: .marketing, atMs: P.ms("2026-06-01T23:00:00+09:00"), context: P.seoul)
        let released = policy.advance(toMs: seoulMorning) { _ in P.newYork }
        #expect(released.map(\.decision) == [.sent(channel: "sms")])
        let late = Self.policy()
        _ = late.decide(P.action("a"), category: .marketing, atMs: P.ms("2026-06-02T07:00:00+09:00"), context: P.seoul)
        let moved = late.advance(toMs: seoulMorning) { _ in
            CustomerContext(timeZoneIdentifier: "Europe/London", consent: ["sms": .granted])
        }
        // 08:00 in Seoul is 00:00 in London (BST): still quiet there, so deferred to 08:00 London.
        #expect(moved.map(\.decision) == [.deferred(untilMs: P.ms("2026-06-02T08:00:00+01:00"))])
        #expect(moved.first?.record.deferredAtMs == P.ms("2026-06-02T07:00:00+09:00"))
        #expect(late.advance(toMs: P.ms("2026-06-02T08:00:00+01:00")).map(\.decision) == [.sent(channel: "sms")])
    }

    @Test func deferralsPerCustomerAreBounded() {
        var settings = P.settings(quietHours: P.nightQuiet)
        settings.maxDeferredPerCustomer = 2
        let policy = Harness(settings)
        let at = P.ms("2026-06-01T23:00:00+09:00")
        let decisions = (0..<3).map { policy.decide(P.action("a\($0)"), category: .marketing, atMs: at, context: P.seoul).decision }
        #expect(decisions.last == .suppressed(.deferralLimit))
        #expect(policy.deferredCount == 2)
        #expect(policy.decide(P.action("other", customer: "c-2"), category: .marketing, atMs: at, context: P.seoul).decision
            == .deferred(untilMs: P.ms("2026-06-02T08:00:00+09:00")))
    }

    @Test func suppressionIsDecidedBeforeDeferral() {
        let policy = Self.policy()
        let context = CustomerContext(timeZoneIdentifier: "Asia/Seoul", consent: ["sms": .denied])
        #expect(policy.decision(P.action("a"), at: P.ms("2026-06-01T23:00:00+09:00"), context) == .suppressed(.noConsent))
        #expect(policy.deferredCount == 0)
    }
}
