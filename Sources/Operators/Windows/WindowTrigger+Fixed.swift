extension WindowTrigger {
    /// Tumbling and hopping windows: the event joins each window containing its time that is
    /// still open. A hopping event is late only if *every* such window has closed — the newer
    /// windows it belongs to still want it.
    mutating func addToFixedWindows(_ event: Event, key: String, sizeMs: Int64, advanceMs: Int64,
                                    into out: inout Emitter) {
        if sizeMs == advanceMs {
            // Tumbling: exactly one window contains the time (what `fixedWindows` returns for
            // advance == size), computed without the two arrays per event the general path needs.
            let start = WindowTime.floorMultiple(event.eventTimeMs, of: sizeMs)
            let bounds = WindowBounds(start: start, end: WindowTime.add(start, sizeMs))
            guard !isClosed(bounds, watermarkMs: out.watermarkMs) else {
                out.emitLate(event, detail: WindowLateDetail.fixed(
                    eventTimeMs: event.eventTimeMs, windowCount: 1, latest: bounds,
                    watermarkMs: out.watermarkMs, graceMs: graceMs))
                return
            }
            fold(event, key: key, into: CollectionOfOne(bounds), out: &out)
            return
        }
        let containing = WindowAssigner.fixedWindows(containing: event.eventTimeMs, sizeMs: sizeMs, advanceMs: advanceMs)
        let open = containing.filter { !isClosed($0, watermarkMs: out.watermarkMs) }
        guard !open.isEmpty else {
            if let latest = containing.last {
                out.emitLate(event, detail: WindowLateDetail.fixed(
                    eventTimeMs: event.eventTimeMs, windowCount: containing.count, latest: latest,
                    watermarkMs: out.watermarkMs, graceMs: graceMs))
            }
            // No containing window at all: a hopping spec with gaps between windows (advance
            // greater than size) simply does not cover this time.
            return
        }
        fold(event, key: key, into: open, out: &out)
    }

    /// Folds `event` into the key's windows with these bounds (ascending), opening the missing
    /// ones. The key's list is mutated in place through its dictionary slot: one hash of the
    /// key for the lookup (plus one to insert a new key), not a remove and a re-insert.
    private mutating func fold(_ event: Event, key: String, into open: some Collection<WindowBounds>,
                               out: inout Emitter) {
        let slot: Dictionary<String, [WindowState]>.Index
        if let existing = windows.index(forKey: key) {
            slot = existing
        } else {
            // A new key: its first window goes straight into a one-element list.
            var first = open.makeIterator()
            guard let bounds = first.next() else { return }
            let window = openWindow(bounds, key: key, with: event)
            markChanged(WindowRef(key: key, id: window.id), nowMs: out.nowMs)
            windows[key] = [window]
            dirtyKeys.insert(key)
            guard open.count > 1 else { return }
            guard let inserted = windows.index(forKey: key) else { return }
            slot = inserted
            fold(event, key: key, slot: slot, into: open.dropFirst(), out: &out)
            return
        }
        fold(event, key: key, slot: slot, into: open, out: &out)
    }

    private mutating func fold(_ event: Event, key: String, slot: Dictionary<String, [WindowState]>.Index,
                               into open: some Collection<WindowBounds>, out: inout Emitter) {
        for bounds in open {
            if let index = windows.values[slot].firstIndex(where: { $0.bounds == bounds }) {
                windows.values[slot][index].add(event)
                markChanged(WindowRef(key: key, id: windows.values[slot][index].id), nowMs: out.nowMs)
            } else {
                let window = openWindow(bounds, key: key, with: event)
                let position = windows.values[slot].firstIndex { $0.bounds.start > bounds.start }
                    ?? windows.values[slot].endIndex
                windows.values[slot].insert(window, at: position)
                markChanged(WindowRef(key: key, id: window.id), nowMs: out.nowMs)
            }
        }
        if !open.isEmpty { dirtyKeys.insert(key) }
    }
}
