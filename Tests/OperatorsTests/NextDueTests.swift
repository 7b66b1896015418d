import Testing
import Operators

/// `nextDueMs` lets the engine skip `advance` while nothing can be due: it must never be later
/// than the first watermark at which `advance` fires something (or the skip would lose output).
@Suite("StreamOperator.nextDueMs")
struct NextDueTests {
    typealias W = WindowFixture
    typealias P = PatternFixture

    @Test func windowIsDueAtItsFirstCloseTimerPlusGrace() throws {
        var trigger = try W.window(.tumbling(sizeMs: 1_000), graceMs: 200)
        #expect(trigger.nextDueMs == .max, "no window open: nothing can ever be due")
        try W.process([W.event(at: 1_500, offset: 1), W.event(at: 10, offset: 2, key: "c-2")], into: &trigger)
        #expect(trigger.nextDueMs == 1_200)
        #expect(W.close(&trigger, watermarkMs: 1_199).isEmpty)
        #expect(W.close(&trigger, watermarkMs: 1_200) == ["c-2 0-1000 n=1"])
        #expect(trigger.nextDueMs == 2_200)
        #expect(W.close(&trigger, watermarkMs: 2_200) == ["c-1 1000-2000 n=1"])
        #expect(trigger.nextDueMs == .max)
    }

    @Test func windowWithPendingEarlyResultsIsAlwaysDue() throws {
        var trigger = try W.window(.tumbling(sizeMs: 60_000), earlyEveryMs: 10_000)
        try W.process([W.event(at: 5, offset: 1)], into: &trigger)
        #expect(trigger.nextDueMs == .min, "early results follow processing time, not the watermark")
    }

    @Test func advanceIfDueSkipsOnlyWhileNothingIsDue() throws {
        var trigger = try W.window(.tumbling(sizeMs: 1_000))
        try W.process([W.event(at: 10, offset: 1)], into: &trigger)
        var early = Emitter(nowMs: 0, watermarkMs: 999)
        trigger.advanceIfDue(into: &early)
        #expect(early.actions.isEmpty)
        var due = Emitter(nowMs: 0, watermarkMs: 1_000)
        trigger.advanceIfDue(into: &due)
        #expect(due.actions.map(\.message) == ["c-1 0-1000 n=1"])
    }

    @Test func patternIsDueOnceTheWatermarkPassesItsBufferOrTimer() throws {
        var h = try PatternAbsenceTests.harness()
        #expect(h.op.nextDueMs == .max)
        try h.send(P.event("A", at: 1_000, offset: 1))
        #expect(h.op.nextDueMs == 1_001, "the buffered A is released at watermark 1001")
        h.advance(to: 1_001)
        #expect(h.op.nextDueMs == 1_501, "then the absence timer at 1500 fires after every event at 1500")
        h.advance(to: 1_500)
        #expect(h.actions.isEmpty)
        h.advance(to: 1_501)
        #expect(h.actions.count == 1)
        #expect(h.op.nextDueMs == .max)
    }
}
