import Testing
import Operators

@Suite("WindowTrigger: session windows")
struct WindowSessionTests {
    typealias F = WindowFixture

    @Test func eventWithinGapExtendsSessionAndMovesItsClose() throws {
        var trigger = try F.window(.session(gapMs: 1_000))
        try F.process([F.event(at: 0, offset: 1), F.event(at: 900, offset: 2)], into: &trigger)
        #expect(trigger.openWindowCount == 1)
        #expect(F.close(&trigger, watermarkMs: 1_000).isEmpty)
        #expect(F.close(&trigger, watermarkMs: 1_899).isEmpty)
        #expect(F.close(&trigger, watermarkMs: 1_900) == ["c-1 0-1900 n=2"])
        #expect(trigger.openWindowCount == 0)
    }

    @Test func eventExactlyGapAfterStartsNewSession() throws {
        var trigger = try F.window(.session(gapMs: 1_000))
        try F.process([F.event(at: 0, offset: 1), F.event(at: 1_000, offset: 2)], into: &trigger)
        #expect(trigger.openWindowCount == 2)
        #expect(F.close(&trigger, watermarkMs: 5_000) == ["c-1 0-1000 n=1", "c-1 1000-2000 n=1"])
    }

    @Test func eventBeforeSessionWithinGapExtendsItBackwards() throws {
        var trigger = try F.window(.session(gapMs: 1_000))
        try F.process([F.event(at: 5_000, offset: 1), F.event(at: 4_200, offset: 2)], into: &trigger)
        #expect(F.close(&trigger, watermarkMs: 9_000) == ["c-1 4200-6000 n=2"])
    }

    @Test func bridgingEventMergesTwoSessionsAndTheirAggregates() throws {
        var trigger = try F.window(
            .session(gapMs: 1_000),
            aggregates: [("n", .count), ("s", .sum("v")), ("d", .distinctCount("tag")), ("l", .last("tag")),
                         ("lo", .min("v")), ("hi", .max("v"))],
            message: "{{window_start}}-{{window_end}} n={{n}} s={{s}} d={{d}} l={{l}} lo={{lo}} hi={{hi}}"
        )
        try F.process([F.event(at: 0, offset: 1, #"{"v":1,"tag":"x"}"#),
                       F.event(at: 1_500, offset: 2, #"{"v":2,"tag":"y"}"#)], into: &trigger)
        #expect(trigger.openWindowCount == 2)
        try F.process([F.event(at: 800, offset: 3, #"{"v":4,"tag":"x"}"#)], into: &trigger)
        #expect(trigger.openWindowCount == 1)
        #expect(F.close(&trigger, watermarkMs: 2_499).isEmpty)
        let out = F.advance(&trigger, watermarkMs: 2_500)
        #expect(out.actions.map(\.message) == ["0-2500 n=3 s=7 d=2 l=y lo=1 hi=4"])
        #expect(out.actions.map(\.actionID) == [ActionID.make(trigger: F.triggerName, key: "c-1", discriminator: "w:0:2500")])
        #expect(F.close(&trigger, watermarkMs: 99_000).isEmpty)
        #expect(trigger.openWindowCount == 0)
    }

    @Test func keysHaveSeparateSessions() throws {
        var trigger = try F.window(.session(gapMs: 1_000))
        try F.process([F.event(at: 0, offset: 1, key: "a"), F.event(at: 500, offset: 2, key: "b"),
                       F.event(at: 900, offset: 3, key: "a")], into: &trigger)
        #expect(trigger.openWindowCount == 2)
        #expect(F.close(&trigger, watermarkMs: 9_000) == ["b 500-1500 n=1", "a 0-1900 n=2"])
    }

    @Test func eventIsLateWhenItsOwnSessionWindowClosed() throws {
        var trigger = try F.window(.session(gapMs: 1_000), graceMs: 500)
        let late = F.event(at: 500, offset: 1)
        let out = try F.process([late, F.event(at: 501, offset: 2)], into: &trigger, watermarkMs: 2_000)
        #expect(out.late == [LateEvent(
            event: late,
            detail: "event time 500 is late: its session window [500, 1500) (gap 1000 ms) closed at watermark 2000 (grace 500 ms)"
        )])
        #expect(F.close(&trigger, watermarkMs: 9_000) == ["c-1 501-1501 n=1"])
    }

    /// No per-record deduplication (see `WindowLatenessTests.everyProcessedRecordIsFoldedIn`):
    /// an event processed twice counts twice, and an earlier time does not move the session.
    @Test func eventProcessedTwiceCountsTwiceWithoutExtending() throws {
        var trigger = try F.window(.session(gapMs: 1_000), aggregates: [("n", .count), ("s", .sum("v"))],
                                   message: "{{window_start}}-{{window_end}} n={{n}} s={{s}}")
        let first = F.event(at: 0, offset: 1, #"{"v":5}"#)
        try F.process([first, F.event(at: 700, offset: 2, #"{"v":1}"#), first], into: &trigger)
        #expect(F.close(&trigger, watermarkMs: 9_000) == ["0-1700 n=3 s=11"])
    }
}
