/// Bounded memory: a window trigger keeps at most a configured number of group keys' windows in
/// memory; the engine loads the others from the task's store when an event for them arrives or
/// when their earliest window's end passes (the wake time it indexes on eviction).
extension WindowTrigger {
    public func stateKey(for event: Event) -> String? {
        guard predicates.allSatisfy({ $0.matches(event) }) else { return nil }
        return try? WindowGroupKey.of(event, groupBy: groupBy)
    }

    /// A dirty key counts as resident even without windows: its last window just closed and the
    /// store still has it until the next checkpoint deletes it.
    public func isResident(key: String) -> Bool { keyStates[key]?.isResident ?? false }

    public mutating func evictColdState(keepingAtMost limit: Int) -> [EvictedKey] {
        defer { endRecencyInterval() }
        guard keysWithWindows > limit else { return [] }
        let excess = keysWithWindows - limit
        // Early results are processing-time timers the engine does not index: keep those keys.
        let pinned = Set(earlyDue.keys.map(\.key))
        var evicted: [EvictedKey] = []
        evicted.reserveCapacity(excess)
        for spareRecent in [true, false] where evicted.count < excess {
            for (key, entry) in keyStates where evicted.count < excess {
                guard !entry.windows.isEmpty, !entry.isDirty, !pinned.contains(key),
                      !(spareRecent && entry.recentEpoch == recencyEpoch) else { continue }
                evicted.append(EvictedKey(key: key, wakeMs: entry.windows.lazy.map(\.bounds.end).min()))
            }
            for e in evicted {
                guard let slot = keyStates.slot(of: e.key), !keyStates[slot].windows.isEmpty else { continue }
                clearWindows(slot, key: e.key)
                settle(slot, key: e.key)
            }
        }
        // Close timers of evicted windows find no window and fire nothing; sweep them so they
        // do not hold memory until their time.
        if closeTimers.count > 64, closeTimers.count > 2 * openWindowCount {
            let live = keyStates
            closeTimers.removeAll { live[$0.key]?.windows.isEmpty ?? true }
        }
        return evicted
    }
}
