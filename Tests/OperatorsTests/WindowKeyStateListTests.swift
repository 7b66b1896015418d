import Testing
import TrafficGenerator
@testable import Operators

/// ``WindowList`` (a key's windows with the first stored inline) must behave exactly like the
/// plain sorted array it replaced: a seeded random run of inserts, removals, folds, closes and
/// session merges (several windows per key, as hopping windows and sessions have) checks
/// every step against an array model.
@Suite("WindowKeyState: the inline window list behaves as a sorted array")
struct WindowKeyStateListTests {
    /// What the model keeps of a window.
    struct Model: Equatable {
        var id: UInt64
        var start: Int64
        var end: Int64
        var count: Int
        var early: Int
    }

    static func event(_ time: Int64, offset: Int64) -> Event {
        Event(source: EventSource(topic: "t", partition: 0, offset: offset), key: "k", eventTimeMs: time,
              fields: JSONObject([]))
    }

    static func window(id: UInt64, start: Int64, end: Int64, offset: Int64) -> WindowState {
        WindowState(id: id, bounds: WindowBounds(start: start, end: end), first: event(start, offset: offset),
                    accumulators: [], keepsCauseFields: false)
    }

    static func view(_ list: WindowList) -> [Model] {
        list.map { Model(id: $0.id, start: $0.bounds.start, end: $0.bounds.end, count: $0.recordCount, early: $0.earlyEmissions) }
    }

    /// The model's insertion point: after every window starting no later.
    static func sortedPosition(_ model: [Model], start: Int64) -> Int {
        model.firstIndex { $0.start > start } ?? model.endIndex
    }

