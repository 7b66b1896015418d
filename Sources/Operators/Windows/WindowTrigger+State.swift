/// Durable state of a ``WindowTrigger``: per group key, its open windows, oldest first.
///
/// Layout: header (``StateFormat``, kind `window`), then the windows (see
/// `WindowState+Coding.swift`). Early-result bookkeeping is not stored: after a restore a
/// window reports again once it next changes, numbered on from its stored emission count.
extension WindowTrigger {
    public mutating func takeStateChanges() -> [StateChange] {
        guard !dirtyKeys.isEmpty else { return [] }
        let keys = dirtyKeys.sorted()
        recentKeys.formUnion(dirtyKeys)
        dirtyKeys.removeAll(keepingCapacity: true)
        var writer = StateWriter(reservingCapacity: 256)
        return keys.map { key in
            guard let keyWindows = windows[key], !keyWindows.isEmpty else { return StateChange(key: key, value: nil) }
            writer.removeAll()
            writer.writeHeader(.window)
            writer.writeArray(keyWindows) { $1.encode(into: &$0) }
            return StateChange(key: key, value: writer.bytes)
        }
    }

    public mutating func restoreState(key: String, value: [UInt8]) throws(StateRestoreError) {
        let restored: [WindowState]
        do throws(StateDecodingError) {
            restored = try decodeWindows(value)
        } catch {
            throw StateRestoreError(key: key, message: error.description)
        }
        dropWindows(of: key)
        guard !restored.isEmpty else { return }
        nextWindowID &+= UInt64(restored.count)
        openWindowCount += restored.count
        for window in restored { closeTimers.schedule(at: window.bounds.end, key: key, payload: window.id) }
        windows[key] = restored
    }

    /// Drops the key's windows. Their close timers stay queued but find no window with their
    /// id, so they fire nothing.
    public mutating func eraseState(key: String) -> Bool {
        guard dropWindows(of: key) else { return false }
        dirtyKeys.insert(key)
        return true
    }

    /// Group keys with at least one open window.
    public var stateKeyCount: Int { windows.count }

    @discardableResult
    mutating func dropWindows(of key: String) -> Bool {
        guard let dropped = windows.removeValue(forKey: key) else { return false }
        openWindowCount -= dropped.count
        for window in dropped { earlyDue.removeValue(forKey: WindowRef(key: key, id: window.id)) }
        return true
    }

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
