import Operators
import Policies
import Testing

@Suite("ContactPolicy: attribution")
struct AttributionTests {
    static let context = CustomerContext(consent: ["sms": .granted, "email": .granted])

    static func policy(days: Int = 7) -> Harness {
        Harness(P.settings(holdout: HoldoutSettings(salt: "exp-2026", share: 0.05), attributionDays: days))
    }

    @Test func aConversionWithinTheWindowIsAttributedToEachExposure() {
        let policy = Self.policy()
        let t0 = P.ms("2026-06-01T10:00:00Z")
        _ = policy.decide(P.action("a1", trigger: "cart"), category: .marketing, atMs: t0, context: Self.context)
        _ = policy.decide(P.action("a2", trigger: "restock"), category: .marketing, atMs: t0 + P.hourMs, context: Self.context)
        _ = policy.decide(P.action("t1", trigger: "receipt"), category: .transactional, atMs: t0, context: Self.context)
        let records = policy.recordConversion(customer: "c-1", atMs: t0 + 2 * P.dayMs)
        #expect(records.map(\.actionID) == ["a1", "a2"], "transactional actions are not exposures")
        #expect(records.map(\.group) == [.treated, .treated])
        #expect(records.first?.lagMs == 2 * P.dayMs)
        #expect(records.last?.trigger == "restock")
        #expect(policy.counters.conversions == ["cart": GroupCounts(treated: 1), "restock": GroupCounts(treated: 1)])
    }

    @Test func theWindowIsInclusiveAndNothingIsAttributedAfterIt() {
        let policy = Self.policy()
        _ = policy.decide(P.action("a1"), category: .marketing, atMs: 0, context: Self.context)
        #expect(policy.recordConversion(customer: "c-1", atMs: 7 * P.dayMs).map(\.actionID) == ["a1"])
        #expect(policy.recordConversion(customer: "c-1", atMs: 7 * P.dayMs + 1).isEmpty)
        #expect(policy.stateKeyCount == 0, "the expired exposure was pruned")
        #expect(policy.counters.conversions == ["promo": GroupCounts(treated: 1)])
    }

    @Test func aConversionBeforeTheExposureIsNotAttributed() {
        let policy = Self.policy()
        _ = policy.decide(P.action("a1"), category: .marketing, atMs: 10_000, context: Self.context)
        #expect(policy.recordConversion(customer: "c-1", atMs: 9_999).isEmpty)
        #expect(policy.recordConversion(customer: "other", atMs: 10_000).isEmpty)
    }

    @Test func treatedAndHoldoutConversionsAreCountedPerTrigger() {
        let policy = Self.policy()
        for (i, customer) in ["c-1", "c-2", "c-6", "c-88", "c-3"].enumerated() {
            _ = policy.decide(P.action("a\(i)", customer: customer, trigger: "cart"), category: .marketing, atMs: 0,
                              context: Self.context)
        }
        let converted = ["c-1", "c-6", "c-88"].flatMap { policy.recordConversion(customer: $0, atMs: P.hourMs) }
        #expect(converted.map(\.group) == [.treated, .holdout, .holdout])
        #expect(policy.counters.exposures == ["cart": GroupCounts(treated: 3, holdout: 2)])
        #expect(policy.counters.conversions == ["cart": GroupCounts(treated: 1, holdout: 2)])
    }

    @Test func aReleasedDeferredActionIsExposedAtItsReleaseTime() {
        let policy = Harness(P.settings(quietHours: P.nightQuiet))
        let release = P.ms("2026-06-02T08:00:00+09:00")
        _ = policy.decide(P.action("a1"), category: .marketing, atMs: P.ms("2026-06-01T23:00:00+09:00"), context: P.seoul)
        #expect(policy.recordConversion(customer: "c-1", atMs: release - 1).isEmpty, "not sent yet")
        _ = policy.advance(toMs: release)
        #expect(policy.recordConversion(customer: "c-1", atMs: release + 5).map(\.lagMs) == [5])
    }

    @Test func attributionCanBeTurnedOff() {
        let policy = Self.policy(days: 0)
        _ = policy.decide(P.action("a1"), category: .marketing, atMs: 0, context: Self.context)
        #expect(policy.stateKeyCount == 0)
        #expect(policy.recordConversion(customer: "c-1", atMs: 1).isEmpty)
    }

    @Test func exposuresPerCustomerAreBounded() {
        var settings = P.settings()
        settings.maxExposuresPerCustomer = 3
        let policy = Harness(settings)
        for i in 0..<5 { _ = policy.decide(P.action("a\(i)"), category: .marketing, atMs: Int64(i), context: Self.context) }
        #expect(policy.recordConversion(customer: "c-1", atMs: 10).map(\.actionID) == ["a2", "a3", "a4"])
    }
}
