import Testing
@testable import Operators

/// The per-key bookkeeping of ``WindowKeyState`` (a dirty flag and a list instead of a set,
/// emptied entries kept until their deletion is reported, recency as an epoch) must never lose
/// a key's change. A long seeded random run (several keys, out-of-order and late events,
/// checkpoints, evictions and loads, restarts from the store, erasures) checks after every
/// checkpoint that the store holds exactly every key's current windows, and that the outputs
/// equal those of a trigger that never checkpoints.
@Suite("WindowTrigger: checkpoints track every changed key")
struct WindowCheckpointTrackingTests {
    typealias F = WindowFixture
    static let keys = ["a", "b", "c", "d", "e", "f", "ü"]
    static let bound: Int64 = 100

    static func trigger(_ kind: WindowSpec.Kind) throws -> WindowTrigger {
        try F.window(kind, graceMs: 50, aggregates: [("n", .count), ("s", .sum("v")), ("l", .last("v"))],
                     message: "{{key}} [{{window_start}},{{window_end}}) n={{n}} s={{s}} l={{l}}")
    }

    /// Every key's windows as a checkpoint writes them: what a store that received every
    /// reported change must hold.
    static func snapshot(_ trigger: WindowTrigger) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for (key, entry) in trigger.keyStates where !entry.windows.isEmpty {
            var writer = StateWriter(reservingCapacity: 64)
            writer.writeHeader(.window)
            writer.writeArray(entry.windows) { $1.encode(into: &$0) }
            result[key] = writer.bytes
        }
        return result
    }

    /// The trigger under test, its store and the keys it evicted (key → wake time), driven as
    /// the engine drives it.
    struct Subject {
        var trigger: WindowTrigger
        var store: [String: [UInt8]] = [:]
        var evicted: [String: Int64?] = [:]
        var checkpoints = 0, evictions = 0, restarts = 0

        /// Takes the changes into the store and checks them against the trigger's windows.
        mutating func checkpoint(sourceLocation: SourceLocation = #_sourceLocation) {
            let changes = trigger.takeStateChanges()
            let changed = changes.map(\.key)
            #expect(changed == changed.sorted() && Set(changed).count == changed.count, sourceLocation: sourceLocation)
            for change in changes { store[change.key] = change.value }
            // Evicted keys are in the store but not in memory.
            var expected = WindowCheckpointTrackingTests.snapshot(trigger)
            for key in evicted.keys { expected[key] = store[key] }
            #expect(store == expected, "store after checkpoint \(checkpoints)", sourceLocation: sourceLocation)
            #expect(trigger.takeStateChanges().isEmpty, "nothing changed since", sourceLocation: sourceLocation)
            for key in WindowCheckpointTrackingTests.keys {
                #expect(trigger.isResident(key: key) == (store[key] != nil && evicted[key] == nil),
                        "key \(key) resident", sourceLocation: sourceLocation)
            }
            #expect(trigger.stateKeyCount == store.count - evicted.count, sourceLocation: sourceLocation)
            checkpoints += 1
        }

        /// Loads an evicted key back, as the engine does before an event for it.
        mutating func load(_ key: String) throws {
            guard evicted.removeValue(forKey: key) != nil, let value = store[key] else { return }
            try trigger.restoreState(key: key, value: value)
        }

        /// Loads the evicted keys whose earliest window ends by `watermarkMs`.
        mutating func loadDue(watermarkMs: Int64) throws {
            for (key, wake) in evicted.sorted(by: { $0.key < $1.key }) where (wake ?? .min) <= watermarkMs {
                try load(key)
            }
        }

        mutating func evict(keepingAtMost limit: Int, sourceLocation: SourceLocation = #_sourceLocation) {
            checkpoint(sourceLocation: sourceLocation)
            let before = trigger.stateKeyCount
            let out = trigger.evictColdState(keepingAtMost: limit)
            #expect(out.count == max(0, before - limit), sourceLocation: sourceLocation)
            for key in out {
                #expect(store[key.key] != nil && !trigger.isResident(key: key.key), sourceLocation: sourceLocation)
                evicted[key.key] = key.wakeMs
            }
            #expect(trigger.stateKeyCount == before - out.count, sourceLocation: sourceLocation)
            if !out.isEmpty { evictions += 1 }
        }

        /// A crash right after a checkpoint: a fresh trigger restored from the whole store.
        mutating func restart(_ make: () throws -> WindowTrigger, sourceLocation: SourceLocation = #_sourceLocation) throws {
            checkpoint(sourceLocation: sourceLocation)
            trigger = try make()
            for (key, value) in store.sorted(by: { $0.key < $1.key }) { try trigger.restoreState(key: key, value: value) }
            evicted = [:]
            #expect(trigger.takeStateChanges().isEmpty, "restoring marks nothing changed", sourceLocation: sourceLocation)
            #expect(trigger.stateKeyCount == store.count, sourceLocation: sourceLocation)
            restarts += 1
        }
    }

    @Test(arguments: [
        WindowSpec.Kind.tumbling(sizeMs: 200), .hopping(sizeMs: 400, advanceMs: 100), .session(gapMs: 150),
    ], [UInt64(7), 1_234, 0xBADC0DE])
    func checkpointsHoldEveryKeysWindowsAndOutputsMatchAnUncheckpointedRun(kind: WindowSpec.Kind, seed: UInt64) throws {
        var random = LCG(seed: seed)
        var reference = try Self.trigger(kind)
        var subject = Subject(trigger: try Self.trigger(kind))
        var maxSeen = Int64.min
        var actions = 0, lateCount = 0
        for step in 0..<1_500 {
            let watermark = maxSeen == .min ? Int64.min : maxSeen - Self.bound
            var expected = Emitter(nowMs: Int64(step), watermarkMs: watermark)
            var actual = Emitter(nowMs: Int64(step), watermarkMs: watermark)
            switch random.next(below: 40) {
            case 0..<30:
                let key = Self.keys[random.next(below: Self.keys.count)]
                // Up to 600 ms older than the step's time: out of order, sometimes late.
                let time = Int64(step) * 10 - Int64(random.next(below: 600))
                let event = F.event(at: time, offset: Int64(step), key: key, #"{"v":\#(random.next(below: 9))}"#)
                maxSeen = max(maxSeen, time)
                try subject.load(key)
                try reference.process(event, into: &expected)
                try subject.trigger.process(event, into: &actual)
            case 30..<34:
                subject.checkpoint()
            case 34..<36:
                subject.evict(keepingAtMost: random.next(below: 4))
            case 36:
                try subject.restart { try Self.trigger(kind) }
            default:
                let key = Self.keys[random.next(below: Self.keys.count)]
                try subject.load(key)
                #expect(subject.trigger.eraseState(key: key) == reference.eraseState(key: key), "erase \(key)")
            }
            try subject.loadDue(watermarkMs: watermark)
            reference.advance(into: &expected)
            subject.trigger.advance(into: &actual)
            #expect(actual.actions == expected.actions, "step \(step)")
            #expect(actual.late == expected.late, "step \(step)")
            actions += expected.actions.count
            lateCount += expected.late.count
        }
        try subject.loadDue(watermarkMs: .max)
        var expected = Emitter(nowMs: 9_000, watermarkMs: .max)
        var actual = Emitter(nowMs: 9_000, watermarkMs: .max)
        reference.advance(into: &expected)
        subject.trigger.advance(into: &actual)
        #expect(actual.actions == expected.actions)
        subject.checkpoint()
        #expect(subject.store.isEmpty, "every key's deletion was reported")
        #expect(subject.trigger.stateKeyCount == 0 && subject.trigger.openWindowCount == 0)
        #expect(actions + expected.actions.count > 100 && lateCount > 10)
        #expect(subject.checkpoints > 50 && subject.evictions > 5 && subject.restarts > 5)
    }
}