    @Test(arguments: [UInt64(1), 2, 3, 42, 2026])
    func randomOperationsMatchASortedArray(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var entry = WindowKeyState()
        var model: [Model] = []
        var nextID: UInt64 = 0
        var offset: Int64 = 0
        for _ in 0..<3_000 {
            offset += 1
            let start = random.between(0, 12) * 10
            let bounds = WindowBounds(start: start, end: start + 10 + random.between(0, 2) * 10)
            switch random.below(9) {
            case 0, 1:
                // Fold: into the window with these bounds, or a new one.
                let fold = entry.fold(Self.event(start, offset: offset), into: bounds, newWindowID: nextID,
                                      accumulators: [], keepsCauseFields: false)
                if let index = model.firstIndex(where: { $0.start == bounds.start && $0.end == bounds.end }) {
                    model[index].count += 1
                    #expect(fold.windowID == model[index].id && !fold.opened)
                } else {
                    #expect(fold.opened && fold.windowID == nextID && fold.firstWindow == model.isEmpty)
                    model.insert(Model(id: nextID, start: bounds.start, end: bounds.end, count: 1, early: 0),
                                 at: Self.sortedPosition(model, start: bounds.start))
                    nextID += 1
                }
            case 2:
                let wasEmpty = entry.windows.insertSorted(Self.window(id: nextID, start: bounds.start, end: bounds.end,
                                                                      offset: offset))
                #expect(wasEmpty == model.isEmpty)
                model.insert(Model(id: nextID, start: bounds.start, end: bounds.end, count: 1, early: 0),
                             at: Self.sortedPosition(model, start: bounds.start))
                nextID += 1
            case 3 where !model.isEmpty:
                let index = random.below(model.count)
                let removed = entry.windows.remove(at: index)
                #expect(removed.id == model.remove(at: index).id)
            case 4 where !model.isEmpty:
                // Close by id: a live window (at its end or not) or a stale id.
                let index = random.below(model.count)
                let id = random.below(4) == 0 ? nextID + 7 : model[index].id
                let due = random.below(3) == 0 ? model[index].end + 1 : model[index].end
                switch entry.close(windowID: id, dueMs: due) {
                case .stale:
                    #expect(!model.contains { $0.id == id })
                case .grown(let end):
                    #expect(end == model[index].end && due != end)
                case .closed(let window, let keyEmptied, _):
                    #expect(window.id == model.remove(at: index).id && keyEmptied == model.isEmpty)
                }
            case 5 where !model.isEmpty:
                // In-place edits through the subscript and `add(_:toWindowAt:)`.
                let index = random.below(model.count)
                entry.windows[index].earlyEmissions += 1
                model[index].early += 1
                let id = entry.windows.add(Self.event(model[index].start, offset: offset), toWindowAt: index,
                                           keepsCauseFields: false)
                model[index].count += 1
                #expect(id == model[index].id)
            case 6 where !model.isEmpty:
                // A session merge of a contiguous run, covering `bounds`.
                let first = random.below(model.count)
                let last = first + random.below(Swift.min(3, model.count - first))
                let (survivor, absorbed) = entry.windows.mergeSessions(
                    first...last, covering: bounds, adding: Self.event(bounds.start, offset: offset), keepsCauseFields: false)
                var merged = model[first]
                for other in model[(first + 1)..<(last + 1)] {
                    merged.count += other.count
                    merged.end = Swift.max(merged.end, other.end)
                    merged.early = Swift.max(merged.early, other.early)
                }
                merged.start = Swift.min(merged.start, bounds.start)
                merged.end = Swift.max(merged.end, bounds.end)
                merged.count += 1
                #expect(survivor == merged.id && absorbed == model[(first + 1)..<(last + 1)].map(\.id))
                model.replaceSubrange(first...last, with: [merged])
            case 7:
                if random.below(4) == 0 {
                    entry.windows.removeAll()
                    model.removeAll()
                } else {
                    let windows = entry.windows.array
                    entry.windows = WindowList(windows)
                }
            default:
                // Lookups.
                let probe = model.isEmpty ? nil : model[random.below(model.count)]
                let id = probe?.id ?? nextID
                #expect(entry.windows.firstIndex(ofID: id) == model.firstIndex { $0.id == id })
                #expect(entry.windows.firstIndex(of: bounds)
                        == model.firstIndex { $0.start == bounds.start && $0.end == bounds.end })
                let overlapping = model.indices.filter { model[$0].start < bounds.end && bounds.start < model[$0].end }
                if let probe, let index = model.firstIndex(of: probe) {
                    #expect(entry.windows.bounds(at: index) == WindowBounds(start: probe.start, end: probe.end))
                }
                let run = entry.windows.run(overlapping: bounds)
                #expect(run?.lowerBound == overlapping.first && run?.upperBound == overlapping.last)
            }
            #expect(Self.view(entry.windows) == model)
            #expect(entry.windows.count == model.count && entry.windows.isEmpty == model.isEmpty)
            #expect(entry.windows.array.map(\.id) == model.map(\.id))
        }
    }

    /// ``WindowKeyTable`` must map keys like a dictionary of entries: a random run of claims,
    /// edits and removals against `[String: Int]` (key → a marker stored in the entry), checking
    /// that slots stay distinct, freed slots come back empty, and iteration sees every key.
    @Test(arguments: [UInt64(7), 99])
    func keyTableMatchesADictionary(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var table = WindowKeyTable()
        var model: [String: UInt64] = [:]
        for step in 0..<4_000 {
            let key = "k\(random.below(60))"
            if random.below(3) == 0 {
                if let slot = table.slot(of: key) {
                    table.remove(key, at: slot)
                    model.removeValue(forKey: key)
                }
                #expect(table.slot(of: key) == nil)
            } else {
                let isNew = model[key] == nil
                let slot = table.slot(for: key)
                if isNew { #expect(table[slot].recentEpoch == 0 && !table[slot].isDirty && table[slot].windows.isEmpty) }
                table[slot].recentEpoch = UInt64(step + 1)
                model[key] = UInt64(step + 1)
                #expect(table.slot(of: key) == slot && table.contains(slot: slot))
            }
            #expect(table.count == model.count)
        }
        let slots = model.keys.compactMap { table.slot(of: $0) }
        #expect(Set(slots).count == model.count)
        #expect(Dictionary(uniqueKeysWithValues: table.map { ($0.key, $0.value.recentEpoch) }) == model)
        #expect(model.allSatisfy { table[$0.key]?.recentEpoch == $0.value })
    }
}
