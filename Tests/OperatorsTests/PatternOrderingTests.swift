import Testing
import Operators

/// The machinery all pattern kinds share (``PatternDriver``): release by watermark in
/// event-time order, late events, de-duplication, `where`, and timer/event interleaving.
@Suite("Pattern event-time ordering")
struct PatternOrderingTests {
    typealias F = PatternFixture

    static func threshold(count: Int = 1, withinMs: Int64 = 1_000,
                          predicates: [Predicate] = []) throws -> PatternHarness<ThresholdTrigger> {
        PatternHarness(ThresholdTrigger(common: try F.common(message: "{{type}}@{{event_time}}", predicates: predicates),
                                        start: F.isType("A"), count: count, withinMs: withinMs))
    }

    static func followedBy(withinMs: Int64 = 500) throws -> PatternHarness<FollowedByTrigger> {
        PatternHarness(FollowedByTrigger(common: try F.common(message: "elapsed={{elapsed_ms}}"),
                                         start: F.isType("A"), then: F.isType("B"), withinMs: withinMs))
    }

    @Test func anEventIsReleasedOnlyOnceTheWatermarkHasPassedIt() throws {
        var h = try Self.threshold()
        try h.send(F.event("A", at: 1_000, offset: 1), watermark: 900)
        h.advance(to: 1_000)
        #expect(h.actions.isEmpty, "at watermark 1000 more events at 1000 may still arrive")
        #expect(h.op.bufferedEventCount == 1)
        h.advance(to: 1_001)
        #expect(h.messages == ["A@1000"])
        #expect(h.op.bufferedEventCount == 0)
    }

    @Test func eventsAreAppliedInEventTimeOrderNotArrivalOrder() throws {
        var h = try Self.followedBy()
        try h.send(F.event("B", at: 1_300, offset: 1))
        try h.send(F.event("A", at: 1_000, offset: 2))
        h.advance(to: 2_000)
        #expect(h.messages == ["elapsed=300"])

        var reverse = try Self.followedBy()
        try reverse.send(F.event("A", at: 1_300, offset: 1))
        try reverse.send(F.event("B", at: 1_000, offset: 2))
        reverse.advance(to: 2_000)
        #expect(reverse.actions.isEmpty, "B happened before A")
    }

    @Test(arguments: [(Int64(1), Int64(2), true), (2, 1, false)])
    func eventsAtTheSameMillisecondAreOrderedByKafkaPosition(aOffset: Int64, bOffset: Int64, fires: Bool) throws {
        var h = try Self.followedBy()
        // B arrives first in both cases: only the Kafka position decides.
        try h.send(F.event("B", at: 1_000, offset: bOffset))
        try h.send(F.event("A", at: 1_000, offset: aOffset))
        h.advance(to: 5_000)
        #expect(h.messages == (fires ? ["elapsed=0"] : []))
    }

    @Test func anEventBeforeTheWatermarkIsLate() throws {
        var h = try Self.threshold()
        let late = F.event("A", at: 4_999, offset: 1)
        try h.send(late, watermark: 5_000)
        try h.send(F.event("A", at: 5_000, offset: 2), watermark: 5_000)
        h.advance(to: 6_000)
        #expect(h.late.map(\.event) == [late])
        #expect(h.late.first?.detail.contains("before the pattern's watermark 5000") == true)
        #expect(h.messages == ["A@5000"], "an event exactly at the watermark is not late")
    }

    @Test func latenessIsJudgedAgainstTheHighestWatermarkSeen() throws {
        var h = try Self.threshold()
        h.advance(to: 5_000)
        try h.send(F.event("A", at: 4_000, offset: 1), watermark: 3_000) // a stale emitter
        h.advance(to: 9_000)
        #expect(h.late.count == 1)
        #expect(h.actions.isEmpty)
    }

