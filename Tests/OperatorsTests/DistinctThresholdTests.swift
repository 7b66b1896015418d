import Testing
@testable import Operators

/// `distinct_by` on threshold: As are counted by distinct id within the window, so the same
/// contact delivered twice (two offsets) counts once.
@Suite("ThresholdTrigger: distinct_by")
struct DistinctThresholdTests {
    typealias F = PatternFixture

    static func harness(count: Int = 3, withinMs: Int64 = 1_000) throws -> PatternHarness<ThresholdTrigger> {
        PatternHarness(ThresholdTrigger(common: try F.common(message: "count={{count}}@{{event_time}}"),
                                        start: F.isType("A"), count: count, withinMs: withinMs,
                                        distinctBy: FieldPath("contact_id")))
    }

    /// An A with `contact_id: id` at `time`.
    static func A(_ id: String, at time: Int64, offset: Int64) -> Event {
        F.event("A", at: time, offset: offset, extra: #""contact_id":"\#(id)""#)
    }

    @Test func aRepeatedIdIsCountedOnce() throws {
        var h = try Self.harness()
        try h.send([Self.A("x", at: 100, offset: 1), Self.A("x", at: 100, offset: 2), Self.A("y", at: 200, offset: 3)])
        h.advance(to: 500)
        #expect(h.actions.isEmpty, "x twice and y are two distinct contacts")
        try h.send(Self.A("z", at: 600, offset: 4))
        h.advance(to: 700)
        #expect(h.messages == ["count=3@600"])
    }

    @Test func withoutDistinctByTheSameEventsFire() throws {
        var h = PatternHarness(ThresholdTrigger(common: try F.common(message: "count={{count}}@{{event_time}}"),
                                                start: F.isType("A"), count: 3, withinMs: 1_000))
        try h.send([Self.A("x", at: 100, offset: 1), Self.A("x", at: 100, offset: 2), Self.A("y", at: 200, offset: 3)])
        h.advance(to: 500)
        #expect(h.messages == ["count=3@200"])
    }

    @Test func aCountedIdIsRememberedAfterTheFiringUntilItLeavesTheWindow() throws {
        var h = try Self.harness(count: 2)
        try h.send([Self.A("x", at: 100, offset: 1), Self.A("y", at: 200, offset: 2),
                    Self.A("y", at: 300, offset: 3), Self.A("w", at: 400, offset: 4)])
        h.advance(to: 500)
        #expect(h.messages == ["count=2@200"], "the late duplicate of y does not start the next count")
        // y's first sighting (200) leaves the window at 1200: from then on y is new again.
        try h.send([Self.A("y", at: 1_199, offset: 5), Self.A("y", at: 1_200, offset: 6)])
        h.advance(to: 1_300)
        #expect(h.messages == ["count=2@200", "count=2@1200"])
    }

    @Test func integerIdsCountLikeStrings() throws {
        var h = try Self.harness(count: 2)
        try h.send([F.event("A", at: 100, offset: 1, extra: #""contact_id":7"#),
                    F.event("A", at: 150, offset: 2, extra: #""contact_id":"7""#),
                    F.event("A", at: 200, offset: 3, extra: #""contact_id":8"#)])
        h.advance(to: 300)
        #expect(h.messages == ["count=2@200"])
    }

    @Test(arguments: [("", "is missing"), (#""contact_id":null"#, "is null"), (#""contact_id":"""#, #"is """#)])
    func anAWithoutTheFieldIsRefused(extra: String, detail: String) throws {
        var h = try Self.harness()
        var failure: DecodeFailure?
        do { try h.send(F.event("A", at: 100, offset: 1, extra: extra)) } catch { failure = error }
        #expect(failure?.reason == .missingField)
        #expect(failure?.detail.contains("distinct_by field 'contact_id' \(detail)") == true, "\(failure?.detail ?? "")")
        #expect(h.op.stateKeyCount == 0, "nothing was buffered")
    }

    @Test func eventsThatAreNotAsNeedNoId() throws {
        var h = try Self.harness()
        try h.send(F.event("B", at: 100, offset: 1))
        #expect(h.op.stateKeyCount == 0)
    }

    @Test func theSeenIdsSurviveACheckpoint() throws {
        var first = try Self.harness()
        try first.send([Self.A("x", at: 100, offset: 1), Self.A("y", at: 200, offset: 2)])
        first.advance(to: 300)
        let changes = first.op.takeStateChanges()
        var second = try Self.harness()
        for change in changes { try second.op.restoreState(key: change.key, value: try #require(change.value)) }
        try second.send([Self.A("x", at: 400, offset: 3), Self.A("z", at: 500, offset: 4)])
        second.advance(to: 600)
        #expect(second.messages == ["count=3@500"], "x was already counted before the checkpoint")
    }

    @Test func stateLeavesWithItsLastId() throws {
        var h = try Self.harness(count: 2)
        try h.send([Self.A("x", at: 100, offset: 1), Self.A("y", at: 200, offset: 2)])
        h.advance(to: 300)
        #expect(h.op.stateKeyCount == 1, "the ids stay while in the window")
        h.advance(to: 1_201) // y, seen at 200, is out of the window at 1200
        #expect(h.op.stateKeyCount == 0)
    }
}

/// The threshold state layout: version 2 written, version 1 (times only) still read.
@Suite("ThresholdLogic state layout")
struct DistinctThresholdStateTests {
    typealias State = ThresholdLogic.State

    static func roundTrip(_ state: State) throws -> State {
        var writer = StateWriter(reservingCapacity: 64)
        state.encode(into: &writer)
        var reader = StateReader(writer.bytes)
        let decoded = try State(decodingFrom: &reader)
        try reader.finish()
        return decoded
    }

    @Test func layoutTwoRoundTrips() throws {
        let state = State(times: [5, 9], seen: [ThresholdLogic.SeenID(id: "x", timeMs: 5), ThresholdLogic.SeenID(id: "y", timeMs: 9)])
        #expect(try Self.roundTrip(state) == state)
        let afterFiring = State(times: [], seen: [ThresholdLogic.SeenID(id: "x", timeMs: 5)])
        #expect(try Self.roundTrip(afterFiring) == afterFiring)
    }

    @Test func layoutOneIsStillRead() throws {
        var writer = StateWriter(reservingCapacity: 16)
        writer.writeArray([Int64(100), 250]) { $0.writeVarInt($1) } // what version 1 wrote
        var reader = StateReader(writer.bytes)
        #expect(try State(decodingFrom: &reader) == State(times: [100, 250]))
    }

    @Test func anUnknownLayoutAndAnEmptyStateAreRefused() throws {
        var unknown = StateReader([0, 9])
        #expect(throws: StateDecodingError.self) { try State(decodingFrom: &unknown) }
        var empty = StateReader([0, 2, 0, 0])
        #expect(throws: StateDecodingError.self) { try State(decodingFrom: &empty) }
    }
}
