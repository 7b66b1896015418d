/// The timers a ``TimerQueue`` has not started handing out: one unsorted array per distinct due
/// time, plus a min-heap of those times.
///
/// Why buckets: every window of a tumbling size ends at the same instant, so ~100k timers share
/// one time. In a heap of entries each of them paid a sift on insert and a 17-level sift-down
/// with cache misses on pop; here scheduling is an append, and the queue sorts a bucket once when
/// it becomes due. Appends to the most recently used time skip the dictionary (the common case:
/// consecutive events open windows with the same end).
struct TimerBuckets<Payload: Sendable>: Sendable {
    /// A distinct due time and the slot of its bucket.
    struct DueTime: HeapOrdered {
        var timeMs: Int64
        var slot: Int
        /// Times in the heap are distinct, so this is a strict total order.
        static func precedes(_ a: DueTime, _ b: DueTime) -> Bool { a.timeMs < b.timeMs }
    }

    /// Bucket storage by slot; a free slot holds an empty array (no storage).
    private var slots: [[TimerEntry<Payload>]] = []
    private var freeSlots: [Int] = []
    private var slotOfTime: [Int64: Int] = [:]
    private var times = BinaryHeap<DueTime>()
    /// The bucket `append` used last (`recentSlot < 0`: none), so runs of timers with one due
    /// time hash it once.
    private var recentTimeMs: Int64 = 0
    private var recentSlot = -1
    /// Timers in all buckets.
    private(set) var count = 0

    /// Entries the buckets' arrays have room for (tests check that drained storage is freed).
    var reservedCapacity: Int { slots.reduce(0) { $0 + $1.capacity } }

    /// The earliest due time of a bucketed timer.
    var earliestTimeMs: Int64? { times.first?.timeMs }

    mutating func append(timeMs: Int64, key: String, payload: Payload, seq: UInt64) {
        let slot = recentSlot >= 0 && recentTimeMs == timeMs ? recentSlot : slot(for: timeMs)
        slots[slot].append(TimerEntry(timeMs: timeMs, key: key, payload: payload, seq: seq, prefix: TimerKeyPrefix(key)))
        count += 1
    }

    /// Removes the earliest bucket and returns its timers, unsorted (empty if there are none).
    mutating func takeEarliest() -> [TimerEntry<Payload>] {
        guard let earliest = times.popFirst(if: { _ in true }) else { return [] }
        slotOfTime[earliest.timeMs] = nil
        if recentSlot == earliest.slot { recentSlot = -1 }
        var taken: [TimerEntry<Payload>] = []
        swap(&taken, &slots[earliest.slot])
        freeSlots.append(earliest.slot)
        count -= taken.count
        return taken
    }

    /// Drops every timer for which `shouldRemove` holds; emptied buckets release their storage.
    mutating func removeAll(where shouldRemove: (TimerEntry<Payload>) -> Bool) {
        var emptied: Set<Int> = []
        for due in times.elements {
            slots[due.slot].removeAll(where: shouldRemove)
            guard slots[due.slot].isEmpty else { continue }
            slots[due.slot] = []
            slotOfTime[due.timeMs] = nil
            freeSlots.append(due.slot)
            emptied.insert(due.slot)
        }
        if !emptied.isEmpty { times.removeAll { emptied.contains($0.slot) } }
        count = times.elements.reduce(0) { $0 + slots[$1.slot].count }
        recentSlot = -1
    }

    private mutating func slot(for timeMs: Int64) -> Int {
        let slot: Int
        if let existing = slotOfTime[timeMs] {
            slot = existing
        } else {
            if let free = freeSlots.popLast() {
                slot = free
            } else {
                slot = slots.count
                slots.append([])
            }
            slotOfTime[timeMs] = slot
            times.insert(DueTime(timeMs: timeMs, slot: slot))
        }
        recentTimeMs = timeMs
        recentSlot = slot
        return slot
    }
}
