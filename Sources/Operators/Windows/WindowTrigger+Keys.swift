/// Bookkeeping of ``WindowTrigger/keyStates``: the dirty list, the count of keys with windows,
/// and the entries kept after their last window (see ``WindowKeyState``).
extension WindowTrigger {
    /// A key's place in ``keyStates`` (see ``WindowKeyTable``).
    typealias KeySlot = Int

    /// The key's slot, claiming an empty entry for a new key (which the caller then fills:
    /// an entry without windows must be dirty or settled, see ``settle(_:key:)``).
    mutating func slot(for key: String) -> KeySlot { keyStates.slot(for: key) }

    /// Marks the key changed since the last checkpoint; lists it once.
    mutating func markDirty(_ slot: KeySlot, key: String) {
        if keyStates[slot].markDirty() { dirtyKeys.append(key) }
    }

    /// The trigger-wide part of a fold: counters, the close timer of a new window, early-result
    /// scheduling and the dirty list.
    mutating func record(_ fold: WindowFold, key: String, slot: KeySlot, bounds: WindowBounds, nowMs: Int64) {
        if fold.opened {
            nextWindowID &+= 1
            openWindowCount += 1
            if fold.firstWindow { keysWithWindows += 1 }
            closeTimers.schedule(at: bounds.end, key: key, payload: WindowTimer(id: fold.windowID, slot: slot))
        }
        if earlyEveryMs != nil { markChanged(WindowRef(key: key, id: fold.windowID), nowMs: nowMs) }
        if fold.becameDirty { dirtyKeys.append(key) }
    }

    /// Drops the windows of the key in `slot` (their close timers stay queued but find no window
    /// with their id, so they fire nothing). The entry stays; see ``settle(_:key:)``.
    mutating func clearWindows(_ slot: KeySlot, key: String) {
        let dropped = keyStates[slot].windows
        guard !dropped.isEmpty else { return }
        keyStates[slot].windows.removeAll()
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
        guard !keyStates[slot].isResident else { return }
        if keyStates[slot].recentEpoch == recencyEpoch {
            deletedKeys.append(key)
        } else {
            keyStates.remove(key, at: slot)
        }
    }

    /// Ends an eviction interval: nothing is recent any more, so the entries kept only for
    /// their recency (reported deletions) go.
    mutating func endRecencyInterval() {
        recencyEpoch &+= 1
        for key in deletedKeys {
            if let slot = keyStates.slot(of: key), !keyStates[slot].isResident { keyStates.remove(key, at: slot) }
        }
        deletedKeys.removeAll(keepingCapacity: true)
    }

    /// The key's open windows, oldest first (tests and diagnostics).
    func openWindows(of key: String) -> [WindowState] { keyStates[key]?.windows.array ?? [] }
}
