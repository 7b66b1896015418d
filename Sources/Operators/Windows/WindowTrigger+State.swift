/// Durable state of a ``WindowTrigger``: per group key, its open windows, oldest first.
///
/// Layout: header (``StateFormat``, kind `window`), then the windows (see
/// `WindowState+Coding.swift`). Early-result bookkeeping is not stored: after a restore a
/// window reports again once it next changes, numbered on from its stored emission count.
extension WindowTrigger {
    public mutating func takeStateChanges() -> [StateChange] {
        guard !dirtyKeys.isEmpty else { return [] }
        // Each dirty key is listed once, so sorting the list gives what sorting a set did.
        let keys = dirtyKeys.sorted()
        dirtyKeys.removeAll(keepingCapacity: true)
        var writer = StateWriter(reservingCapacity: 256)
        var changes: [StateChange] = []
        changes.reserveCapacity(keys.count)
        for key in keys {
            // Every listed key has an entry (only clean entries are ever removed).
            guard let slot = keyStates.slot(of: key) else {
                changes.append(StateChange(key: key, value: nil))
                continue
            }
            keyStates[slot].isDirty = false
            keyStates[slot].recentEpoch = recencyEpoch
            guard !keyStates[slot].windows.isEmpty else {
                // Reported deleted; the empty entry stays for its recency until the eviction
                // pass, without its spill buffer.
                keyStates[slot].windows.removeAll()
                deletedKeys.append(key)
                changes.append(StateChange(key: key, value: nil))
                continue
            }
            writer.removeAll()
            writer.writeHeader(.window)
            writer.writeArray(keyStates[slot].windows) { $1.encode(into: &$0) }
            changes.append(StateChange(key: key, value: writer.bytes))
        }
        return changes
    }

    public mutating func restoreState(key: String, value: [UInt8]) throws(StateRestoreError) {
        let restored: [WindowState]
        do throws(StateDecodingError) {
            restored = try decodeWindows(value)
        } catch {
            throw StateRestoreError(key: key, message: error.description)
        }
        guard !restored.isEmpty else {
            if let slot = keyStates.slot(of: key) {
                clearWindows(slot, key: key)
                settle(slot, key: key)
            }
            return
        }
        let slot = slot(for: key)
        clearWindows(slot, key: key)
        nextWindowID &+= UInt64(restored.count)
        openWindowCount += restored.count
        keysWithWindows += 1
        for window in restored { closeTimers.schedule(at: window.bounds.end, key: key, payload: WindowTimer(id: window.id, slot: slot)) }
        keyStates[slot].windows = WindowList(restored)
    }

    /// Drops the key's windows. Their close timers stay queued but find no window with their
    /// id, so they fire nothing.
    public mutating func eraseState(key: String) -> Bool {
        guard let slot = keyStates.slot(of: key), !keyStates[slot].windows.isEmpty else { return false }
        clearWindows(slot, key: key)
        markDirty(slot, key: key)
        return true
    }

    /// Group keys with at least one open window.
    public var stateKeyCount: Int { keysWithWindows }

    /// Decodes a key's windows, numbering them from `nextWindowID` (the caller commits the
    /// ids only once everything decoded). Rejects window lists the trigger could not have
    /// built: unsorted, or overlapping sessions.
    private func decodeWindows(_ value: [UInt8]) throws(StateDecodingError) -> [WindowState] {
        var reader = StateReader(value)
        try reader.readHeader(expecting: .window)
        let count = try reader.readCount()
        var restored: [WindowState] = []
        restored.reserveCapacity(count)
        for index in 0..<count {
            let start = reader.offset
            let window = try WindowState(id: nextWindowID &+ UInt64(index), decodingFrom: &reader, aggregations: aggregations)
            if let previous = restored.last {
                guard previous.bounds.start < window.bounds.start else {
                    throw StateDecodingError(offset: start, message: "window \(window.bounds) out of order after \(previous.bounds)")
                }
                if case .session = assigner, previous.bounds.end > window.bounds.start {
                    throw StateDecodingError(offset: start, message: "session \(window.bounds) overlaps \(previous.bounds)")
                }
            }
            restored.append(window)
        }
        try reader.finish()
        return restored
    }
}
