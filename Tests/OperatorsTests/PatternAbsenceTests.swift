import Testing
import Operators

@Suite("AbsenceTrigger")
struct PatternAbsenceTests {
    typealias F = PatternFixture

    static func harness(withinMs: Int64? = 500, deadlineField: FieldPath? = nil,
                        cooldownMs: Int64? = nil) throws -> PatternHarness<AbsenceTrigger> {
        PatternHarness(AbsenceTrigger(
            common: try F.common(message: "{{type}}@{{event_time}} deadline={{deadline}}", cooldownMs: cooldownMs),
            start: F.isType("A"), then: F.isType("B"), withinMs: withinMs, deadlineField: deadlineField
        ))
    }

    @Test func firesOnTheTimerAttributedToA() throws {
        var h = try Self.harness()
        let a = F.event("A", at: 1_000, offset: 4)
        try h.send(a)
        h.advance(to: 1_500)
        #expect(h.actions.isEmpty, "a B at exactly 1500 may still arrive")
        h.advance(to: 1_501)
        #expect(h.actions == [Action(
            actionID: F.actionID(discriminator: "absence:\(a.source)"), trigger: F.trigger, customerID: "k",
            channel: "sms", message: "A@1000 deadline=1500", eventTimeMs: 1_000, emittedAtMs: h.nowMs,
            cause: a.source
        )])
        #expect(h.op.pendingKeyCount == 0)
    }

    @Test func bClearsIt() throws {
        var h = try Self.harness()
        try h.send([F.event("A", at: 1_000, offset: 1), F.event("B", at: 1_200, offset: 2)])
        h.advance(to: 10_000)
        #expect(h.actions.isEmpty)
        #expect(h.op.pendingKeyCount == 0)
    }

    @Test(arguments: [(Int64(1_500), false), (1_501, true)])
    func bAtExactlyTheDeadlineStillClearsIt(bTime: Int64, fires: Bool) throws {
        var h = try Self.harness(withinMs: 500)
        try h.send([F.event("A", at: 1_000, offset: 1), F.event("B", at: bTime, offset: 2)])
        h.advance(to: 10_000)
        #expect(h.messages == (fires ? ["A@1000 deadline=1500"] : []))
    }

    @Test func oneInstancePerKeyStartedByTheFirstA() throws {
        var h = try Self.harness(withinMs: 500)
        let first = F.event("A", at: 1_000, offset: 1)
        try h.send([first, F.event("A", at: 1_200, offset: 2), F.event("A", at: 1_400, offset: 3)])
        h.advance(to: 10_000)
        #expect(h.messages == ["A@1000 deadline=1500"])
        #expect(h.actions.map(\.cause) == [first.source])
    }

    @Test func aNewAAfterFiringStartsANewInstance() throws {
        var h = try Self.harness(withinMs: 500)
        try h.send([F.event("A", at: 1_000, offset: 1), F.event("A", at: 1_600, offset: 2),
                    F.event("A", at: 1_700, offset: 3)])
        h.advance(to: 10_000)
        #expect(h.messages == ["A@1000 deadline=1500", "A@1600 deadline=2100"])
    }

    @Test func outOfOrderWithinTheBoundGivesTheSameResult() throws {
        var h = try Self.harness(withinMs: 500)
        // B (1400) arrives before A (1000): in event time A came first, and B clears it.
        try h.send(F.event("B", at: 1_400, offset: 2), watermark: 900)
        try h.send(F.event("A", at: 1_000, offset: 1), watermark: 900)
        h.advance(to: 10_000)
        #expect(h.actions.isEmpty)
    }

    @Test func lateBIsReportedAndDoesNotClear() throws {
        var h = try Self.harness(withinMs: 500)
        try h.send(F.event("A", at: 1_000, offset: 1))
        h.advance(to: 1_300)
        let b = F.event("B", at: 1_200, offset: 2)
        try h.send(b, watermark: 1_300)
        h.advance(to: 2_000)
        #expect(h.late.map(\.event) == [b])
        #expect(h.messages == ["A@1000 deadline=1500"])
    }

    @Test func cancelClearsIt() throws {
        var h = try Self.harness()
        try h.send([F.event("A", at: 1_000, offset: 1), F.event("X", at: 1_100, offset: 2)])
        h.advance(to: 10_000)
        #expect(h.actions.isEmpty)
        #expect(h.op.pendingKeyCount == 0)
    }

    @Test func cooldownSuppressesReentryAndIsPrunedAfterwards() throws {
        var h = try Self.harness(withinMs: 500, cooldownMs: 1_000)
        try h.send([
            F.event("A", at: 0, offset: 1), // fires at 500; cooling down until 1500
            F.event("A", at: 600, offset: 2), // due 1100 < 1500: suppressed, instance cleared
            F.event("A", at: 1_200, offset: 3), // due 1700: fires
        ])
        h.advance(to: 1_101)
        #expect(h.messages == ["A@0 deadline=500"])
        #expect(h.op.pendingKeyCount == 1)
        h.advance(to: 1_701)
        #expect(h.messages == ["A@0 deadline=500", "A@1200 deadline=1700"])
        #expect(h.op.pendingKeyCount == 1, "cooling down until 2700")
        h.advance(to: 2_701)
        #expect(h.op.pendingKeyCount == 0)
    }

    @Test func deadlineFromAnEpochMillisField() throws {
        var h = try Self.harness(withinMs: nil, deadlineField: "respond_by")
        try h.send(F.event("A", at: 1_000, offset: 1, extra: #""respond_by":3000"#))
        h.advance(to: 3_000)
        #expect(h.actions.isEmpty)
        h.advance(to: 3_001)
        #expect(h.messages == ["A@1000 deadline=3000"])
    }

    @Test func deadlineFromAnRFC3339Field() throws {
        var h = try Self.harness(withinMs: nil, deadlineField: "offer.expires")
        let start: Int64 = 1_795_687_200_000 // 2026-11-26T10:00:00Z
        try h.send(F.event("A", at: start, offset: 1,
                           extra: #""offer":{"expires":"2026-11-26T12:30:00.250+02:00"}"#))
        h.advance(to: start + 1_800_250)
        #expect(h.actions.isEmpty)
        h.advance(to: start + 1_800_251)
        #expect(h.messages == ["A@\(start) deadline=\(start + 1_800_250)"])
    }

    @Test func aBAtTheFieldDeadlineClearsIt() throws {
        var h = try Self.harness(withinMs: nil, deadlineField: "respond_by")
        try h.send([F.event("A", at: 1_000, offset: 1, extra: #""respond_by":"1970-01-01T00:00:03Z""#),
                    F.event("B", at: 3_000, offset: 2)])
        h.advance(to: 10_000)
        #expect(h.actions.isEmpty)
    }

    @Test func aMissingDeadlineFieldFallsBackToWithinOrIsRejected() throws {
        var withFallback = try Self.harness(withinMs: 500, deadlineField: "respond_by")
        try withFallback.send(F.event("A", at: 1_000, offset: 1, extra: #""respond_by":null"#))
        withFallback.advance(to: 10_000)
        #expect(withFallback.messages == ["A@1000 deadline=1500"])

        var without = try Self.harness(withinMs: nil, deadlineField: "respond_by")
        #expect(throws: DecodeFailure(reason: .missingField, detail: "field 'respond_by' is missing, expected the absence deadline")) {
            try without.send(F.event("A", at: 1_000, offset: 1))
        }
        #expect(without.op.bufferedEventCount == 0)
    }

    @Test(arguments: [
        (#""respond_by":"tomorrow""#, DeadLetterReason.invalidTime),
        (#""respond_by":-5"#, .invalidTime),
        (#""respond_by":true"#, .missingField),
    ])
    func anUnreadableDeadlineIsRejectedOnArrival(extra: String, reason: DeadLetterReason) throws {
        var h = try Self.harness(withinMs: 500, deadlineField: "respond_by")
        do {
            try h.send(F.event("A", at: 1_000, offset: 1, extra: extra))
            Issue.record("expected a DecodeFailure")
        } catch {
            #expect(error.reason == reason)
            #expect(error.detail.contains("'respond_by'"))
        }
    }

    @Test func aDeadlineBeforeAIsTreatedAsA() throws {
        var h = try Self.harness(withinMs: nil, deadlineField: "respond_by")
        try h.send(F.event("A", at: 1_000, offset: 1, extra: #""respond_by":10"#))
        h.advance(to: 1_001)
        #expect(h.messages == ["A@1000 deadline=1000"])
    }
}
