/// Bookkeeping of ``WindowTrigger/keyStates``: the dirty list, the count of keys with windows,
/// and the entries kept after their last window (see ``WindowKeyState``).
extension WindowTrigger {
    typealias KeySlot = Dictionary<String, WindowKeyState>.Index

    /// The key's slot, inserting an empty entry for a new key (which the caller then fills:
    /// an entry without windows must be dirty or settled, see ``settle(_:key:)``).
    mutating func slot(for key: String) -> KeySlot {
        if let slot = keyStates.index(forKey: key) { return slot }
        keyStates[key] = WindowKeyState()
        guard let slot = keyStates.index(forKey: key) else { preconditionFailure("inserted key '\(key)' not found") }
        return slot
    }

    /// Marks the key changed since the last checkpoint; lists it once.
    mutating func markDirty(_ slot: KeySlot, key: String) {
        guard !keyStates.values[slot].isDirty else { return }
        keyStates.values[slot].isDirty = true
        dirtyKeys.append(key)
    }

    /// The trigger-wide part of a fold: counters, the close timer of a new window, early-result
    /// scheduling and the dirty list.
    mutating func record(_ fold: WindowFold, key: String, bounds: WindowBounds, nowMs: Int64) {
        if fold.opened {
            nextWindowID &+= 1
            openWindowCount += 1
            if fold.firstWindow { keysWithWindows += 1 }
            closeTimers.schedule(at: bounds.end, key: key, payload: fold.windowID)
        }
        if earlyEveryMs != nil { markChanged(WindowRef(key: key, id: fold.windowID), nowMs: nowMs) }
        if fold.becameDirty { dirtyKeys.append(key) }
    }

    /// Drops the windows of the key in `slot` (their close timers stay queued but find no window
    /// with their id, so they fire nothing). The entry stays; see ``settle(_:key:)``.
    mutating func clearWindows(_ slot: KeySlot, key: String) {
        let dropped = keyStates.values[slot].windows
        guard !dropped.isEmpty else { return }
        keyStates.values[slot].windows = []
        keysWithWindows -= 1
        openWindowCount -= dropped.count
        if !earlyDue.isEmpty {
            for window in dropped { earlyDue.removeValue(forKey: WindowRef(key: key, id: window.id)) }
        }
    }

    /// Restores the entry invariant after windows were dropped outside a checkpoint: a clean
    /// entry without windows is removed, or kept for its recency until the eviction pass.
    /// May remove the entry: `slot` is invalid afterwards.
    mutating func settle(_ slot: KeySlot, key: String) {
        let entry = keyStates.values[slot]
        guard !entry.isResident else { return }
        if entry.recentEpoch == recencyEpoch {
            deletedKeys.append(key)
        } else {
            keyStates.remove(at: slot)
        }
    }

    /// Ends an eviction interval: nothing is recent any more, so the entries kept only for
    /// their recency (reported deletions) go.
    mutating func endRecencyInterval() {
        recencyEpoch &+= 1
        for key in deletedKeys {
            if let slot = keyStates.index(forKey: key), !keyStates.values[slot].isResident { keyStates.remove(at: slot) }
        }
        deletedKeys.removeAll(keepingCapacity: true)
    }

    /// The key's open windows, oldest first (tests and diagnostics).
    func openWindows(of key: String) -> [WindowState] { keyStates[key]?.windows ?? [] }
}
