import Testing
import Operators

@Suite("ChangeTrigger")
struct PatternChangeTests {
    typealias F = PatternFixture

    static func harness(field: FieldPath = "balance", baselineField: FieldPath? = nil, minChange: Double = 10,
                        cooldownMs: Int64? = nil, idleTimeoutMs: Int64? = nil) throws -> PatternHarness<ChangeTrigger> {
        PatternHarness(ChangeTrigger(
            common: try F.common(message: "prev={{previous}} base={{baseline}} change={{change}}", cooldownMs: cooldownMs),
            field: field, baselineField: baselineField, minChange: minChange, idleTimeoutMs: idleTimeoutMs
        ))
    }

    static func reading(_ value: String, at time: Int64, offset: Int64, key: String = "k") -> Event {
        F.event("R", at: time, offset: offset, key: key, extra: #""balance":\#(value)"#)
    }

    @Test func numbersAgainstTheKeysFirstValue() throws {
        var h = try Self.harness(minChange: 10)
        let events = [Self.reading("100", at: 1, offset: 1), Self.reading("105", at: 2, offset: 2),
                      Self.reading("90", at: 3, offset: 3), Self.reading("95", at: 4, offset: 4),
                      Self.reading("80", at: 5, offset: 5)]
        try h.send(events)
        h.advance(to: 100)
        #expect(h.messages == ["prev= base=100 change=-10", "prev=90 base=100 change=-20"])
        #expect(h.actions.map(\.cause) == [events[2].source, events[4].source])
        #expect(h.actions.first?.actionID == F.actionID(cause: events[2].source))
    }

    @Test func smallMovesNeverFire() throws {
        var h = try Self.harness(minChange: 10)
        try h.send((0..<10).map { Self.reading("\(100 + $0)", at: Int64($0), offset: Int64($0)) })
        h.advance(to: 100)
        #expect(h.actions.isEmpty)
    }

    @Test(arguments: [("109.999", false), ("110", true)])
    func aMoveOfExactlyMinChangeFires(value: String, fires: Bool) throws {
        var h = try Self.harness(minChange: 10)
        try h.send([Self.reading("100", at: 1, offset: 1), Self.reading(value, at: 2, offset: 2)])
        h.advance(to: 100)
        #expect(h.actions.count == (fires ? 1 : 0))
    }

    static func flight(estimate: String, at time: Int64, offset: Int64) -> Event {
        F.event("status", at: time, offset: offset, key: "LH123",
                extra: #""departure_scheduled":"2026-11-26T10:00:00Z","departure_estimate":"\#(estimate)""#)
    }

    @Test func rfc3339TimesAgainstABaselineFieldGrowingByAnother15Minutes() throws {
        var h = try Self.harness(field: "departure_estimate", baselineField: "departure_scheduled", minChange: 900_000)
        try h.send([
            Self.flight(estimate: "2026-11-26T10:10:00Z", at: 1, offset: 1), // +10 min
            Self.flight(estimate: "2026-11-26T11:15:00+01:00", at: 2, offset: 2), // +15 min: fires
            Self.flight(estimate: "2026-11-26T10:20:00Z", at: 3, offset: 3), // +20: only 5 more
            Self.flight(estimate: "2026-11-26T10:29:59.999Z", at: 4, offset: 4), // a hair short of another 15
            Self.flight(estimate: "2026-11-26T10:30:00Z", at: 5, offset: 5), // +30: fires
            Self.flight(estimate: "2026-11-26T10:35:00Z", at: 6, offset: 6),
        ])
        h.advance(to: 100)
        #expect(h.messages == [
            "prev= base=2026-11-26T10:00:00Z change=900000",
            "prev=2026-11-26T11:15:00+01:00 base=2026-11-26T10:00:00Z change=1800000",
        ])
        #expect(h.actions.map(\.cause.offset) == [2, 5])
        #expect(h.op.pendingKeyCount == 1, "remembers the value at the last firing")
    }

