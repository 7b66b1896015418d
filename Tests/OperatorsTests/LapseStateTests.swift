import Testing
import Operators

/// `kind: lapse` through the state codec: checkpoints and restores mid-wait must not change
/// what fires, and the layout must round-trip.
@Suite("LapseState")
struct LapseStateTests {
    typealias F = PatternFixture
    static let day: Int64 = 86_400_000

    static func make() throws -> LapseTrigger {
        LapseTrigger(common: try F.common(message: "{{days_left}} {{last_activity}}"), deadlineWhen: F.isType("D"),
                     deadlineField: "expires", activity: F.isType("V"), started: F.isType("S"),
                     quietMs: 60 * day, leadMs: 30 * day)
    }

    /// Three members: one quiet (offer at 30 days left), one visiting at 85 days left (offer at
    /// 25), one renewing (two terms); events interleaved and slightly out of order.
    static func events() -> [Event] {
        member(0, offsetBase: 0)
    }

    /// `events()` for `count` groups of members with staggered expiries (≥ 120 events, for the
    /// crash schedules), in event-time order except for neighbours swapped within a day.
    static func manyEvents(count: Int = 16) -> [Event] {
        var events = (0..<count).flatMap { member($0, offsetBase: Int64($0) * 100) }.sorted {
            ($0.eventTimeMs, $0.source.offset) < ($1.eventTimeMs, $1.source.offset)
        }
        var index = 1
        while index < events.count {
            if events[index].eventTimeMs - events[index - 1].eventTimeMs < day { events.swapAt(index, index - 1) }
            index += 5
        }
        return events
    }

    private static func member(_ group: Int, offsetBase: Int64) -> [Event] {
        var events: [Event] = []
        var offset = offsetBase
        let shift = Int64(group) * 7 * day
        func add(_ type: String, _ key: String, _ time: Int64, _ extra: String = "") {
            offset += 1
            events.append(F.event(type, at: time + shift, offset: offset, key: "\(key)\(group)", extra: extra))
        }
        let expiry = 400 * day + shift
        add("S", "a", 0)
        add("D", "a", 0, #""expires":\#(expiry)"#)
        add("D", "b", 2, #""expires":\#(expiry)"#)
        add("D", "c", 1, #""expires":\#(expiry)"#)
        add("V", "b", expiry - shift - 85 * day)
        add("V", "a", expiry - shift - 200 * day)
        add("D", "c", expiry - shift - 5 * day, #""expires":\#(expiry + 100 * day)"#)
        add("V", "b", expiry - shift - 10 * day)
        add("V", "z", expiry - shift + 300 * day)
        return events
    }

    @Test func restartsMidWaitFireTheSame() throws {
        try StateRunCheck.expectSameAsUninterrupted(
            Self.make, events: Self.manyEvents(), bound: Self.day, finalWatermark: 2_000 * Self.day,
            schedules: StateRunCheck.schedules, minActions: 4 * 16
        )
    }

    @Test func theStateLayoutRoundTrips() throws {
        var op = try Self.make()
        var out = Emitter(nowMs: 0, watermarkMs: .min)
        for event in Self.events().prefix(6) { try op.process(event, into: &out) }
        out = Emitter(nowMs: 0, watermarkMs: 300 * Self.day)
        op.advance(into: &out)
        try op.process(F.event("V", at: 300 * Self.day + 5, offset: 99, key: "b0"), into: &out) // still buffered
        let changes = op.takeStateChanges()
        #expect(changes.count == 3)
        var restored = try Self.make()
        for change in changes {
            let value = try #require(change.value)
            try restored.restoreState(key: change.key, value: value)
        }
        #expect(restored.takeStateChanges().isEmpty)
        #expect(restored.stateKeyCount == 3)
        var original = Emitter(nowMs: 1, watermarkMs: 1_000 * Self.day)
        op.advance(into: &original)
        var fromState = Emitter(nowMs: 1, watermarkMs: 1_000 * Self.day)
        restored.advance(into: &fromState)
        #expect(original.actions.count == 3) // a and c at 30 days left, b at 25
        #expect(fromState.actions == original.actions)
    }

    @Test func anotherKindsStateIsRefused() throws {
        var absence = AbsenceTrigger(common: try F.common(message: "m"), start: F.isType("A"), then: F.isType("B"),
                                     withinMs: 10, deadlineField: nil)
        var out = Emitter(nowMs: 0, watermarkMs: .min)
        try absence.process(F.event("A", at: 0, offset: 1), into: &out)
        let value = try #require(absence.takeStateChanges().first?.value)
        var lapse = try Self.make()
        #expect(throws: StateRestoreError.self) { try lapse.restoreState(key: "k", value: value) }
    }
}
