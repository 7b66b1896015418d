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
    public func isResident(key: String) -> Bool { windows[key] != nil || dirtyKeys.contains(key) }

    public mutating func evictColdState(keepingAtMost limit: Int) -> [EvictedKey] {
        defer { recentKeys.removeAll(keepingCapacity: true) }
        guard windows.count > limit else { return [] }
        let excess = windows.count - limit
        // Early results are processing-time timers the engine does not index: keep those keys.
        let pinned = Set(earlyDue.keys.map(\.key))
        var evicted: [EvictedKey] = []
        evicted.reserveCapacity(excess)
        for spareRecent in [true, false] where evicted.count < excess {
            for (key, list) in windows where evicted.count < excess {
                guard !dirtyKeys.contains(key), !pinned.contains(key), !(spareRecent && recentKeys.contains(key)) else { continue }
                evicted.append(EvictedKey(key: key, wakeMs: list.lazy.map(\.bounds.end).min()))
            }
            for e in evicted where windows[e.key] != nil { dropWindows(of: e.key) }
        }
        // Close timers of evicted windows find no window and fire nothing; sweep them so they
        // do not hold memory until their time.
        if closeTimers.count > 64, closeTimers.count > 2 * openWindowCount {
            let live = windows
            closeTimers.removeAll { live[$0.key] == nil }
        }
        return evicted
    }
}
