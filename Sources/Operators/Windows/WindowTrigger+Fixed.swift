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
            // One hash of the key, new or not (`slot(for:)` finds or claims the entry in a single
            // probe); the fold mutates the entry in place.
            let slot = slot(for: key)
            let fold = keyStates[slot].fold(
                event, into: bounds, newWindowID: nextWindowID, accumulators: initialAccumulators,
                keepsCauseFields: keepsCauseFields)
            record(fold, key: key, slot: slot, bounds: bounds, nowMs: out.nowMs)
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
        // Hopping: one lookup of the key for all its windows, each folded through the slot.
        let slot = slot(for: key)
        for bounds in open {
            let fold = keyStates[slot].fold(event, into: bounds, newWindowID: nextWindowID, accumulators: initialAccumulators,
                                            keepsCauseFields: keepsCauseFields)
            record(fold, key: key, slot: slot, bounds: bounds, nowMs: out.nowMs)
        }
    }
}
