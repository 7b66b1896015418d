import Testing
import Operators

@Suite("WindowTrigger: early (interim) results")
struct WindowEarlyTests {
    typealias F = WindowFixture

    static func id(_ discriminator: String) -> String {
        ActionID.make(trigger: F.triggerName, key: "c-1", discriminator: discriminator)
    }

    @Test func emitsOnlyChangedWindowsOncePerInterval() throws {
        var trigger = try F.window(.tumbling(sizeMs: 60_000), earlyEveryMs: 10_000)
        try F.process([F.event(at: 1_000, offset: 1)], into: &trigger, watermarkMs: 0, nowMs: 1_000)
        #expect(F.advance(&trigger, watermarkMs: 0, nowMs: 9_999).actions.isEmpty)

        let first = F.advance(&trigger, watermarkMs: 0, nowMs: 10_000)
        #expect(first.actions.map(\.message) == ["c-1 0-60000 n=1"])
        #expect(first.actions.map(\.actionID) == [Self.id("w:0:60000:early:1")])
        #expect(first.actions.map(\.emittedAtMs) == [10_000])

        #expect(F.advance(&trigger, watermarkMs: 0, nowMs: 20_000).actions.isEmpty, "unchanged")
        #expect(F.advance(&trigger, watermarkMs: 0, nowMs: 30_000).actions.isEmpty, "still unchanged")

        try F.process([F.event(at: 2_000, offset: 2)], into: &trigger, watermarkMs: 0, nowMs: 31_000)
        #expect(F.advance(&trigger, watermarkMs: 0, nowMs: 39_999).actions.isEmpty)
        let second = F.advance(&trigger, watermarkMs: 0, nowMs: 40_000)
        #expect(second.actions.map(\.message) == ["c-1 0-60000 n=2"])
        #expect(second.actions.map(\.actionID) == [Self.id("w:0:60000:early:2")])

        let final = F.advance(&trigger, watermarkMs: 60_000, nowMs: 45_000)
        #expect(final.actions.map(\.message) == ["c-1 0-60000 n=2"])
        #expect(final.actions.map(\.actionID) == [Self.id("w:0:60000")])
    }

    @Test func closingWindowEmitsOnlyItsFinalResult() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000), earlyEveryMs: 10_000)
        try F.process([F.event(at: 10, offset: 1)], into: &trigger, watermarkMs: 0, nowMs: 1_000)
        let out = F.advance(&trigger, watermarkMs: 1_000, nowMs: 10_000)
        #expect(out.actions.map(\.actionID) == [Self.id("w:0:1000")])
        #expect(F.advance(&trigger, watermarkMs: 1_000, nowMs: 50_000).actions.isEmpty)
    }

    @Test func interimResultsRespectHavingAndAreNumberedByEmission() throws {
        var trigger = try F.window(.tumbling(sizeMs: 60_000), earlyEveryMs: 10_000,
                                   having: [Predicate(field: "n", test: .greaterOrEqual(2))])
        try F.process([F.event(at: 1, offset: 1)], into: &trigger, watermarkMs: 0, nowMs: 0)
        #expect(F.advance(&trigger, watermarkMs: 0, nowMs: 10_000).actions.isEmpty)
        try F.process([F.event(at: 2, offset: 2)], into: &trigger, watermarkMs: 0, nowMs: 11_000)
        let out = F.advance(&trigger, watermarkMs: 0, nowMs: 20_000)
        #expect(out.actions.map(\.message) == ["c-1 0-60000 n=2"])
        #expect(out.actions.map(\.actionID) == [Self.id("w:0:60000:early:1")])
    }

    /// An event folded into a session again is a change (there is no per-record deduplication):
    /// the next tick reports it with the next sequence number.
    @Test func sessionEventProcessedAgainIsAChange() throws {
        var trigger = try F.window(.session(gapMs: 1_000), earlyEveryMs: 10_000)
        let event = F.event(at: 5, offset: 1)
        try F.process([event], into: &trigger, watermarkMs: 0, nowMs: 0)
        #expect(F.advance(&trigger, watermarkMs: 0, nowMs: 10_000).actions.map(\.actionID) == [Self.id("w:5:1005:early:1")])
        try F.process([event], into: &trigger, watermarkMs: 0, nowMs: 11_000)
        let again = F.advance(&trigger, watermarkMs: 0, nowMs: 20_000)
        #expect(again.actions.map(\.actionID) == [Self.id("w:5:1005:early:2")])
        #expect(again.actions.map(\.message) == ["c-1 5-1005 n=2"])
    }

    @Test func withoutEarlyEveryNothingIsEmittedBeforeClose() throws {
        var trigger = try F.window(.tumbling(sizeMs: 60_000))
        try F.process([F.event(at: 1, offset: 1)], into: &trigger, watermarkMs: 0, nowMs: 0)
        #expect(F.advance(&trigger, watermarkMs: 0, nowMs: 1_000_000).actions.isEmpty)
        #expect(trigger.openWindowCount == 1)
    }
}
