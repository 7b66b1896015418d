extension WindowTrigger {
    /// Session windows: the event's own window `[t, t+gap)` merges with every session of the
    /// key it overlaps — extending one, or bridging several into one whose aggregates are
    /// merged. Touching is not overlapping: an event exactly `gap` after a session's last event
    /// starts a new session, consistent with half-open bounds elsewhere.
    ///
    /// The event is late if its own window has closed (`t + gap + grace <= watermark`), even
    /// if it would have reached into a later, still-open session: a rule that depends on the
    /// event alone, so lateness never depends on which other events happened to arrive first.
    mutating func addToSession(_ event: Event, key: String, gapMs: Int64, into out: inout Emitter) {
        let own = WindowBounds(start: event.eventTimeMs, end: WindowTime.add(event.eventTimeMs, gapMs))
        guard !isClosed(own, watermarkMs: out.watermarkMs) else {
            out.emitLate(event, detail: WindowLateDetail.session(
                own, gapMs: gapMs, watermarkMs: out.watermarkMs, graceMs: graceMs))
            return
        }
        // The key's sessions are edited in place through its slot (one hash of the key).
        let slot = slot(for: key)
        // Sessions of a key are disjoint and sorted by start, so those overlapping `own` are
        // a contiguous run.
        let overlapping = keyStates.values[slot].windows.indices.filter {
            keyStates.values[slot].windows[$0].bounds.start < own.end && own.start < keyStates.values[slot].windows[$0].bounds.end
        }
        guard let first = overlapping.first, let last = overlapping.last else {
            let session = openWindow(own, key: key, with: event)
            if keyStates.values[slot].windows.isEmpty { keysWithWindows += 1 }
            let position = keyStates.values[slot].windows.firstIndex { $0.bounds.start > own.start }
                ?? keyStates.values[slot].windows.endIndex
            keyStates.values[slot].windows.insert(session, at: position)
            markChanged(WindowRef(key: key, id: session.id), nowMs: out.nowMs)
            markDirty(slot, key: key)
            return
        }
        // The surviving session keeps the first one's id (and so its close timer, which fires
        // no later than the merged end and is then re-armed); the others' timers go stale.
        // Merged in place: the absorbed sessions are moved out, the survivor is never copied.
        for _ in first..<last {
            let absorbed = keyStates.values[slot].windows.remove(at: first + 1)
            keyStates.values[slot].windows[first].merge(absorbed)
            keyStates.values[slot].windows[first].bounds.end = Swift.max(keyStates.values[slot].windows[first].bounds.end,
                                                                          absorbed.bounds.end)
            openWindowCount -= 1
            earlyDue.removeValue(forKey: WindowRef(key: key, id: absorbed.id))
        }
        let merged = keyStates.values[slot].windows[first].bounds
        keyStates.values[slot].windows[first].bounds = WindowBounds(start: Swift.min(merged.start, own.start),
                                                                    end: Swift.max(merged.end, own.end))
        keyStates.values[slot].windows[first].add(event, keepsCauseFields: keepsCauseFields)
        markChanged(WindowRef(key: key, id: keyStates.values[slot].windows[first].id), nowMs: out.nowMs)
        markDirty(slot, key: key)
    }
}
