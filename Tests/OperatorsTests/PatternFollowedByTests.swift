import Testing
import Operators

@Suite("FollowedByTrigger")
struct PatternFollowedByTests {
    typealias F = PatternFixture

    static func harness(withinMs: Int64 = 500, cooldownMs: Int64? = nil) throws -> PatternHarness<FollowedByTrigger> {
        PatternHarness(FollowedByTrigger(
            common: try F.common(message: "{{type}} elapsed={{elapsed_ms}} start={{start_time}}", cooldownMs: cooldownMs),
            start: F.isType("A"), then: F.isType("B"), withinMs: withinMs
        ))
    }

    @Test func firesOnBAttributedToB() throws {
        var h = try Self.harness()
        let b = F.event("B", at: 1_200, offset: 2)
        try h.send([F.event("A", at: 1_000, offset: 1), b])
        h.advance(to: 1_201)
        #expect(h.actions == [Action(
            actionID: F.actionID(cause: b.source), trigger: F.trigger, customerID: "k", channel: "sms",
            message: "B elapsed=200 start=1000", eventTimeMs: 1_200, emittedAtMs: h.nowMs, cause: b.source
        )])
    }

    @Test func noFireForBWithoutAOrAWithoutB() throws {
        var h = try Self.harness()
        try h.send([F.event("B", at: 1_000, offset: 1), F.event("A", at: 2_000, offset: 2)])
        h.advance(to: 10_000)
        #expect(h.actions.isEmpty)
        #expect(h.op.pendingKeyCount == 0, "the A expired")
    }

    @Test(arguments: [(Int64(1_500), true), (1_501, false)])
    func bAtExactlyWithinIsInTime(bTime: Int64, fires: Bool) throws {
        var h = try Self.harness(withinMs: 500)
        try h.send([F.event("A", at: 1_000, offset: 1), F.event("B", at: bTime, offset: 2)])
        h.advance(to: 10_000)
        #expect(h.messages == (fires ? ["B elapsed=500 start=1000"] : []))
    }

    @Test func bMatchesTheEarliestAStillInTimeAndConsumesThemAll() throws {
        var h = try Self.harness(withinMs: 500)
        try h.send([
            F.event("A", at: 0, offset: 1), // out of time for B at 700
            F.event("A", at: 400, offset: 2),
            F.event("A", at: 600, offset: 3),
            F.event("B", at: 700, offset: 4),
            F.event("B", at: 800, offset: 5), // nothing pending any more
        ])
        h.advance(to: 10_000)
        #expect(h.messages == ["B elapsed=300 start=400"])
    }

    @Test func anExpiredAIsDroppedBeforeTheTimerIsNeeded() throws {
        var h = try Self.harness(withinMs: 500)
        try h.send(F.event("A", at: 1_000, offset: 1))
        h.advance(to: 1_500)
        #expect(h.op.pendingKeyCount == 1, "a B at 1500 may still arrive")
        h.advance(to: 1_501)
        #expect(h.op.pendingKeyCount == 0)
    }

    @Test func outOfOrderWithinTheBoundGivesTheSameResult() throws {
        var h = try Self.harness()
        try h.send(F.event("B", at: 1_400, offset: 3), watermark: 1_300)
        try h.send(F.event("A", at: 1_350, offset: 2), watermark: 1_300)
        try h.send(F.event("A", at: 1_300, offset: 1), watermark: 1_300)
        h.advance(to: 1_400)
        #expect(h.actions.isEmpty)
        h.advance(to: 1_401)
        #expect(h.messages == ["B elapsed=100 start=1300"])
    }

    @Test func cancelClearsPendingAs() throws {
        var h = try Self.harness()
        try h.send([F.event("A", at: 1_000, offset: 1), F.event("X", at: 1_100, offset: 2),
                    F.event("B", at: 1_200, offset: 3)])
        h.advance(to: 10_000)
        #expect(h.actions.isEmpty)
    }

    @Test func cooldownSuppressesReentryWithoutLeavingState() throws {
        var h = try Self.harness(withinMs: 500, cooldownMs: 1_000)
        try h.send([
            F.event("A", at: 0, offset: 1), F.event("B", at: 100, offset: 2), // fires; cooling down until 1100
            F.event("A", at: 500, offset: 3), F.event("B", at: 600, offset: 4), // suppressed, consumes A@500
            F.event("B", at: 1_100, offset: 5), // cooldown over, but no A left to match
            F.event("A", at: 1_100, offset: 6), F.event("B", at: 1_100, offset: 7), // fires at exactly the end
        ])
        h.advance(to: 10_000)
        #expect(h.messages == ["B elapsed=100 start=0", "B elapsed=0 start=1100"])
        #expect(h.actions.map(\.cause.offset) == [2, 7])
        #expect(h.op.pendingKeyCount == 0)
    }

    @Test func aThenEventNeverAlsoStartsAMatch() throws {
        var h = PatternHarness(FollowedByTrigger(
            common: try F.common(message: "elapsed={{elapsed_ms}}"),
            start: [Predicate(field: "page", test: .exists(true))],
            then: [Predicate(field: "page", test: .equals(.string("checkout")))], withinMs: 500
        ))
        try h.send([
            F.event("v", at: 0, offset: 1, extra: #""page":"home""#),
            F.event("v", at: 100, offset: 2, extra: #""page":"checkout""#),
            F.event("v", at: 200, offset: 3, extra: #""page":"checkout""#),
        ])
        h.advance(to: 10_000)
        #expect(h.messages == ["elapsed=100"])
    }

    @Test func aBWithoutItsCustomerFieldIsRejectedOnArrival() throws {
        var h = PatternHarness(FollowedByTrigger(
            common: try F.common(message: "m", customerField: "customer"),
            start: F.isType("A"), then: F.isType("B"), withinMs: 500
        ))
        try h.send(F.event("A", at: 0, offset: 1)) // A is not what fires: no customer needed
        #expect(throws: DecodeFailure(reason: .missingField, detail: "field 'customer' is missing")) {
            try h.send(F.event("B", at: 10, offset: 2))
        }
        #expect(h.op.bufferedEventCount == 1)
    }
}