    @Test func withABaselineFieldNothingIsHeldUntilItFires() throws {
        var h = try Self.harness(field: "departure_estimate", baselineField: "departure_scheduled", minChange: 900_000)
        try h.send(Self.flight(estimate: "2026-11-26T10:05:00Z", at: 1, offset: 1))
        h.advance(to: 100)
        #expect(h.op.pendingKeyCount == 0)
    }

    @Test func eventsWithoutTheFieldOrBaselineAreIgnored() throws {
        var h = try Self.harness(field: "departure_estimate", baselineField: "departure_scheduled", minChange: 900_000)
        try h.send([
            F.event("status", at: 1, offset: 1, key: "LH123", extra: #""departure_estimate":"2026-11-26T11:00:00Z""#),
            F.event("status", at: 2, offset: 2, key: "LH123", extra: #""departure_estimate":null"#),
        ])
        #expect(h.op.bufferedEventCount == 0)
    }

    @Test(arguments: [
        (#""yes""#, DeadLetterReason.invalidTime, "is not an RFC 3339 timestamp"),
        ("true", .missingField, "is a boolean, expected a number or an RFC 3339 timestamp"),
        (#"{"v":1}"#, .missingField, "is an object, expected a number or an RFC 3339 timestamp"),
    ])
    func anUnreadableValueIsRejectedOnArrival(value: String, reason: DeadLetterReason, detail: String) throws {
        var h = try Self.harness()
        do {
            try h.send(Self.reading(value, at: 1, offset: 1))
            Issue.record("expected a DecodeFailure")
        } catch {
            #expect(error.reason == reason)
            #expect(error.detail.contains("field 'balance'"))
            #expect(error.detail.contains(detail))
        }
    }

    @Test func outOfOrderWithinTheBoundGivesTheSameResult() throws {
        var h = try Self.harness(minChange: 10)
        // In event time 100 comes first and is the baseline; 120 then fires.
        try h.send([Self.reading("120", at: 2, offset: 2), Self.reading("100", at: 1, offset: 1)], watermark: 0)
        h.advance(to: 100)
        #expect(h.messages == ["prev= base=100 change=20"])
    }

    @Test func cancelForgetsTheBaseline() throws {
        var h = try Self.harness(minChange: 10)
        try h.send([Self.reading("100", at: 1, offset: 1), F.event("X", at: 2, offset: 2),
                    Self.reading("120", at: 3, offset: 3), Self.reading("125", at: 4, offset: 4)])
        h.advance(to: 100)
        #expect(h.actions.isEmpty, "120 is the new baseline")
    }

    @Test func cooldownSuppressesReentry() throws {
        var h = try Self.harness(minChange: 10, cooldownMs: 100)
        try h.send([Self.reading("100", at: 0, offset: 1), Self.reading("110", at: 10, offset: 2),
                    Self.reading("120", at: 50, offset: 3), // suppressed, but counts as the last firing
                    Self.reading("125", at: 110, offset: 4), // only 5 beyond 120
                    Self.reading("130", at: 120, offset: 5)])
        h.advance(to: 1_000)
        #expect(h.messages == ["prev= base=100 change=10", "prev=120 base=100 change=30"])
    }

    @Test func anIdleKeyIsForgotten() throws {
        var h = try Self.harness(minChange: 10, idleTimeoutMs: 1_000)
        try h.send([Self.reading("100", at: 0, offset: 1), Self.reading("105", at: 500, offset: 2)])
        h.advance(to: 1_500)
        #expect(h.op.pendingKeyCount == 1)
        h.advance(to: 1_501)
        #expect(h.op.pendingKeyCount == 0)
        try h.send(Self.reading("120", at: 2_000, offset: 3))
        h.advance(to: 3_000)
        #expect(h.actions.isEmpty, "120 is the forgotten key's new baseline")
    }
}
