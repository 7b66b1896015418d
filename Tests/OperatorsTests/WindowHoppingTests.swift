import Testing
import Operators

@Suite("WindowTrigger: hopping windows")
struct WindowHoppingTests {
    typealias F = WindowFixture

    @Test func eventJoinsEveryWindowContainingIt() throws {
        var trigger = try F.window(.hopping(sizeMs: 3_000, advanceMs: 1_000))
        try F.process([F.event(at: 2_500, offset: 1)], into: &trigger)
        #expect(trigger.openWindowCount == 3)
        #expect(F.close(&trigger, watermarkMs: 10_000) == ["c-1 0-3000 n=1", "c-1 1000-4000 n=1", "c-1 2000-5000 n=1"])
        #expect(trigger.openWindowCount == 0)
    }

    @Test func boundariesAreHalfOpenAndEpochAligned() throws {
        var trigger = try F.window(.hopping(sizeMs: 2_000, advanceMs: 1_000))
        try F.process([F.event(at: 999, offset: 1), F.event(at: 1_000, offset: 2)], into: &trigger)
        #expect(F.close(&trigger, watermarkMs: 10_000) == ["c-1 -1000-1000 n=1", "c-1 0-2000 n=2", "c-1 1000-3000 n=1"])
    }

    @Test func eventWhoseOldestWindowClosedStillJoinsTheOpenOnes() throws {
        var trigger = try F.window(.hopping(sizeMs: 3_000, advanceMs: 1_000))
        try F.process([F.event(at: 2_500, offset: 1)], into: &trigger)
        let out = try F.process([F.event(at: 2_600, offset: 2)], into: &trigger, watermarkMs: 3_000)
        #expect(out.late.isEmpty)
        #expect(F.close(&trigger, watermarkMs: 10_000) == ["c-1 0-3000 n=1", "c-1 1000-4000 n=2", "c-1 2000-5000 n=2"])
    }

    @Test func eventIsLateOnlyWhenAllItsWindowsClosed() throws {
        var trigger = try F.window(.hopping(sizeMs: 3_000, advanceMs: 1_000))
        let late = F.event(at: 500, offset: 1)
        let out = try F.process([late], into: &trigger, watermarkMs: 3_000)
        #expect(out.late == [LateEvent(
            event: late,
            detail: "event time 500 is late: all 3 windows containing it closed, the latest [0, 3000) at watermark 3000 (grace 0 ms)"
        )])
        #expect(trigger.openWindowCount == 0)
    }

    /// Each event is folded once into every window containing it (no per-record
    /// deduplication: see `WindowLatenessTests.everyProcessedRecordIsFoldedIn`).
    @Test func eventIsCountedOnceInEachContainingWindow() throws {
        var trigger = try F.window(.hopping(sizeMs: 2_000, advanceMs: 1_000), aggregates: [("n", .count), ("s", .sum("v"))],
                                   message: "{{window_start}} n={{n}} s={{s}}")
        let event = F.event(at: 1_500, offset: 9, #"{"v":5}"#)
        try F.process([event, F.event(at: 1_600, offset: 10, #"{"v":1}"#)], into: &trigger)
        #expect(F.close(&trigger, watermarkMs: 10_000) == ["0 n=2 s=6", "1000 n=2 s=6"])
    }
}
