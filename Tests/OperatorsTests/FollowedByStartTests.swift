import Testing
import Operators

/// followed_by with the start event's fields (`start.*`) in `then` predicates and templates,
/// `same:` correlation, and the state layout that carries them.
@Suite("FollowedByTrigger start fields and same")
struct FollowedByStartTests {
    typealias F = PatternFixture

    /// Pick-up: `order_ready` then `store_arrival` at the same store within 1000 ms.
    static func pickup(same: [FieldPath] = ["store"]) throws -> PatternHarness<FollowedByTrigger> {
        let message = "bring {{start.order}} to {{store}}"
        return PatternHarness(FollowedByTrigger(
            common: try F.common(message: message), start: F.isType("ready"), then: F.isType("arrival"),
            withinMs: 1_000, same: same, templates: ["sms", message]
        ))
    }

    /// Shipment: `shipped` then a `delivered` after the shipped event's promise.
    static func shipment() throws -> PatternHarness<FollowedByTrigger> {
        let message = "{{order}} late, promised {{start.promise}}"
        return PatternHarness(FollowedByTrigger(
            common: try F.common(message: message), start: F.isType("shipped"),
            then: F.isType("delivered") + [Predicate(field: "ts", test: .compareField(.greaterThan, "start.promise"))],
            withinMs: 100_000, templates: ["sms", message]
        ))
    }

