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
        guard let run = keyStates[slot].windows.run(overlapping: own) else {
            let session = openWindow(own, key: key, slot: slot, with: event)
            if keyStates[slot].windows.insertSorted(session) { keysWithWindows += 1 }
            markChanged(WindowRef(key: key, id: session.id), nowMs: out.nowMs)
            markDirty(slot, key: key)
            return
        }
        // The surviving session keeps the first one's id (and so its close timer, which fires
        // no later than the merged end and is then re-armed); the others' timers go stale.
        let (survivor, absorbed) = keyStates[slot].windows.mergeSessions(
            run, covering: own, adding: event, keepsCauseFields: keepsCauseFields)
        for id in absorbed {
            openWindowCount -= 1
            earlyDue.removeValue(forKey: WindowRef(key: key, id: id))
        }
        markChanged(WindowRef(key: key, id: survivor), nowMs: out.nowMs)
        markDirty(slot, key: key)
    }
}