    @Test func eventsFailingWhereOrIrrelevantToThePatternAreNeitherBufferedNorLate() throws {
        var h = try Self.threshold(predicates: [Predicate(field: "region", test: .equals(.string("eu")))])
        try h.send(F.event("A", at: 1_000, offset: 1, extra: #""region":"us""#), watermark: 900)
        try h.send(F.event("Z", at: 1_000, offset: 2, extra: #""region":"eu""#), watermark: 900)
        #expect(h.op.bufferedEventCount == 0)
        try h.send(F.event("A", at: 10, offset: 3, extra: #""region":"us""#), watermark: 900)
        try h.send(F.event("Z", at: 10, offset: 4, extra: #""region":"eu""#), watermark: 900)
        #expect(h.late.isEmpty)
        try h.send(F.event("A", at: 1_000, offset: 5, extra: #""region":"eu""#), watermark: 900)
        h.advance(to: 2_000)
        #expect(h.messages == ["A@1000"])
    }

    @Test func anEmptyCancelListCancelsNothing() throws {
        // Unlike `where`, where an empty list admits every event.
        var h = PatternHarness(ThresholdTrigger(common: try F.common(message: "{{type}}", cancel: []),
                                                start: F.isType("A"), count: 2, withinMs: 1_000))
        try h.send([F.event("A", at: 100, offset: 1), F.event("X", at: 200, offset: 2), F.event("A", at: 300, offset: 3)])
        h.advance(to: 2_000)
        #expect(h.messages == ["A"])
    }

    @Test func aRedeliveredEventStillBufferedCountsOnce() throws {
        var h = try Self.threshold(count: 2)
        let a = F.event("A", at: 1_000, offset: 7)
        try h.send([a, a, a])
        #expect(h.op.bufferedEventCount == 1)
        h.advance(to: 1_500)
        #expect(h.actions.isEmpty)
        #expect(h.op.pendingKeyCount == 1)
    }

    @Test func aRedeliveryAfterTheOriginalWasReleasedIsLate() throws {
        var h = try Self.threshold(count: 2)
        let a = F.event("A", at: 1_000, offset: 7)
        try h.send(a)
        h.advance(to: 1_001)
        try h.send(a, watermark: 1_001)
        h.advance(to: 1_500)
        #expect(h.actions.isEmpty)
        #expect(h.late.map(\.event) == [a])
    }

    @Test func theSameOffsetOnAnotherPartitionIsADifferentEvent() throws {
        var h = try Self.threshold(count: 2)
        let a = F.event("A", at: 1_000, offset: 7)
        var b = a
        b.source.partition = 1
        try h.send([a, b])
        h.advance(to: 1_500)
        #expect(h.actions.count == 1)
    }

    @Test func keysAreIndependent() throws {
        var h = try Self.followedBy()
        try h.send([F.event("A", at: 1_000, offset: 1, key: "k1"), F.event("B", at: 1_100, offset: 2, key: "k2")])
        h.advance(to: 5_000)
        #expect(h.actions.isEmpty)
    }

    @Test func bufferedEventsAreBoundedByTheOutOfOrdernessWindow() throws {
        var h = try Self.threshold(count: 1_000)
        let bound: Int64 = 100
        var maxSeen = Int64.min
        for i in 0..<1_000 {
            let time = Int64(i * 10)
            maxSeen = max(maxSeen, time)
            try h.send(F.event("A", at: time, offset: Int64(i)), watermark: maxSeen - bound)
            h.advance(to: maxSeen - bound)
            #expect(h.op.bufferedEventCount <= Int(bound / 10) + 1)
        }
    }

    /// Many keys whose timers get superseded (each B clears its absence) exercise the sweep
    /// of stale timers; the keys left pending must still fire, each exactly once.
    @Test func sweepingSupersededTimersKeepsTheLiveOnes() throws {
        var h = PatternHarness(AbsenceTrigger(
            common: try F.common(message: "{{key}}"), start: F.isType("A"), then: F.isType("B"),
            withinMs: 1_000_000, deadlineField: nil
        ))
        var offset: Int64 = 0
        for round in 0..<5 {
            for k in 0..<100 {
                offset += 1
                let time = Int64(round * 10_000 + k)
                try h.send(F.event("A", at: time, offset: offset, key: "k\(k)"), watermark: time - 1)
                if k % 10 != 0 {
                    offset += 1
                    try h.send(F.event("B", at: time + 1, offset: offset, key: "k\(k)"), watermark: time - 1)
                }
                h.advance(to: time - 1)
            }
        }
        h.advance(to: .max)
        #expect(h.messages.sorted() == (0..<10).map { "k\($0 * 10)" }.sorted())
        #expect(h.op.pendingKeyCount == 0)
    }
}
