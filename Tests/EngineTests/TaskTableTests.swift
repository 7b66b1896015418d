import Testing
import TrafficGenerator
@testable import Engine

/// A task carrying a mark, so the test can tell which task a slot or an id reaches.
private func task(_ mark: Int) -> Engine.Task {
    var t = Engine.Task(ops: [], watermark: WatermarkTracker(maxOutOfOrdernessMs: 0, idleTimeoutMs: 0))
    t.loadFailures = mark
    return t
}

/// `Engine.TaskTable` (parallel arrays searched by id) against the dictionary it replaced, over
/// random opens, closes, replacements, optional-chained mutations (`tasks[id]?.…`, of open and
/// of missing ids), mutations through a slot, and remove-then-re-add (as `erase` does).
@Test(arguments: [UInt64(1), 7, 42, 2024, 99_991])
func taskTableMatchesDictionary(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let ids = (0..<12).map { TaskID(domain: $0 % 3 == 0 ? "g-p-repartition" : "", partition: Int32($0 / 2)) }
    var table = Engine.TaskTable()
    var reference: [TaskID: Int] = [:]
    for step in 0..<5_000 {
        let id = ids[rng.below(ids.count)]
        switch rng.below(7) {
        case 0:
            table[id] = task(step)
            reference[id] = step
        case 1:
            #expect(table.removeValue(forKey: id)?.loadFailures == reference.removeValue(forKey: id))
        case 2:
            table[id]?.loadFailures += 1
            reference[id]? += 1
        case 3:
            if let slot = table.index(forKey: id) {
                table.values[slot].loadFailures *= 2
                reference[id]? *= 2
            } else {
                #expect(reference[id] == nil)
            }
        case 4:
            table[id] = nil
            reference[id] = nil
        case 5:
            if var t = table.removeValue(forKey: id) {
                t.loadFailures -= 3
                table[id] = t
            }
            reference[id]? -= 3
        default:
            #expect(table[id]?.loadFailures == reference[id])
        }
        #expect(table.count == reference.count)
    }
    #expect(Set(table.keys) == Set(reference.keys))
    for slot in table.indices {
        #expect(table.values[slot].loadFailures == reference[table.keys[slot]])
        #expect(table.index(forKey: table.keys[slot]) == slot)
    }
}
