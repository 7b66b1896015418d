import Testing
import Operators

/// Drives an operator the way the engine does with durable state: the watermark trails the
/// latest event time by `bound`, `advance` follows every event, and every `checkpointEvery`
/// events the operator's changes go into a store (a stand-in for SQLite + the changelog)
/// together with the actions emitted since the last checkpoint (the "committed" output).
///
/// A crash after event `i` loses the operator and everything since the last checkpoint; a
/// fresh operator is restored from the store and input resumes right after the checkpoint,
/// with the checkpointed watermark — exactly what the daemon does after a restart.
struct StateRun<Operator: StreamOperator> {
    var actions: [Action] = []
    var late: [LateEvent] = []
    /// Key → state as of the last checkpoint.
    var store: [String: [UInt8]] = [:]
    /// The store after each checkpoint, by the number of events processed before it.
    var snapshots: [Int: [String: [UInt8]]] = [:]
    /// Every change batch taken, in order, to check their shape.
    var batches: [[StateChange]] = []
    var op: Operator
    var restarts = 0

    static func watermark(_ maxSeen: Int64, bound: Int64) -> Int64 {
        maxSeen == .min ? .min : maxSeen - bound
    }

    /// Runs `events`, crashing after each index in `crashAfter` (once each), then advances to
    /// `finalWatermark` and takes the last changes.
    init(_ make: () throws -> Operator, events: [Event], bound: Int64, checkpointEvery: Int,
         crashAfter: Set<Int> = [], finalWatermark: Int64) throws {
        op = try make()
        var crashes = crashAfter
        var pendingActions: [Action] = [], pendingLate: [LateEvent] = []
        var maxSeen = Int64.min, committedMaxSeen = Int64.min
        var checkpointed = 0
        var next = 0
        while next < events.count {
            let event = events[next]
            maxSeen = max(maxSeen, event.eventTimeMs)
            var out = Emitter(nowMs: 1_000_000 + Int64(next), watermarkMs: Self.watermark(maxSeen, bound: bound))
            try op.process(event, into: &out)
            op.advance(into: &out)
            pendingActions += out.actions
            pendingLate += out.late
            next += 1
            if next % checkpointEvery == 0 || next == events.count {
                checkpoint()
                actions += pendingActions
                late += pendingLate
                pendingActions = []
                pendingLate = []
                committedMaxSeen = maxSeen
                checkpointed = next
                snapshots[next] = store
            }
            if crashes.remove(next) != nil {
                pendingActions = []
                pendingLate = []
                maxSeen = committedMaxSeen
                next = checkpointed
                op = try make()
                for (key, value) in store.sorted(by: { $0.key < $1.key }) {
                    try op.restoreState(key: key, value: value)
                }
                restarts += 1
                let afterRestore = op.takeStateChanges()
                #expect(afterRestore.isEmpty, "restoring marks nothing changed")
                #expect(op.stateKeyCount == store.count)
            }
        }
        var out = Emitter(nowMs: 9_000_000, watermarkMs: finalWatermark)
        op.advance(into: &out)
        actions += out.actions
        late += out.late
        checkpoint()
    }

    private mutating func checkpoint() {
        let changes = op.takeStateChanges()
        batches.append(changes)
        for change in changes { store[change.key] = change.value }
    }
}

enum StateRunCheck {
    /// The restarted run must be indistinguishable from the uninterrupted one: same committed
    /// actions and late events, and byte-identical stores at every checkpoint. Both must end
    /// with nothing stored and no key held.
    static func expectSameAsUninterrupted<O: StreamOperator>(
        _ make: () throws -> O, events: [Event], bound: Int64, finalWatermark: Int64,
        schedules: [(every: Int, crashes: Set<Int>)], minActions: Int = 1,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let reference = try StateRun(make, events: events, bound: bound, checkpointEvery: 5, finalWatermark: finalWatermark)
        #expect(reference.actions.count >= minActions, "the stream should fire", sourceLocation: sourceLocation)
        #expect(reference.snapshots.values.contains { !$0.isEmpty }, "state was held", sourceLocation: sourceLocation)
        expectWellFormed(reference, sourceLocation: sourceLocation)
        for schedule in schedules {
            let uninterrupted = try StateRun(make, events: events, bound: bound, checkpointEvery: schedule.every,
                                             finalWatermark: finalWatermark)
            #expect(uninterrupted.actions == reference.actions, sourceLocation: sourceLocation)
            let restarted = try StateRun(make, events: events, bound: bound, checkpointEvery: schedule.every,
                                         crashAfter: schedule.crashes, finalWatermark: finalWatermark)
            #expect(restarted.restarts == schedule.crashes.count, sourceLocation: sourceLocation)
            #expect(restarted.actions == uninterrupted.actions, "every \(schedule.every), crashes \(schedule.crashes.sorted())",
                    sourceLocation: sourceLocation)
            #expect(restarted.late == uninterrupted.late, sourceLocation: sourceLocation)
            for (index, snapshot) in uninterrupted.snapshots.sorted(by: { $0.key < $1.key }) {
                #expect(restarted.snapshots[index] == snapshot, "store after \(index) events", sourceLocation: sourceLocation)
            }
            expectWellFormed(restarted, sourceLocation: sourceLocation)
        }
    }

    /// Batches are sorted by key with each key once, and once everything closed or fired the
    /// last batch deleted what was stored and nothing is held (retention keeps state bounded).
    static func expectWellFormed<O>(_ run: StateRun<O>, sourceLocation: SourceLocation) {
        for batch in run.batches {
            let keys = batch.map(\.key)
            #expect(keys == keys.sorted() && Set(keys).count == keys.count, sourceLocation: sourceLocation)
        }
        if let last = run.batches.last {
            #expect(!last.isEmpty && last.allSatisfy { $0.value == nil }, "final batch only deletes",
                    sourceLocation: sourceLocation)
        }
        #expect(run.store.isEmpty, sourceLocation: sourceLocation)
        #expect(run.op.stateKeyCount == 0, sourceLocation: sourceLocation)
    }

    /// Checkpoint cadences and crash points: at a checkpoint, between checkpoints (the events
    /// since are replayed), twice in a row at one point, and right at the start.
    static let schedules: [(every: Int, crashes: Set<Int>)] = [
        (every: 1, crashes: [3, 17, 18, 40, 77, 101]),
        (every: 7, crashes: [7, 23, 50, 88, 119]),
        (every: 13, crashes: [1, 26, 60, 61, 95]),
    ]
}
