import Testing
import Operators

@Suite("ThresholdTrigger")
struct PatternThresholdTests {
    typealias F = PatternFixture

    static func harness(count: Int = 3, withinMs: Int64 = 1_000, cooldownMs: Int64? = nil) throws -> PatternHarness<ThresholdTrigger> {
        PatternHarness(ThresholdTrigger(
            common: try F.common(message: "count={{count}}@{{event_time}}", cooldownMs: cooldownMs),
            start: F.isType("A"), count: count, withinMs: withinMs
        ))
    }

    static func As(at times: [Int64], from offset: Int64 = 1) -> [Event] {
        times.enumerated().map { F.event("A", at: $0.element, offset: offset + Int64($0.offset)) }
    }

    @Test func firesOnTheNthAttributedToIt() throws {
        var h = try Self.harness()
        let events = Self.As(at: [100, 200, 300])
        try h.send(events)
        h.advance(to: 301)
        #expect(h.actions == [Action(
            actionID: F.actionID(cause: events[2].source), trigger: F.trigger, customerID: "k", channel: "sms",
            message: "count=3@300", eventTimeMs: 300, emittedAtMs: h.nowMs, cause: events[2].source
        )])
    }

    @Test func fewerThanNWithinTDoesNotFire() throws {
        var h = try Self.harness()
        try h.send(Self.As(at: [100, 200]) + [F.event("B", at: 300, offset: 9)])
        h.advance(to: 10_000)
        #expect(h.actions.isEmpty)
        #expect(h.op.pendingKeyCount == 0, "the partial count expired")
    }

    @Test(arguments: [(Int64(999), true), (1_000, false)])
    func theWindowIsOpenAtItsStart(lastTime: Int64, fires: Bool) throws {
        // The window at t is (t − 1000, t]: an A at 0 is out of it at 1000.
        var h = try Self.harness(withinMs: 1_000)
        try h.send(Self.As(at: [0, 500, lastTime]))
        h.advance(to: 10_000)
        #expect(h.messages == (fires ? ["count=3@999"] : []))
    }

    @Test func countsResetAfterFiring() throws {
        var h = try Self.harness()
        try h.send(Self.As(at: [100, 200, 300, 400, 500, 600, 700]))
        h.advance(to: 10_000)
        #expect(h.messages == ["count=3@300", "count=3@600"])
    }

    @Test func theSameEventTwiceCountsOnce() throws {
        var h = try Self.harness(count: 2)
        let a = F.event("A", at: 100, offset: 1)
        try h.send([a, a])
        h.advance(to: 150)
        try h.send(a, watermark: 150) // redelivered after its release: late, not counted again
        h.advance(to: 10_000)
        #expect(h.actions.isEmpty)
        #expect(h.late.count == 1)
    }

    @Test func outOfOrderWithinTheBoundGivesTheSameResult() throws {
        var h = try Self.harness()
        let events = Self.As(at: [100, 200, 300])
        try h.send([events[2], events[0], events[1]], watermark: 50)
        h.advance(to: 10_000)
        #expect(h.actions.map(\.cause) == [events[2].source], "the Nth in event time, not arrival")
    }

    @Test func cancelClearsThePartialCount() throws {
        var h = try Self.harness()
        try h.send(Self.As(at: [100, 200]) + [F.event("X", at: 250, offset: 10)] + Self.As(at: [300, 400], from: 20))
        h.advance(to: 10_000)
        #expect(h.actions.isEmpty)
    }

    @Test func cooldownSuppressesReentry() throws {
        var h = try Self.harness(count: 2, cooldownMs: 1_000)
        try h.send(Self.As(at: [0, 100, 200, 300, 1_050, 1_100]))
        h.advance(to: 10_000)
        // 100 fires (cooling down until 1100); 300 is suppressed (and resets); 1100 fires.
        #expect(h.messages == ["count=2@100", "count=2@1100"])
        #expect(h.op.pendingKeyCount == 0)
    }

    @Test func stateIsDroppedWhenTheWindowEmpties() throws {
        var h = try Self.harness()
        try h.send(Self.As(at: [100, 600]))
        h.advance(to: 1_100)
        #expect(h.op.pendingKeyCount == 1, "the A at 100 leaves at 1100, the one at 600 stays")
        h.advance(to: 1_601)
        #expect(h.op.pendingKeyCount == 0)
    }
}
