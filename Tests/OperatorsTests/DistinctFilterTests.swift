import Testing
@testable import Operators

/// `DistinctFilterTrigger`: a filter that drops re-sent records (same id within the period),
/// acting at once, with its memory in the operator state contract.
@Suite("DistinctFilterTrigger")
struct DistinctFilterTests {
    static let day: Int64 = 86_400_000
    static let t0: Int64 = 1_700_000_000_000

    static func trigger(withinMs: Int64 = day) throws -> DistinctFilterTrigger {
        DistinctFilterTrigger(
            trigger: "pickup_ready",
            predicates: [Predicate(field: "type", test: .equals(.string("order_ready")))],
            channel: try MessageTemplate("sms"), message: try MessageTemplate("order {{order_id}} is ready"),
            customerField: nil, distinctBy: "order_id", withinMs: withinMs)
    }

    /// An `order_ready` for `order` at `t0 + atMs`, from offset `offset` (a re-send has a new one).
    static func ready(_ order: String?, key: String = "c-1", atMs: Int64 = 0, offset: Int64) -> Event {
        let id = order.map { #","order_id":"\#($0)""# } ?? ""
        return TestSupport.event(#"{"type":"order_ready"\#(id)}"#, key: key, eventTimeMs: t0 + atMs,
                                 source: EventSource(topic: "orders", partition: 0, offset: offset))
    }

    /// Runs `events` (at watermark `watermarkMs` each), returning the offsets that became actions.
    static func fired(_ op: inout DistinctFilterTrigger, _ events: [Event], watermarkMs: Int64 = .min) throws -> [Int64] {
        var out = Emitter(nowMs: t0, watermarkMs: watermarkMs)
        for event in events { try op.process(event, into: &out) }
        return out.actions.map(\.cause.offset)
    }

    @Test func firstOccurrenceFiresAtOnceAndCarriesTheAction() throws {
        var op = try Self.trigger()
        var out = Emitter(nowMs: Self.t0 + 5)
        try op.process(Self.ready("A-1", offset: 7), into: &out)
        let action = try #require(out.actions.first)
        #expect(out.actions.count == 1)
        #expect(action.message == "order A-1 is ready")
        #expect(action.customerID == "c-1")
        #expect(action.emittedAtMs == Self.t0 + 5)
    }

    @Test func duplicateWithinThePeriodIsDroppedNotDeadLettered() throws {
        var op = try Self.trigger()
        let offsets = try Self.fired(&op, [Self.ready("A-1", offset: 1), Self.ready("A-1", atMs: 60_000, offset: 2),
                                           Self.ready("A-1", atMs: Self.day - 1, offset: 3)])
        #expect(offsets == [1])
        #expect(op.duplicatesDropped == 2)
    }

    @Test func sameIDAfterThePeriodFiresAgainMeasuredFromTheFirst() throws {
        var op = try Self.trigger()
        // The drop at +20h does not extend the period: +24h (first + 1d) is a new occurrence.
        let offsets = try Self.fired(&op, [Self.ready("A-1", offset: 1), Self.ready("A-1", atMs: 20 * 3_600_000, offset: 2),
                                           Self.ready("A-1", atMs: Self.day, offset: 3)])
        #expect(offsets == [1, 3])
        #expect(op.rememberedIDs(of: "c-1") == ["A-1": Self.t0 + Self.day])
    }

    @Test func differentIDsFire() throws {
        var op = try Self.trigger()
        #expect(try Self.fired(&op, [Self.ready("A-1", offset: 1), Self.ready("A-2", offset: 2)]) == [1, 2])
    }

    @Test func keysAreIndependent() throws {
        var op = try Self.trigger()
        let offsets = try Self.fired(&op, [Self.ready("A-1", key: "c-1", offset: 1), Self.ready("A-1", key: "c-2", offset: 2),
                                           Self.ready("A-1", key: "c-2", offset: 3)])
        #expect(offsets == [1, 2])
        #expect(op.stateKeyCount == 2)
    }

    @Test func nonMatchingEventsAreIgnoredAndNeedNoState() throws {
        var op = try Self.trigger()
        let other = TestSupport.event(#"{"type":"order_placed","order_id":"A-1"}"#, key: "c-1")
        #expect(op.stateKey(for: other) == nil)
        #expect(try Self.fired(&op, [other]).isEmpty)
        #expect(op.stateKey(for: Self.ready("A-1", offset: 1)) == "c-1")
        #expect(op.stateKeyCount == 0)
    }

    @Test func missingOrUnusableIDIsAMissingFieldFailure() throws {
        var op = try Self.trigger()
        var out = Emitter(nowMs: 0)
        let missing = #expect(throws: DecodeFailure.self) { try op.process(Self.ready(nil, offset: 1), into: &out) }
        #expect(missing?.reason == .missingField)
        #expect(missing?.detail == "distinct_by field 'order_id' is missing")
        let object = TestSupport.event(#"{"type":"order_ready","order_id":{"a":1}}"#, key: "c-1")
        let unusable = #expect(throws: DecodeFailure.self) { try op.process(object, into: &out) }
        #expect(unusable?.reason == .missingField)
        #expect(out.actions.isEmpty)
        #expect(op.stateKeyCount == 0)
    }

    @Test func integerIDsCount() throws {
        var op = try Self.trigger()
        let first = TestSupport.event(#"{"type":"order_ready","order_id":42}"#, key: "c-1")
        let again = TestSupport.event(#"{"type":"order_ready","order_id":42}"#, key: "c-1",
                                      source: EventSource(topic: "orders", partition: 0, offset: 9))
        #expect(try Self.fired(&op, [first, again]).count == 1)
    }

    @Test func advanceDropsExpiredIDsAndTheKey() throws {
        var op = try Self.trigger()
        _ = try Self.fired(&op, [Self.ready("A-1", offset: 1), Self.ready("A-2", atMs: 1_000, offset: 2)])
        _ = op.takeStateChanges()
        var out = Emitter(nowMs: 0, watermarkMs: Self.t0 + Self.day - 1)
        op.advance(into: &out)
        #expect(op.rememberedIDs(of: "c-1").count == 2)
        out.watermarkMs = Self.t0 + Self.day
        op.advance(into: &out)
        #expect(op.rememberedIDs(of: "c-1") == ["A-2": Self.t0 + 1_000])
        out.watermarkMs = Self.t0 + Self.day + 1_000
        op.advance(into: &out)
        #expect(op.stateKeyCount == 0)
        #expect(op.takeStateChanges() == [StateChange(key: "c-1", value: nil)])
        #expect(out.actions.isEmpty)
    }

    @Test func decisionUsesTheWatermarkSoTheSweepCannotChangeIt() throws {
        // A late duplicate (event time inside the period, watermark past it) fires whether or
        // not the sweep ran first: the id is expired for it either way.
        var swept = try Self.trigger()
        var unswept = try Self.trigger()
        _ = try Self.fired(&swept, [Self.ready("A-1", offset: 1)])
        _ = try Self.fired(&unswept, [Self.ready("A-1", offset: 1)])
        let watermark = Self.t0 + Self.day
        var out = Emitter(nowMs: 0, watermarkMs: watermark)
        swept.advance(into: &out)
        let late = Self.ready("A-1", atMs: 3_600_000, offset: 2)
        #expect(try Self.fired(&swept, [late], watermarkMs: watermark) == [2])
        #expect(try Self.fired(&unswept, [late], watermarkMs: watermark) == [2])
    }

    @Test func stateRoundTripGivesIdenticalDecisions() throws {
        var original = try Self.trigger()
        _ = try Self.fired(&original, [Self.ready("A-1", offset: 1), Self.ready("B-7", key: "c-2", atMs: 5, offset: 2)])
        let changes = original.takeStateChanges()
        #expect(changes.map(\.key) == ["c-1", "c-2"])
        var restored = try Self.trigger()
        for change in changes { try restored.restoreState(key: change.key, value: try #require(change.value)) }
        #expect(restored.takeStateChanges().isEmpty) // a restore is already durable
        let next = [Self.ready("A-1", atMs: 10, offset: 3), Self.ready("B-7", key: "c-2", atMs: 10, offset: 4),
                    Self.ready("A-9", atMs: 10, offset: 5), Self.ready("A-1", atMs: Self.day, offset: 6)]
        #expect(try Self.fired(&restored, next) == (try Self.fired(&original, next)))
        #expect(try Self.fired(&restored, []) == [])
        #expect(restored.rememberedIDs(of: "c-1") == original.rememberedIDs(of: "c-1"))
        // And its timers were re-armed: the sweep forgets the same ids.
        var out = Emitter(nowMs: 0, watermarkMs: Self.t0 + 2 * Self.day)
        original.advance(into: &out)
        restored.advance(into: &out)
        #expect(restored.stateKeyCount == 0)
        #expect(original.stateKeyCount == 0)
    }

    @Test func stateBytesAreDeterministicAndVersioned() throws {
        var a = try Self.trigger()
        var b = try Self.trigger()
        _ = try Self.fired(&a, [Self.ready("A-1", offset: 1), Self.ready("A-2", offset: 2), Self.ready("A-3", offset: 3)])
        _ = try Self.fired(&b, [Self.ready("A-3", offset: 3), Self.ready("A-1", offset: 1), Self.ready("A-2", offset: 2)])
        let bytes = try #require(a.takeStateChanges().first?.value)
        #expect(bytes == b.takeStateChanges().first?.value)
        #expect(Array(bytes.prefix(2)) == [StateFormat.version, StateFormat.Kind.distinctFilter.rawValue])
    }

    @Test func corruptOrForeignStateIsRefusedAndChangesNothing() throws {
        var op = try Self.trigger()
        _ = try Self.fired(&op, [Self.ready("A-1", offset: 1)])
        let good = try #require(op.takeStateChanges().first?.value)
        var other = try Self.trigger()
        var truncated = good
        truncated.removeLast()
        let foreign = [StateFormat.version, StateFormat.Kind.threshold.rawValue] + good.dropFirst(2)
        for bad in [truncated, foreign, good + [0]] {
            let error = #expect(throws: StateRestoreError.self) { try other.restoreState(key: "c-1", value: bad) }
            #expect(error?.key == "c-1")
        }
        #expect(other.stateKeyCount == 0)
    }

    @Test func eraseForgetsTheKeyAndReportsTheDeletion() throws {
        var op = try Self.trigger()
        _ = try Self.fired(&op, [Self.ready("A-1", offset: 1)])
        _ = op.takeStateChanges()
        let erased = op.eraseState(key: "c-1")
        let erasedAgain = op.eraseState(key: "c-1")
        #expect(erased)
        #expect(!erasedAgain)
        #expect(op.takeStateChanges() == [StateChange(key: "c-1", value: nil)])
        #expect(try Self.fired(&op, [Self.ready("A-1", atMs: 5, offset: 2)]) == [2])
    }

    @Test func evictionKeepsDirtyKeysAndAnEvictedKeyRestoresToTheSameDecision() throws {
        var op = try Self.trigger()
        _ = try Self.fired(&op, [Self.ready("A-1", key: "c-1", offset: 1), Self.ready("A-2", key: "c-2", atMs: 10, offset: 2)])
        #expect(op.evictColdState(keepingAtMost: 0).isEmpty) // nothing durable yet
        let stored = Dictionary(uniqueKeysWithValues: op.takeStateChanges().compactMap { c in c.value.map { (c.key, $0) } })
        let evicted = op.evictColdState(keepingAtMost: 0)
        #expect(Set(evicted.map(\.key)) == ["c-1", "c-2"])
        #expect(evicted.first { $0.key == "c-1" }?.wakeMs == Self.t0 + Self.day) // woken to sweep it
        #expect(!op.isResident(key: "c-1"))
        #expect(op.stateKeyCount == 0)
        // The engine loads the key before its next event: the duplicate is still dropped.
        try op.restoreState(key: "c-1", value: try #require(stored["c-1"]))
        #expect(op.isResident(key: "c-1"))
        #expect(try Self.fired(&op, [Self.ready("A-1", key: "c-1", atMs: 100, offset: 3)]).isEmpty)
        // The stale timer of the evicted c-2 is skipped; loaded for its wake time, it is swept.
        try op.restoreState(key: "c-2", value: try #require(stored["c-2"]))
        var out = Emitter(nowMs: 0, watermarkMs: Self.t0 + Self.day + 10)
        op.advance(into: &out)
        #expect(op.stateKeyCount == 0)
        #expect(op.takeStateChanges() == [StateChange(key: "c-1", value: nil), StateChange(key: "c-2", value: nil)])
    }

    @Test func recentlyUsedKeysAreEvictedLast() throws {
        var op = try Self.trigger()
        _ = try Self.fired(&op, [Self.ready("A-1", key: "c-1", offset: 1), Self.ready("A-2", key: "c-2", offset: 2)])
        _ = op.takeStateChanges()
        _ = op.evictColdState(keepingAtMost: 2) // a pass clears the recent set
        _ = try Self.fired(&op, [Self.ready("A-1", key: "c-1", atMs: 5, offset: 3)]) // a duplicate, but c-1 was used
        let evicted = op.evictColdState(keepingAtMost: 1)
        #expect(evicted.map(\.key) == ["c-2"])
        #expect(op.isResident(key: "c-1"))
    }

    @Test func anActionThatCannotBeMadeIsNotRemembered() throws {
        var op = DistinctFilterTrigger(
            trigger: "t", predicates: [], channel: try MessageTemplate("sms"), message: try MessageTemplate("hi"),
            customerField: "customer_id", distinctBy: "order_id", withinMs: Self.day)
        var out = Emitter(nowMs: 0)
        let noCustomer = TestSupport.event(#"{"order_id":"A-1"}"#, key: "c-1")
        #expect(throws: DecodeFailure.self) { try op.process(noCustomer, into: &out) }
        let fixed = TestSupport.event(#"{"order_id":"A-1","customer_id":"x"}"#, key: "c-1")
        try op.process(fixed, into: &out)
        #expect(out.actions.count == 1)
    }
}
