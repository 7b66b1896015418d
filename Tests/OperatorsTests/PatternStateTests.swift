import Testing
import Operators

@Suite("Pattern triggers: durable state")
struct PatternStateTests {
    typealias F = PatternFixture
    static let bound: Int64 = 100

    /// 120 events over three keys, each up to `bound` ms older than the newest so far (out of
    /// order, never late), typed A (half), B, X (cancel) or other, with a value `v` and, on
    /// some, a deadline field `due`.
    static func events(seed: UInt64) -> [Event] {
        var random = LCG(seed: seed)
        return (0..<120).map { i in
            let key = ["k0", "k1", "ключ-🎉"][random.next(below: 3)]
            let time = 1_000 + Int64(i) * 20 - Int64(random.next(below: Int(bound) + 1))
            let roll = random.next(below: 12)
            let type = roll < 6 ? "A" : roll < 9 ? "B" : roll < 10 ? "X" : "other"
            var extra = #""v":\#(random.next(below: 30)),"note":"é\#(i)""#
            if random.next(below: 4) == 0 { extra += #","due":\#(time + Int64(random.next(below: 300)))"# }
            return F.event(type, at: time, offset: Int64(i), key: key, extra: extra)
        }
    }

    static let seeds: [UInt64] = [3, 99, 0xBADA55]

    static func check<O: StreamOperator>(_ make: () throws -> O, seed: UInt64, minActions: Int = 3,
                                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        try StateRunCheck.expectSameAsUninterrupted(
            make, events: Self.events(seed: seed), bound: Self.bound, finalWatermark: 1_000_000,
            schedules: StateRunCheck.schedules, minActions: minActions, sourceLocation: sourceLocation
        )
    }

    static func absence(cooldownMs: Int64? = 150, deadlineField: FieldPath? = nil) throws -> AbsenceTrigger {
        AbsenceTrigger(common: try F.common(message: "{{type}}@{{event_time}} {{note}} deadline={{deadline}}", cooldownMs: cooldownMs),
                       start: F.isType("A"), then: F.isType("B"), withinMs: 120, deadlineField: deadlineField)
    }

    @Test(arguments: seeds) func absence(seed: UInt64) throws {
        try Self.check({ try Self.absence() }, seed: seed)
        try Self.check({ try Self.absence(cooldownMs: nil, deadlineField: "due") }, seed: seed)
    }

    @Test(arguments: seeds) func followedBy(seed: UInt64) throws {
        try Self.check({
            FollowedByTrigger(common: try F.common(message: "{{note}} elapsed={{elapsed_ms}} start={{start_time}}", cooldownMs: 60),
                              start: F.isType("A"), then: F.isType("B"), withinMs: 100)
        }, seed: seed)
    }

    @Test(arguments: seeds) func threshold(seed: UInt64) throws {
        try Self.check({
            ThresholdTrigger(common: try F.common(message: "{{note}} count={{count}}", cooldownMs: 100),
                             start: F.isType("A"), count: 3, withinMs: 150)
        }, seed: seed)
    }

    @Test(arguments: seeds) func inactivity(seed: UInt64) throws {
        try Self.check({
            InactivityTrigger(common: try F.common(message: "{{note}} since={{inactive_since}} deadline={{deadline}}"),
                              start: F.isType("A"), withinMs: 90)
        }, seed: seed)
    }

    @Test(arguments: seeds) func change(seed: UInt64) throws {
        try Self.check({
            ChangeTrigger(common: try F.common(message: "{{note}} prev={{previous}} base={{baseline}} change={{change}}",
                                               cooldownMs: 50),
                          field: "v", baselineField: nil, minChange: 12, idleTimeoutMs: 300)
        }, seed: seed)
    }

    @Test func bufferedEventsAreRestoredAndReleasedInOrder() throws {
        var original = PatternHarness(try Self.absence(cooldownMs: nil))
        // B (1100) arrives before A (1000); neither released yet at watermark 900.
        try original.send([F.event("B", at: 1_100, offset: 2), F.event("A", at: 1_000, offset: 1),
                           F.event("A", at: 2_000, offset: 3, key: "other")], watermark: 900)
        #expect(original.op.bufferedEventCount == 3)
        let changes = original.op.takeStateChanges()
        #expect(changes.map(\.key) == ["k", "other"])
        #expect(original.op.stateKeyCount == 2)

        var restored = PatternHarness(try Self.absence(cooldownMs: nil))
        for change in changes { try restored.op.restoreState(key: change.key, value: change.value ?? []) }
        #expect(restored.op.bufferedEventCount == 3)
        #expect(restored.op.stateKeyCount == 2)
        let afterRestore = restored.op.takeStateChanges()
        #expect(afterRestore.isEmpty)
        try restored.send(F.event("A", at: 1_000, offset: 1), watermark: 900) // still buffered: a duplicate
        #expect(restored.op.bufferedEventCount == 3)
        restored.advance(to: 10_000)
        #expect(restored.messages == ["A@2000  deadline=2120"], "B clears A only if both were restored in order")
        let afterFiring = restored.op.takeStateChanges()
        #expect(afterFiring == [StateChange(key: "k", value: nil), StateChange(key: "other", value: nil)])
        #expect(restored.op.stateKeyCount == 0)
    }

    @Test func anErasedKeysPendingAbsenceNeverFires() throws {
        var h = PatternHarness(try Self.absence(cooldownMs: nil))
        try h.send([F.event("A", at: 1_000, offset: 1, key: "gone"), F.event("A", at: 1_000, offset: 2, key: "kept")])
        h.advance(to: 1_001) // released: both have a pending absence and a timer at 1120
        try h.send(F.event("A", at: 1_050, offset: 3, key: "buffered-only"), watermark: 1_001)
        #expect(h.op.pendingKeyCount == 2)
        #expect(h.op.bufferedEventCount == 1)
        _ = h.op.takeStateChanges()

        let erasedGone = h.op.eraseState(key: "gone")
        #expect(erasedGone)
        let erasedBuffered = h.op.eraseState(key: "buffered-only")
        #expect(erasedBuffered)
        let erasedAgain = h.op.eraseState(key: "gone")
        #expect(!erasedAgain)
        let erasedUnknown = h.op.eraseState(key: "never-seen")
        #expect(!erasedUnknown)
        #expect(h.op.stateKeyCount == 1)
        #expect(h.op.bufferedEventCount == 0)
        let erasures = h.op.takeStateChanges()
        #expect(erasures == [StateChange(key: "buffered-only", value: nil), StateChange(key: "gone", value: nil)])

        h.advance(to: 10_000)
        #expect(h.actions.map(\.customerID) == ["kept"])
        let afterFiring = h.op.takeStateChanges()
        #expect(afterFiring == [StateChange(key: "kept", value: nil)])
        #expect(h.op.stateKeyCount == 0)
    }

    @Test func anErasedKeyStartsAfreshOnItsNextEvent() throws {
        var h = PatternHarness(try Self.absence(cooldownMs: nil))
        try h.send(F.event("A", at: 1_000, offset: 1))
        h.advance(to: 1_001)
        let erased = h.op.eraseState(key: "k")
        #expect(erased)
        try h.send(F.event("A", at: 1_100, offset: 2), watermark: 1_001)
        h.advance(to: 10_000)
        #expect(h.messages == ["A@1100  deadline=1220"])
    }

    @Test func corruptStateIsRefusedNamingTheKeyAndLeavesTheKeyAlone() throws {
        var source = PatternHarness(try Self.absence())
        try source.send([F.event("A", at: 1_000, offset: 1, extra: #""nested":{"a":[1,2,{"b":null}]}"#),
                         F.event("B", at: 1_100, offset: 2)])
        source.advance(to: 1_050) // A released (pending until 1120), B still buffered
        let value = try #require(source.op.takeStateChanges().first?.value)

        var h = PatternHarness(try Self.absence())
        try h.op.restoreState(key: "k", value: value)
        for cut in 0..<value.count {
            let error = #expect(throws: StateRestoreError.self) { try h.op.restoreState(key: "k", value: Array(value.prefix(cut))) }
            #expect(error?.key == "k")
        }
        var trailing = value
        trailing.append(0)
        #expect(throws: StateRestoreError.self) { try h.op.restoreState(key: "k", value: trailing) }
        let otherKey = #expect(throws: StateRestoreError.self) { try h.op.restoreState(key: "someone-else", value: value) }
        #expect(otherKey?.message.hasPrefix("buffered event of key 'k'") == true)
        #expect(h.op.stateKeyCount == 1)
        #expect(h.op.bufferedEventCount == 1)
        h.advance(to: 10_000)
        #expect(h.actions.isEmpty, "the restored B clears the restored A")
    }

    @Test func anotherKindsStateIsRefused() throws {
        var threshold = PatternHarness(ThresholdTrigger(common: try F.common(message: "x"), start: F.isType("A"),
                                                        count: 3, withinMs: 100))
        try threshold.send(F.event("A", at: 1, offset: 1))
        let value = try #require(threshold.op.takeStateChanges().first?.value)
        var absence = try Self.absence()
        let error = #expect(throws: StateRestoreError.self) { try absence.restoreState(key: "k", value: value) }
        #expect(error?.description == "cannot restore state of key 'k': state was written by a threshold operator, expected absence at byte 1")
        var window = try WindowFixture.window(.tumbling(sizeMs: 10))
        #expect(throws: StateRestoreError.self) { try window.restoreState(key: "k", value: value) }
    }

    @Test func stateFromFlippedBytesNeverCrashes() throws {
        var source = PatternHarness(ChangeTrigger(common: try F.common(message: "{{change}}"), field: "v",
                                                  baselineField: nil, minChange: 1, idleTimeoutMs: 500))
        try source.send(Self.events(seed: 5).filter { $0.key == "k0" }.prefix(8).map { $0 })
        source.advance(to: 1_200)
        #expect(source.op.pendingKeyCount == 1 && source.op.bufferedEventCount > 0)
        let value = try #require(source.op.takeStateChanges().first?.value)
        var random = LCG(seed: 11)
        for _ in 0..<500 {
            var corrupt = value
            for _ in 0...random.next(below: 3) {
                corrupt[random.next(below: corrupt.count)] = UInt8(truncatingIfNeeded: random.next())
            }
            var h = PatternHarness(ChangeTrigger(common: try F.common(message: "{{change}}"), field: "v",
                                                 baselineField: nil, minChange: 1, idleTimeoutMs: 500))
            _ = try? h.op.restoreState(key: "k0", value: corrupt)
            h.advance(to: 2_000)
            h.advance(to: .max)
        }
    }
}
