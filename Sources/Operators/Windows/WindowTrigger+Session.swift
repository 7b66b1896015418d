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
        var sessions = windows.removeValue(forKey: key) ?? []
        defer { windows[key] = sessions }
        // Sessions of a key are disjoint and sorted by start, so those overlapping `own` are
        // a contiguous run.
        let overlapping = sessions.indices.filter {
            sessions[$0].bounds.start < own.end && own.start < sessions[$0].bounds.end
        }
        guard let first = overlapping.first, let last = overlapping.last else {
            let session = openWindow(own, key: key, with: event)
            let position = sessions.firstIndex { $0.bounds.start > own.start } ?? sessions.endIndex
            sessions.insert(session, at: position)
            markChanged(WindowRef(key: key, id: session.id), nowMs: out.nowMs)
            dirtyKeys.insert(key)
            return
        }
        // The surviving session keeps the first one's id (and so its close timer, which fires
        // no later than the merged end and is then re-armed); the others' timers go stale.
        var merged = sessions.remove(at: first)
        for _ in first..<last {
            let absorbed = sessions.remove(at: first)
            merged.merge(absorbed)
            merged.bounds.end = Swift.max(merged.bounds.end, absorbed.bounds.end)
            openWindowCount -= 1
            earlyDue.removeValue(forKey: WindowRef(key: key, id: absorbed.id))
        }
        merged.bounds = WindowBounds(start: Swift.min(merged.bounds.start, own.start),
                                     end: Swift.max(merged.bounds.end, own.end))
        merged.add(event)
        let ref = WindowRef(key: key, id: merged.id)
        sessions.insert(merged, at: first)
        markChanged(ref, nowMs: out.nowMs)
        dirtyKeys.insert(key)
    }
}