    static func ready(_ order: String, store: String, at time: Int64, offset: Int64) -> Event {
        F.event("ready", at: time, offset: offset, extra: #""order":"\#(order)","store":"\#(store)","secret":"x""#)
    }

    static func arrival(store: String, at time: Int64, offset: Int64) -> Event {
        F.event("arrival", at: time, offset: offset, extra: #""store":"\#(store)""#)
    }

    @Test func theStartFieldsReachTheTemplate() throws {
        var h = try Self.pickup()
        try h.send([Self.ready("o-17", store: "s-7", at: 100, offset: 1), Self.arrival(store: "s-7", at: 200, offset: 2)])
        h.advance(to: 10_000)
        #expect(h.messages == ["bring o-17 to s-7"])
    }

    @Test func anArrivalAtAnotherStoreMatchesNothingAndLeavesTheOrderPending() throws {
        var h = try Self.pickup()
        try h.send([
            Self.ready("o-17", store: "s-7", at: 100, offset: 1),
            Self.arrival(store: "s-8", at: 200, offset: 2),
            Self.arrival(store: "s-7", at: 300, offset: 3),
        ])
        h.advance(to: 10_000)
        #expect(h.messages == ["bring o-17 to s-7"])
    }

    @Test func twoOrdersAtTwoStoresEachMatchTheirOwnArrival() throws {
        var h = try Self.pickup()
        try h.send([
            Self.ready("o-17", store: "s-7", at: 100, offset: 1),
            Self.ready("o-18", store: "s-8", at: 150, offset: 2),
            Self.arrival(store: "s-8", at: 200, offset: 3),
            Self.arrival(store: "s-7", at: 300, offset: 4),
        ])
        h.advance(to: 10_000)
        #expect(h.messages == ["bring o-18 to s-8", "bring o-17 to s-7"])
    }

    @Test func twoPendingOrdersAtOneStoreNameTheOldestAndBothAreConsumed() throws {
        var h = try Self.pickup()
        try h.send([
            Self.ready("o-17", store: "s-7", at: 100, offset: 1),
            Self.ready("o-18", store: "s-7", at: 150, offset: 2),
            Self.ready("o-19", store: "s-8", at: 160, offset: 3),
            Self.arrival(store: "s-7", at: 200, offset: 4),
            Self.arrival(store: "s-7", at: 250, offset: 5), // nothing pending at s-7 any more
        ])
        h.advance(to: 500)
        #expect(h.messages == ["bring o-17 to s-7"])
        #expect(h.op.pendingKeyCount == 1, "o-19 at s-8 is still pending")
    }

    @Test func theOldestCorrelatedOrderStillInTimeIsChosen() throws {
        var h = try Self.pickup()
        try h.send([
            Self.ready("o-1", store: "s-7", at: 0, offset: 1),      // out of time for an arrival at 1100
            Self.ready("o-2", store: "s-8", at: 200, offset: 2),    // other store
            Self.ready("o-3", store: "s-7", at: 300, offset: 3),
            Self.arrival(store: "s-7", at: 1_100, offset: 4),
        ])
        h.advance(to: 10_000)
        #expect(h.messages == ["bring o-3 to s-7"])
    }

    @Test func anArrivalWithoutTheSameFieldMatchesNothing() throws {
        var h = try Self.pickup()
        try h.send([
            Self.ready("o-17", store: "s-7", at: 100, offset: 1),
            F.event("arrival", at: 200, offset: 2),
            F.event("arrival", at: 210, offset: 3, extra: #""store":null"#),
        ])
        h.advance(to: 10_000)
        #expect(h.messages.isEmpty)
    }

    @Test func withoutSameAnyArrivalMatchesAndConsumesAll() throws {
        var h = try Self.pickup(same: [])
        try h.send([
            Self.ready("o-17", store: "s-7", at: 100, offset: 1),
            Self.ready("o-18", store: "s-8", at: 150, offset: 2),
            Self.arrival(store: "s-8", at: 200, offset: 3),
            Self.arrival(store: "s-7", at: 300, offset: 4),
        ])
        h.advance(to: 10_000)
        #expect(h.messages == ["bring o-17 to s-8"])
    }

    @Test(arguments: [
        ("2026-01-03T16:59:59.999Z", false), // 1 ms before the promise
        ("2026-01-03T12:00:00-05:00", false), // at the promise, in another offset
        ("2026-01-03T17:00:00.001Z", true),  // 1 ms after
    ])
    func thenPredicateComparesWithTheStartField(deliveredTs: String, fires: Bool) throws {
        var h = try Self.shipment()
        try h.send([
            F.event("shipped", at: 100, offset: 1, extra: #""promise":"2026-01-03T18:00:00+01:00","order":"o-1""#),
            F.event("delivered", at: 200, offset: 2, extra: #""ts":"\#(deliveredTs)","order":"o-1""#),
            // A second delivered scan after the first consumed the shipment: never a second notice.
            F.event("delivered", at: 300, offset: 3, extra: #""ts":"2026-01-05T00:00:00Z","order":"o-1""#),
        ])
        h.advance(to: 1_000_000)
        #expect(h.messages == (fires ? ["o-1 late, promised 2026-01-03T18:00:00+01:00"] : []))
        #expect(h.op.pendingKeyCount == 0)
    }

    @Test func onlyTheFieldsSomethingReadsAreKept() throws {
        var h = try Self.pickup()
        try h.send(Self.ready("o-17", store: "s-7", at: 100, offset: 1))
        h.advance(to: 150)
        let changes = h.op.takeStateChanges()
        let bytes = try #require(changes.first?.value)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("o-17") && text.contains("s-7"))
        #expect(!text.contains("secret"), "a field no template, predicate or same reads is not stored")
    }

    @Test func newLayoutRoundTripsThroughRestore() throws {
        var h = try Self.pickup()
        try h.send([Self.ready("o-17", store: "s-7", at: 100, offset: 1), Self.ready("o-18", store: "s-8", at: 110, offset: 2)])
        h.advance(to: 150)
        var restored = try Self.pickup()
        for change in h.op.takeStateChanges() { try restored.op.restoreState(key: change.key, value: change.value ?? []) }
        try restored.send(Self.arrival(store: "s-8", at: 200, offset: 3))
        restored.advance(to: 10_000)
        #expect(restored.messages == ["bring o-18 to s-8"])
    }

    /// Bytes as the previous followed_by layout wrote them: header, the pending As' times.
    static func oldLayout(startTimes: [Int64]) -> [UInt8] {
        var writer = StateWriter()
        writer.writeByte(1) // state format version
        writer.writeByte(3) // followed_by
        writer.writeOptional(startTimes) { writer, times in writer.writeArray(times) { $0.writeVarInt($1) } }
        writer.writeOptional(Int64?.none) { $0.writeVarInt($1) } // no cooldown
        writer.writeCount(0) // no buffered events
        return writer.bytes
    }

    @Test func oldLayoutStillRestores() throws {
        var h = PatternHarness(FollowedByTrigger(
            common: try F.common(message: "{{type}} elapsed={{elapsed_ms}} start={{start_time}}"),
            start: F.isType("A"), then: F.isType("B"), withinMs: 500
        ))
        try h.op.restoreState(key: "k", value: Self.oldLayout(startTimes: [1_000, 1_100]))
        #expect(h.op.pendingKeyCount == 1)
        try h.send(F.event("B", at: 1_200, offset: 5))
        h.advance(to: 2_000)
        #expect(h.messages == ["B elapsed=200 start=1000"])
    }

    @Test func oldLayoutStartsHaveNoFieldsSoSameCorrelatesNothingButExpiryStillWorks() throws {
        var h = try Self.pickup()
        try h.op.restoreState(key: "k", value: Self.oldLayout(startTimes: [100]))
        try h.send(Self.arrival(store: "s-7", at: 200, offset: 5))
        h.advance(to: 300)
        #expect(h.messages.isEmpty)
        #expect(h.op.pendingKeyCount == 1)
        h.advance(to: 1_101)
        #expect(h.op.pendingKeyCount == 0, "the restored A expired on time")
    }

    @Test func unknownLayoutIsRefused() throws {
        var h = try Self.pickup()
        var writer = StateWriter()
        writer.writeByte(1)
        writer.writeByte(3)
        writer.writeBool(true)
        writer.writeCount(0)
        writer.writeByte(9) // not a layout this build knows
        #expect(throws: StateRestoreError.self) { try h.op.restoreState(key: "k", value: writer.bytes) }
    }
}
