extension WindowTrigger {
    /// Tumbling and hopping windows: the event joins each window containing its time that is
    /// still open. A hopping event is late only if *every* such window has closed — the newer
    /// windows it belongs to still want it.
    mutating func addToFixedWindows(_ event: Event, key: String, sizeMs: Int64, advanceMs: Int64,
                                    into out: inout Emitter) {
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
        var keyWindows = windows.removeValue(forKey: key) ?? []
        var changed = false
        for bounds in open {
            if let index = keyWindows.firstIndex(where: { $0.bounds == bounds }) {
                guard keyWindows[index].add(event) else { continue }  // redelivery: no change
                markChanged(WindowRef(key: key, id: keyWindows[index].id), nowMs: out.nowMs)
            } else {
                let window = openWindow(bounds, key: key, with: event)
                let position = keyWindows.firstIndex { $0.bounds.start > bounds.start } ?? keyWindows.endIndex
                keyWindows.insert(window, at: position)
                markChanged(WindowRef(key: key, id: window.id), nowMs: out.nowMs)
            }
            changed = true
        }
        windows[key] = keyWindows
        if changed { dirtyKeys.insert(key) }
    }
}
