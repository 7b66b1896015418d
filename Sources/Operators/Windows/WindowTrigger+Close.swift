extension WindowTrigger {
    /// Fires and drops every window with `end + grace <= watermark`, ordered by end, then key
    /// (the timer queue's order; a key's open windows never share an end), so the output of a
    /// watermark step is the same however the events arrived.
    mutating func closeDueWindows(into out: inout Emitter) {
        let threshold = WindowTime.subtract(out.watermarkMs, graceMs)
        while let timer = closeTimers.popDue(atOrBefore: threshold) {
            // The entries of a minute's windows are spread over the whole table: starting the
            // load of the entry a few timers ahead overlaps those cache misses (see
            // ``WindowKeyTable/prefetch(slot:)``).
            if let upcoming = closeTimers.drainingPayload(ahead: Self.closePrefetchDistance) {
                keyStates.prefetch(slot: upcoming.slot)
            }
            // No hash of the key: the timer carries its entry's slot, accessed in place. A window
            // merged into another session (or evicted) is gone: its timer is stale.
            let slot = timer.payload.slot
            guard keyStates.contains(slot: slot) else { continue }
            let window: WindowState
            switch keyStates[slot].close(windowID: timer.payload.id, dueMs: timer.timeMs) {
            case .stale:
                continue
            case .grown(let end):
                // The session grew since the timer was armed: re-arm at its current end, which
                // the queue orders correctly against the other windows due in this step.
                closeTimers.schedule(at: end, key: timer.key, payload: timer.payload)
                continue
            case .closed(let closed, let keyEmptied, let becameDirty):
                // An emptied entry stays (dirty) until the next checkpoint reports the key's
                // deletion, so no dictionary removal here.
                window = closed
                if keyEmptied { keysWithWindows -= 1 }
                if becameDirty { dirtyKeys.append(timer.key) }
            }
            openWindowCount -= 1
            if !earlyDue.isEmpty { earlyDue.removeValue(forKey: WindowRef(key: timer.key, id: window.id)) }
            emitFinalResult(of: window, key: timer.key, into: &out)
        }
    }

    /// How many timers ahead `closeDueWindows` prefetches: far enough for a miss (~100 ns) to
    /// complete while the windows before it are closed and emitted.
    static let closePrefetchDistance = 8

    /// The id of a window's final result: the derived id of discriminator `w:<start>:<end>`
    /// (frozen text, as every id).
    static func closeActionID(trigger: String, key: String, bounds: WindowBounds) -> String {
        closeActionID(prefix: ActionID.derivedPrefix(trigger: trigger), key: key, bounds: bounds)
    }

    /// ``closeActionID(trigger:key:bounds:)`` from the trigger's ``resultIDPrefix``. The
    /// discriminator is spelled in a stack buffer and hashed from there: the interpolated
    /// `String` it replaces cost two `description` calls, three appends and an allocation per
    /// closed window; its digits are written two at a time (``DigitPairs``), where
    /// `DecimalDigits` took ~600 instructions for the two 13-digit bounds (callgrind).
    static func closeActionID(prefix: StableHasher, key: String, bounds: WindowBounds) -> String {
        closeActionIDValue(prefix: prefix, key: key, bounds: bounds).text
    }

    /// ``closeActionID(prefix:key:bounds:)`` as the hash halves, spelled when read.
    static func closeActionIDValue(prefix: StableHasher, key: String, bounds: WindowBounds) -> ActionIDValue {
        // "w:" + two signed 64-bit decimals (at most 20 bytes each) + ":".
        let (high, low) = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 43) { buffer in
            guard let base = buffer.baseAddress else { return (UInt64(0), UInt64(0)) }
            base[0] = UInt8(ascii: "w")
            base[1] = UInt8(ascii: ":")
            var end = DigitPairs.write(bounds.start, at: base + 2)
            end.pointee = UInt8(ascii: ":")
            end = DigitPairs.write(bounds.end, at: end + 1)
            return ActionID.derivedHash(prefix: prefix, key: key,
                                        discriminatorUTF8: UnsafeBufferPointer(start: base, count: end - base))
        }
        return .hash(high, low)
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
            guard let slot = keyStates.slot(of: ref.key), let index = keyStates[slot].windows.firstIndex(ofID: ref.id)
            else { continue }
            let bounds = keyStates[slot].windows[index].bounds
            due.append((ref, bounds, index))
        }
        nextEarlyDueMs = nextDue
        due.sort { lhs, rhs in
            if lhs.bounds.end != rhs.bounds.end { return lhs.bounds.end < rhs.bounds.end }
            if lhs.ref.key != rhs.ref.key { return lhs.ref.key < rhs.ref.key }
            return lhs.bounds.start < rhs.bounds.start
        }
        for (ref, _, index) in due {
            earlyDue.removeValue(forKey: ref)
            guard let slot = keyStates.slot(of: ref.key), index < keyStates[slot].windows.count else { continue }
            let sequence = keyStates[slot].windows[index].earlyEmissions + 1
            if emitResult(of: keyStates[slot].windows[index], key: ref.key, occurrence: .early(sequence), into: &out) {
                // Checkpointed, so interim results after a restore keep distinct action IDs.
                keyStates[slot].windows[index].earlyEmissions = sequence
                markDirty(slot, key: ref.key)
            }
        }
    }
}
