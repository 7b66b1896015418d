extension Engine {
    /// The open tasks by id: two parallel arrays sorted by (partition, domain) and searched by
    /// bisection, where a `[TaskID: Task]` dictionary was before.
    ///
    /// Why: every event looks its task up, reads its watermark and runs its operators through
    /// it; replay has one task and a daemon instance a handful to a few hundred, so a bisection
    /// over the ids (partition number first) costs a few instructions per step, where hashing a
    /// `TaskID` seeded and finalized a SipHash per lookup, and each `values[slot]` access of the
    /// dictionary went through its index validation and a `modify` coroutine (callgrind,
    /// threshold replay of events-300k: 2,199 M → 2,084 M instructions, −5 %). Sorted rather
    /// than scanned so an instance owning hundreds of partitions stays at log n. A slot is an
    /// array position, valid, as a dictionary index was, only while no task is added or
    /// removed. Iteration order is id order; nothing depends on it (the engine sorts ids where
    /// order matters).
    struct TaskTable: Sendable {
        private(set) var keys: [TaskID] = []
        /// The tasks, at the positions of their ids in ``keys``; mutated in place by slot.
        var values: [Task] = []

        var count: Int { keys.count }
        var indices: Range<Int> { keys.indices }

        /// The task's slot, if it is open.
        func index(forKey id: TaskID) -> Int? {
            let i = insertionIndex(of: id)
            return i < keys.count && keys[i] == id ? i : nil
        }

        /// The first position whose id is not ordered before `id`. The partition number decides
        /// nearly every comparison; the domain (a string, empty for input tasks) only ties.
        private func insertionIndex(of id: TaskID) -> Int {
            keys.withUnsafeBufferPointer { ids in
                var low = 0
                var high = ids.count
                while low < high {
                    let middle = (low + high) / 2
                    let other = ids[middle]
                    if other.partition < id.partition || (other.partition == id.partition && other.domain < id.domain) {
                        low = middle + 1
                    } else {
                        high = middle
                    }
                }
                return low
            }
        }

        /// Opens a task at its sorted position.
        private mutating func insert(_ task: Task, for id: TaskID) {
            let i = insertionIndex(of: id)
            keys.insert(id, at: i)
            values.insert(task, at: i)
        }

        /// Removes a task, returning it (nil if it was not open).
        @discardableResult
        mutating func removeValue(forKey id: TaskID) -> Task? {
            guard let i = index(forKey: id) else { return nil }
            keys.remove(at: i)
            return values.remove(at: i)
        }

        /// A task by id; setting nil removes it. `tasks[id]?.…` mutates the task in place: it is
        /// moved out of the array for the access (a stand-in takes its place) and back after, so
        /// its buffers stay uniquely referenced and are not copied on write.
        subscript(id: TaskID) -> Task? {
            get { index(forKey: id).map { values[$0] } }
            set {
                if let i = index(forKey: id) {
                    if let newValue { values[i] = newValue } else { keys.remove(at: i); values.remove(at: i) }
                } else if let newValue {
                    insert(newValue, for: id)
                }
            }
            _modify {
                if let i = index(forKey: id) {
                    var held = Self.standIn
                    swap(&held, &values[i])
                    var task: Task? = held
                    defer {
                        if let task { values[i] = task } else { keys.remove(at: i); values.remove(at: i) }
                    }
                    yield &task
                } else {
                    var added: Task?
                    defer {
                        if let added { insert(added, for: id) }
                    }
                    yield &added
                }
            }
        }

        /// Holds a task's place while the task is accessed through the subscript (no buffers).
        private static var standIn: Task {
            Task(ops: [], watermark: WatermarkTracker(maxOutOfOrdernessMs: 0, idleTimeoutMs: 0))
        }
    }
}
