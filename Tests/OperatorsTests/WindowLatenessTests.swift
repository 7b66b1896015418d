import Testing
import Operators

@Suite("WindowTrigger: out-of-order, late and duplicate events")
struct WindowLatenessTests {
    typealias F = WindowFixture

    @Test func outOfOrderEventWithinGraceIsCounted() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000), graceMs: 500)
        try F.process([F.event(at: 1_200, offset: 1)], into: &trigger, watermarkMs: 1_100)
        #expect(F.close(&trigger, watermarkMs: 1_400).isEmpty)
        let out = try F.process([F.event(at: 900, offset: 2), F.event(at: 100, offset: 3)], into: &trigger, watermarkMs: 1_499)
        #expect(out.late.isEmpty)
        #expect(F.close(&trigger, watermarkMs: 1_500) == ["c-1 0-1000 n=2"])
    }

    @Test func eventBeyondGraceIsReportedLateAndNotCounted() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000), graceMs: 500)
        try F.process([F.event(at: 100, offset: 1)], into: &trigger)
        // The window is still held (advance not yet called) but closed: the event is refused.
        let late = F.event(at: 999, offset: 2)
        let out = try F.process([late], into: &trigger, watermarkMs: 1_500)
        #expect(out.late == [LateEvent(
            event: late, detail: "event time 999 is late: window [0, 1000) closed at watermark 1500 (grace 500 ms)"
        )])
        #expect(out.actions.isEmpty)
        #expect(F.close(&trigger, watermarkMs: 1_500) == ["c-1 0-1000 n=1"])
    }

    @Test func lateEventForAlreadyFiredWindowOpensNoState() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000))
        try F.process([F.event(at: 100, offset: 1)], into: &trigger)
        #expect(F.close(&trigger, watermarkMs: 1_000).count == 1)
        let out = try F.process([F.event(at: 200, offset: 2)], into: &trigger, watermarkMs: 1_000)
        #expect(out.late.count == 1)
        #expect(trigger.openWindowCount == 0)
        #expect(F.close(&trigger, watermarkMs: 99_000).isEmpty)
    }

    /// The window trusts its input to hold each record once (checkpoints are consistent cuts,
    /// so a restored task resumes right after its state): it keeps no per-record set, and
    /// folds in whatever it is given — records are told apart by nothing but arrival.
    @Test func everyProcessedRecordIsFoldedIn() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000), aggregates: [("n", .count), ("s", .sum("v"))],
                                   message: "n={{n}} s={{s}}")
        let record = F.event(at: 10, offset: 5, #"{"v":10}"#)
        let sameOffsetOtherPartition = F.event(at: 10, offset: 5, #"{"v":1}"#, partition: 1)
        try F.process([record, sameOffsetOtherPartition], into: &trigger)
        try F.process([record], into: &trigger, nowMs: 1)
        #expect(F.close(&trigger, watermarkMs: 1_000) == ["n=3 s=21"])
    }
}
