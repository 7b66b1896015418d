import Testing
import Operators

@Suite("WindowTrigger: durable state")
struct WindowStateTests {
    typealias F = WindowFixture
    static let bound: Int64 = 400

    static let aggregates: [(name: String, aggregation: Aggregation)] = [
        ("n", .count), ("s", .sum("v")), ("lo", .min("v")), ("hi", .max("v")),
        ("d", .distinctCount("tag")), ("l", .last("tag")), ("ln", .last("nested")),
    ]

    static func trigger(_ kind: WindowSpec.Kind, graceMs: Int64 = 0) throws -> WindowTrigger {
        try F.window(kind, graceMs: graceMs, aggregates: aggregates,
                     message: "{{key}} [{{window_start}},{{window_end}}) n={{n}} s={{s}} lo={{lo}} hi={{hi}} d={{d}} l={{l}} ln={{ln}} {{name}}")
    }

    /// 120 events over three keys, each up to `bound` ms older than the newest so far (out of
    /// order, never late), with fractional and negative values, unicode and nested fields.
    static func events(seed: UInt64) -> [Event] {
        var random = LCG(seed: seed)
        return (0..<120).map { i in
            let key = ["a", "b", "ü-ключ"][random.next(below: 3)]
            let time = Int64(i) * 50 - Int64(random.next(below: Int(bound) + 1))
            let value = Double(random.next(below: 200) - 100) / 8
            let tag = ["x", "y", "z", "🎉"][random.next(below: 4)]
            let json = #"{"v":\#(value),"tag":"\#(tag)","name":"\#(key)\#(i)","nested":{"i":\#(i),"l":[1,"é",null,true]}}"#
            return F.event(at: time, offset: Int64(i), key: key, json, topic: i % 5 == 0 ? "alpha" : "orders")
        }
    }

    @Test(arguments: [
        WindowSpec.Kind.tumbling(sizeMs: 1_000), .hopping(sizeMs: 2_000, advanceMs: 500), .session(gapMs: 300),
    ], [UInt64(1), 42, 0xC0FFEE])
    func restartsFromCheckpointsEmitExactlyWhatAnUninterruptedRunEmits(kind: WindowSpec.Kind, seed: UInt64) throws {
        try StateRunCheck.expectSameAsUninterrupted(
            { try Self.trigger(kind, graceMs: 100) }, events: Self.events(seed: seed), bound: Self.bound,
            finalWatermark: 1_000_000, schedules: StateRunCheck.schedules, minActions: 5
        )
    }

