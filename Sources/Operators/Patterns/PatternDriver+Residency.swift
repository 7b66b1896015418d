/// Bounded memory for pattern triggers: idle-looking keys' slots leave memory (they are durable
/// in the task's store); the engine loads a slot again for its next event or when its timer is
/// due (the wake time indexed on eviction). Keys with buffered events are pinned: those events
/// are about to be released and are not indexed by time.
extension PatternDriver {
    func stateKey(for event: Event) -> String? {
        common.admits(event) ? event.key : nil
    }

    /// A dirty key counts as resident even with nothing held: its state just went (a match,
    /// a cancel) and the store still has the old value until the next checkpoint deletes it.
    func isResident(key: String) -> Bool {
        slots[key] != nil || buffer.hasEntries(forKey: key) || dirtyKeys.contains(key)
    }

    mutating func evictColdState(keepingAtMost limit: Int) -> [EvictedKey] {
        defer { recentKeys.removeAll(keepingCapacity: true) }
        guard slots.count > limit else { return [] }
        let excess = slots.count - limit
        var evicted: [EvictedKey] = []
        evicted.reserveCapacity(excess)
        for spareRecent in [true, false] where evicted.count < excess {
            for (key, slot) in slots where evicted.count < excess {
                guard !dirtyKeys.contains(key), !buffer.hasEntries(forKey: key),
                      !(spareRecent && recentKeys.contains(key)) else { continue }
                evicted.append(EvictedKey(key: key, wakeMs: slot.timer?.atMs))
            }
            // Its queued timer no longer matches a slot's token: stale, swept by compaction.
            for e in evicted { slots[e.key] = nil }
        }
        compactTimersIfMostlyStale()
        return evicted
    }
}
