extension WindowTrigger {
    /// Fires and drops every window with `end + grace <= watermark`, ordered by end, then key
    /// (the timer queue's order; a key's open windows never share an end), so the output of a
    /// watermark step is the same however the events arrived.
    mutating func closeDueWindows(into out: inout Emitter) {
        let threshold = WindowTime.subtract(out.watermarkMs, graceMs)
        while let timer = closeTimers.popDue(atOrBefore: threshold) {
            // A window merged into another session is gone: its timer is stale.
            guard let index = windows[timer.key]?.firstIndex(where: { $0.id == timer.payload }),
                  let end = windows[timer.key]?[index].bounds.end else { continue }
            guard end == timer.timeMs else {
                // The session grew since the timer was armed: re-arm at its current end, which
                // the queue orders correctly against the other windows due in this step.
                closeTimers.schedule(at: end, key: timer.key, payload: timer.payload)
                continue
            }
            guard let window = windows[timer.key]?.remove(at: index) else { continue }
            if windows[timer.key]?.isEmpty == true { windows[timer.key] = nil }
            dirtyKeys.insert(timer.key)
            openWindowCount -= 1
            earlyDue.removeValue(forKey: WindowRef(key: timer.key, id: window.id))
            let bounds = window.bounds
            _ = emitResult(of: window, key: timer.key, discriminator: "w:\(bounds.start):\(bounds.end)", into: &out)
        }
    }

    /// Emits an interim result for every window that changed since its last emission and whose
    /// tick has come, in (end, key, start) order. The discriminator carries a sequence number
    /// so each interim result — and the final one — has its own action ID.
    mutating func emitEarlyResults(into out: inout Emitter) {
        guard earlyEveryMs != nil, !earlyDue.isEmpty, out.nowMs >= nextEarlyDueMs else { return }
        var due: [(ref: WindowRef, bounds: WindowBounds, index: Int)] = []
        var nextDue = Int64.max
        for (ref, dueMs) in earlyDue {
            guard dueMs <= out.nowMs else {
                nextDue = Swift.min(nextDue, dueMs)
                continue
            }
            guard let index = windows[ref.key]?.firstIndex(where: { $0.id == ref.id }),
                  let bounds = windows[ref.key]?[index].bounds else { continue }
            due.append((ref, bounds, index))
        }
        nextEarlyDueMs = nextDue
        due.sort { lhs, rhs in
            if lhs.bounds.end != rhs.bounds.end { return lhs.bounds.end < rhs.bounds.end }
            if lhs.ref.key != rhs.ref.key { return lhs.ref.key < rhs.ref.key }
            return lhs.bounds.start < rhs.bounds.start
        }
        for (ref, bounds, index) in due {
            earlyDue.removeValue(forKey: ref)
            guard let window = windows[ref.key]?[index] else { continue }
            let sequence = window.earlyEmissions + 1
            let discriminator = "w:\(bounds.start):\(bounds.end):early:\(sequence)"
            if emitResult(of: window, key: ref.key, discriminator: discriminator, into: &out) {
                // Checkpointed, so interim results after a restore keep distinct action IDs.
                windows[ref.key]?[index].earlyEmissions = sequence
                dirtyKeys.insert(ref.key)
            }
        }
    }
}
