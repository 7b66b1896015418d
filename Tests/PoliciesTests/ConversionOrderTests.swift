import Operators
import Policies
import Testing

/// A conversion counts only exposures decided at or before its event time, whatever order
/// the two are read in (within the watermark bound), and the result is the same on replay.
@Suite("ContactPolicy: conversion and exposure order")
struct ConversionOrderTests {
    static let context = CustomerContext(consent: ["sms": .granted, "email": .granted])

    static func policy(quietHours: QuietHours? = nil) -> Harness { Harness(P.settings(quietHours: quietHours)) }

    static func expose(_ policy: Harness, _ id: String, at atMs: Int64) {
        _ = policy.decide(P.action(id), category: .marketing, atMs: atMs, context: Self.context)
    }

    @Test func anExposureDecidedAfterTheConversionIsNeverAttributedToIt() {
        let policy = Self.policy()
        #expect(policy.recordConversion(customer: "c-1", atMs: 5_000).isEmpty)
        Self.expose(policy, "a1", at: 5_001)
        #expect(policy.counters.conversions.isEmpty)
        #expect(policy.recordConversion(customer: "c-1", atMs: 6_000).map(\.actionID) == ["a1"],
                "only a later conversion counts it")
    }

    @Test func anOutOfOrderConversionCountsOnlyExposuresAtOrBeforeItsTime() {
        let policy = Self.policy()
        Self.expose(policy, "a1", at: 1_000)
        Self.expose(policy, "a2", at: 3_000)
        Self.expose(policy, "a3", at: 5_000)
        let records = policy.recordConversion(customer: "c-1", atMs: 3_000)
        #expect(records.map(\.actionID) == ["a1", "a2"], "a3 was decided after the purchase: read earlier, not earlier")
        #expect(records.map(\.lagMs) == [2_000, 0])
        #expect(policy.counters.conversions == ["promo": GroupCounts(treated: 2)])
    }

    @Test func aReleaseDueAfterTheConversionIsNotAttributed() {
        let policy = Self.policy(quietHours: P.nightQuiet)
        let night = P.ms("2026-06-01T23:00:00Z"), morning = P.ms("2026-06-02T08:00:00Z")
        _ = policy.decide(P.action("a1"), category: .marketing, atMs: night, context: Self.context)
        _ = policy.advance(toMs: morning - 1)
        #expect(policy.recordConversion(customer: "c-1", atMs: morning - 1).isEmpty, "deferred, not yet an exposure")
        _ = policy.advance(toMs: morning)
        #expect(policy.recordConversion(customer: "c-1", atMs: morning).map(\.exposedAtMs) == [morning])
    }

    @Test func recordsAreOldestFirstEvenWhenDecidedOutOfOrder() {
        let policy = Self.policy()
        Self.expose(policy, "late-decided", at: 3_000)
        Self.expose(policy, "early", at: 1_000)
        Self.expose(policy, "tie", at: 3_000)
        #expect(policy.recordConversion(customer: "c-1", atMs: 4_000).map(\.actionID) == ["early", "late-decided", "tie"])
    }

    @Test(arguments: [false, true])
    func theOrderOfReadingDoesNotChangeTheRecords(conversionFirst: Bool) {
        // Exposure a1 at 1000 and a3 at 5000, conversion at 3000; read in two orders.
        let policy = Self.policy()
        Self.expose(policy, "a1", at: 1_000)
        var records: [ConversionRecord] = []
        if conversionFirst { records += policy.recordConversion(customer: "c-1", atMs: 3_000) }
        Self.expose(policy, "a3", at: 5_000)
        if !conversionFirst { records += policy.recordConversion(customer: "c-1", atMs: 3_000) }
        #expect(records.map(\.actionID) == ["a1"])
        #expect(records.map(\.convertedAtMs) == [3_000])
    }

    @Test func replayingTheSameInputGivesTheSameRecords() {
        func run() -> [[UInt8]] {
            let policy = Self.policy(quietHours: P.nightQuiet)
            var out: [[UInt8]] = []
            for (i, atMs) in [Int64(0), 2 * P.hourMs, 22 * P.hourMs, 30 * P.hourMs].enumerated() {
                out += policy.advance(toMs: atMs).map { $0.record.encodeJSON() }
                out.append(policy.decide(P.action("a\(i)"), category: .marketing, atMs: atMs, context: Self.context).record.encodeJSON())
                out += policy.recordConversion(customer: "c-1", atMs: atMs - P.hourMs).map { $0.encodeJSON() }
            }
            out += policy.advance(toMs: 40 * P.hourMs).map { $0.record.encodeJSON() }
            out += policy.recordConversion(customer: "c-1", atMs: 40 * P.hourMs).map { $0.encodeJSON() }
            return out
        }
        let first = run()
        #expect(first == run())
        #expect(first.count > 6)
    }
}