    @Test func aRestoredWindowKeepsCountingAndClosesAtItsEnd() throws {
        var original = try F.window(.tumbling(sizeMs: 1_000), aggregates: [("n", .count), ("s", .sum("v"))],
                                    message: "{{key}} {{window_start}}-{{window_end}} n={{n}} s={{s}}")
        try F.process([F.event(at: 100, offset: 1, #"{"v":0.1}"#), F.event(at: 200, offset: 2, #"{"v":0.2}"#),
                       F.event(at: 1_100, offset: 3, #"{"v":5}"#, topic: "b")], into: &original)
        let changes = original.takeStateChanges()
        #expect(changes.map(\.key) == ["c-1"])
        #expect(changes.first?.value?.first == 1, "format version byte")

        var restored = try F.window(.tumbling(sizeMs: 1_000), aggregates: [("n", .count), ("s", .sum("v"))],
                                    message: "{{key}} {{window_start}}-{{window_end}} n={{n}} s={{s}}")
        for change in changes { try restored.restoreState(key: change.key, value: change.value ?? []) }
        #expect(restored.openWindowCount == 2)
        #expect(restored.stateKeyCount == 1)
        try F.process([F.event(at: 300, offset: 4, #"{"v":0.3}"#)], into: &restored)
        #expect(F.close(&restored, watermarkMs: 999).isEmpty)
        #expect(F.close(&restored, watermarkMs: 1_000) == ["c-1 0-1000 n=3 s=0.6"])
        #expect(F.close(&restored, watermarkMs: 2_000) == ["c-1 1000-2000 n=1 s=5"])
        let afterClose = restored.takeStateChanges()
        #expect(afterClose == [StateChange(key: "c-1", value: nil)])
        #expect(restored.stateKeyCount == 0)
    }

    @Test func changesListEachChangedKeyOnceSortedAndOnlyWhenChanged() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000))
        try F.process([F.event(at: 1, offset: 1, key: "b"), F.event(at: 2, offset: 2, key: "a"),
                       F.event(at: 3, offset: 3, key: "b")], into: &trigger)
        let first = trigger.takeStateChanges()
        #expect(first.map(\.key) == ["a", "b"])
        let second = trigger.takeStateChanges()
        #expect(second.isEmpty)
        try F.process([F.event(at: 3, offset: 3, key: "b")], into: &trigger)
        let afterReprocessing = trigger.takeStateChanges()
        #expect(afterReprocessing.map(\.key) == ["b"], "no per-record deduplication: processed again is a change")
        #expect(F.close(&trigger, watermarkMs: 999).isEmpty)
        let beforeClose = trigger.takeStateChanges()
        #expect(beforeClose.isEmpty, "no window closed")
        _ = F.close(&trigger, watermarkMs: 1_000)
        let afterClose = trigger.takeStateChanges()
        #expect(afterClose == [StateChange(key: "a", value: nil), StateChange(key: "b", value: nil)])
    }

    @Test func earlyResultsAfterARestoreAreNumberedOn() throws {
        func make() throws -> WindowTrigger { try F.window(.tumbling(sizeMs: 60_000), earlyEveryMs: 10_000) }
        var original = try make()
        try F.process([F.event(at: 1_000, offset: 1)], into: &original, watermarkMs: 0, nowMs: 1_000)
        let first = F.advance(&original, watermarkMs: 0, nowMs: 10_000)
        #expect(first.actions.map(\.actionID) == [WindowEarlyTests.id("w:0:60000:early:1")])

        var restored = try make()
        for change in original.takeStateChanges() { try restored.restoreState(key: change.key, value: change.value ?? []) }
        #expect(F.advance(&restored, watermarkMs: 0, nowMs: 20_000).actions.isEmpty, "unchanged since its early result")
        try F.process([F.event(at: 2_000, offset: 2)], into: &restored, watermarkMs: 0, nowMs: 21_000)
        let second = F.advance(&restored, watermarkMs: 0, nowMs: 30_000)
        #expect(second.actions.map(\.message) == ["c-1 0-60000 n=2"])
        #expect(second.actions.map(\.actionID) == [WindowEarlyTests.id("w:0:60000:early:2")])
    }

    @Test func restoringReplacesWhatTheKeyHeld() throws {
        var source = try F.window(.session(gapMs: 1_000))
        try F.process([F.event(at: 5_000, offset: 1)], into: &source)
        let value = try #require(source.takeStateChanges().first?.value)

        var trigger = try F.window(.session(gapMs: 1_000))
        try F.process([F.event(at: 0, offset: 7), F.event(at: 2_000, offset: 8)], into: &trigger)
        _ = trigger.takeStateChanges()
        try trigger.restoreState(key: "c-1", value: value)
        #expect(trigger.openWindowCount == 1)
        let afterRestore = trigger.takeStateChanges()
        #expect(afterRestore.isEmpty)
        #expect(F.close(&trigger, watermarkMs: 99_000) == ["c-1 5000-6000 n=1"])
    }

    @Test func eraseDropsTheKeysWindowsSilently() throws {
        var trigger = try F.window(.hopping(sizeMs: 1_000, advanceMs: 500), earlyEveryMs: 1_000)
        try F.process([F.event(at: 600, offset: 1, key: "gone"), F.event(at: 700, offset: 2, key: "kept")],
                      into: &trigger, watermarkMs: 0, nowMs: 0)
        _ = trigger.takeStateChanges()
        let erasedGone = trigger.eraseState(key: "gone")
        #expect(erasedGone)
        let erasedAgain = trigger.eraseState(key: "gone")
        #expect(!erasedAgain)
        let erasedUnknown = trigger.eraseState(key: "never")
        #expect(!erasedUnknown)
        #expect(trigger.openWindowCount == 2)
        #expect(trigger.stateKeyCount == 1)
        let changes11 = trigger.takeStateChanges()
        #expect(changes11 == [StateChange(key: "gone", value: nil)])
        #expect(F.advance(&trigger, watermarkMs: 0, nowMs: 1_000).actions.map(\.message) == ["kept 0-1000 n=1", "kept 500-1500 n=1"])
        #expect(F.close(&trigger, watermarkMs: 99_000) == ["kept 0-1000 n=1", "kept 500-1500 n=1"])
        #expect(trigger.stateKeyCount == 0)
    }

    @Test func corruptStateIsRefusedNamingTheKeyAndLeavesTheKeyAlone() throws {
        var source = try Self.trigger(.tumbling(sizeMs: 1_000))
        try F.process(Self.events(seed: 7).prefix(10).map { $0 }, into: &source)
        let changes = source.takeStateChanges()
        let value = try #require(changes.first?.value)
        let key = try #require(changes.first?.key)

        var trigger = try Self.trigger(.tumbling(sizeMs: 1_000))
        try trigger.restoreState(key: key, value: value)
        let before = trigger.openWindowCount
        for cut in 0..<value.count {
            #expect(throws: StateRestoreError.self) { try trigger.restoreState(key: key, value: Array(value.prefix(cut))) }
        }
        do {
            try trigger.restoreState(key: "k-9", value: [1, 1, 0xFF])
            Issue.record("expected a StateRestoreError")
        } catch {
            #expect(error.key == "k-9")
            #expect(error.description.hasPrefix("cannot restore state of key 'k-9': "))
        }
        #expect(trigger.openWindowCount == before, "failed restores changed nothing")
        #expect(trigger.stateKeyCount == 1)
    }

    @Test func stateOfOtherAggregatesOrVersionsIsRefused() throws {
        var source = try F.window(.tumbling(sizeMs: 1_000), aggregates: [("n", .count), ("s", .sum("v"))])
        try F.process([F.event(at: 1, offset: 1, #"{"v":1}"#)], into: &source)
        let value = try #require(source.takeStateChanges().first?.value)

        var reordered = try F.window(.tumbling(sizeMs: 1_000), aggregates: [("s", .sum("v")), ("n", .count)])
        let mismatch = #expect(throws: StateRestoreError.self) { try reordered.restoreState(key: "c-1", value: value) }
        #expect(mismatch?.message.hasPrefix("stored aggregate is a count, the configuration has a sum here") == true)
        var fewer = try F.window(.tumbling(sizeMs: 1_000), aggregates: [("n", .count)])
        #expect(throws: StateRestoreError.self) { try fewer.restoreState(key: "c-1", value: value) }

        var newer = value
        newer[0] = 2
        var trigger = try F.window(.tumbling(sizeMs: 1_000), aggregates: [("n", .count), ("s", .sum("v"))])
        #expect(throws: StateRestoreError(key: "c-1", message: "unknown state format version 2 (this build reads 1) at byte 0")) {
            try trigger.restoreState(key: "c-1", value: newer)
        }
        try trigger.restoreState(key: "c-1", value: value)
        #expect(F.close(&trigger, watermarkMs: 1_000) == ["c-1 0-1000 n=1"])
    }
}
