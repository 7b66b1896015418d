import Testing
import Operators

@Suite("InactivityTrigger")
struct PatternInactivityTests {
    typealias F = PatternFixture

    static func harness(withinMs: Int64 = 1_000, cooldownMs: Int64? = nil) throws -> PatternHarness<InactivityTrigger> {
        PatternHarness(InactivityTrigger(
            common: try F.common(message: "since={{inactive_since}} deadline={{deadline}}", cooldownMs: cooldownMs),
            start: F.isType("A"), withinMs: withinMs
        ))
    }

    @Test func firesOnTheTimerAttributedToTheLastA() throws {
        var h = try Self.harness()
        let last = F.event("A", at: 500, offset: 2)
        try h.send([F.event("A", at: 0, offset: 1), last])
        h.advance(to: 1_500)
        #expect(h.actions.isEmpty)
        h.advance(to: 1_501)
        #expect(h.actions == [Action(
            actionID: F.actionID(discriminator: "inactivity:\(last.source)"), trigger: F.trigger, customerID: "k",
            channel: "sms", message: "since=500 deadline=1500", eventTimeMs: 500, emittedAtMs: h.nowMs,
            cause: last.source
        )])
        #expect(h.op.pendingKeyCount == 0)
    }

    @Test func regularActivityNeverFires() throws {
        var h = try Self.harness()
        try h.send((0..<10).map { F.event("A", at: Int64($0) * 900, offset: Int64($0)) })
        h.advance(to: 8_100)
        #expect(h.actions.isEmpty)
    }

    @Test(arguments: [
        (Int64(1_000), ["since=1000 deadline=2000"]),
        (Int64(1_001), ["since=0 deadline=1000", "since=1001 deadline=2001"]),
    ] as [(Int64, [String])])
    func anAAtExactlyTheDeadlineIsStillActivity(secondTime: Int64, expected: [String]) throws {
        var h = try Self.harness(withinMs: 1_000)
        try h.send([F.event("A", at: 0, offset: 1), F.event("A", at: secondTime, offset: 2)])
        h.advance(to: 10_000)
        #expect(h.messages == expected)
    }

    @Test func outOfOrderWithinTheBoundGivesTheSameResult() throws {
        var h = try Self.harness()
        try h.send([F.event("A", at: 900, offset: 2), F.event("A", at: 0, offset: 1)], watermark: -100)
        h.advance(to: 10_000)
        #expect(h.messages == ["since=900 deadline=1900"])
    }

    @Test func otherEventsAreNotActivity() throws {
        var h = try Self.harness()
        try h.send([F.event("A", at: 0, offset: 1), F.event("B", at: 500, offset: 2)])
        h.advance(to: 10_000)
        #expect(h.messages == ["since=0 deadline=1000"])
    }

    @Test func cancelStopsWatching() throws {
        var h = try Self.harness()
        try h.send([F.event("A", at: 0, offset: 1), F.event("X", at: 500, offset: 2)])
        h.advance(to: 10_000)
        #expect(h.actions.isEmpty)
        #expect(h.op.pendingKeyCount == 0)
    }

    @Test func cooldownSuppressesReentry() throws {
        var h = try Self.harness(withinMs: 1_000, cooldownMs: 2_000)
        try h.send([
            F.event("A", at: 0, offset: 1), // fires at 1000, cooling down until 3000
            F.event("A", at: 1_500, offset: 2), // quiet until 2500: suppressed
            F.event("A", at: 2_600, offset: 3), // quiet until 3600: fires
        ])
        h.advance(to: 10_000)
        #expect(h.messages == ["since=0 deadline=1000", "since=2600 deadline=3600"])
    }
}
