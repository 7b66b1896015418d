import Engine
import Operators
import StateStore

/// The engine's view of a task's SQLite file: point loads of evicted keys and the wake index.
///
/// `@unchecked Sendable`: the engine requires a Sendable backend, but this one is only ever used
/// from the daemon's processing thread, which owns the task (see `Daemon`'s threading notes).
final class SQLiteTaskBackend: TaskStateBackend, @unchecked Sendable {
    let file: TaskStateStore
    /// Per store, the earliest wake hint (absent: none), so `takeDue` is a dictionary lookup
    /// unless something is due.
    private var earliest: [String: Int64] = [:]
    /// The minimum of `earliest` (`.max` when empty): `takeDue` runs for every stateful pipeline
    /// after nearly every event, and nothing is due for most of them, so this comparison answers
    /// without hashing the store name.
    private var earliestOfAll: Int64 = .max
    /// Reads that failed (the key then counts as having no state; reported in metrics).
    private(set) var failures = 0
    private(set) var mayHoldEvictedKeys = false

    init(file: TaskStateStore) { self.file = file }

    func load(store: String, key: String) -> [UInt8]? {
        do {
            return try file.get(store: store, key: key)
        } catch {
            failures += 1
            return nil
        }
    }

    func takeDue(store: String, atOrBefore watermarkMs: Int64) -> [String] {
        guard earliestOfAll <= watermarkMs, let first = earliest[store], first <= watermarkMs else { return [] }
        defer { earliestOfAll = earliest.values.min() ?? .max }
        do {
            let keys = try file.takeDueWakeHints(store: store, atOrBefore: watermarkMs)
            earliest[store] = try file.earliestWakeHint(store: store)
            return keys
        } catch {
            failures += 1
            return []
        }
    }

    /// Indexes evicted keys by when their timers are due.
    func add(_ evicted: [(store: String, keys: [EvictedKey])]) throws {
        var hints: [(store: String, key: String, dueMs: Int64)] = []
        if evicted.contains(where: { !$0.keys.isEmpty }) { mayHoldEvictedKeys = true }
        for (store, keys) in evicted {
            for k in keys {
                guard let due = k.wakeMs else { continue }
                hints.append((store, k.key, due))
                earliest[store] = min(earliest[store] ?? .max, due)
                earliestOfAll = min(earliestOfAll, due)
            }
        }
        try file.putWakeHints(hints)
    }

    /// Starts the index afresh (a restore rebuilds it from the state).
    func reset() throws {
        try file.clearWakeHints()
        earliest = [:]
        earliestOfAll = .max
    }
}
