/// Everything a ``WindowTrigger`` keeps per group key, in one entry of its ``WindowKeyTable``, so
/// an event costs one hash of its key.
///
/// Why one entry instead of separate collections: the replay profile spent 9-13 % in
/// `Set<String>.insert` marking keys dirty (a second hash per event and per closed window), and
/// a dictionary removal (rehashing the following cluster) plus a one-element array allocation
/// per key and window. Here the dirty mark is a flag (the trigger lists a key once, when the
/// flag flips), recency is an epoch number, the first window is stored inline (``WindowList``),
/// and a key whose last window closed keeps its (empty) entry until a checkpoint has reported
/// its deletion: its next window then needs neither an insertion nor an allocation.
///
/// Invariant: an entry without windows is either dirty (its deletion is not yet reported) or
/// listed in the trigger's `deletedKeys` (reported, kept only for its recency until the next
/// eviction pass).
struct WindowKeyState: Sendable {
    /// The group key; "" in a free slot of the ``WindowKeyTable``. Kept here, first, so that
    /// the table's probe compares it in the cache line the event then folds into.
    var key = ""
    /// Open windows sorted by start, the first inline (see ``WindowList``).
    var windows = WindowList()
    /// Changed since the last `takeStateChanges()`; the trigger's `dirtyKeys` lists exactly the
    /// keys with this flag set.
    var isDirty = false
    /// The eviction interval in which a `takeStateChanges()` last reported this key: eviction
    /// spares it while that interval is the current one.
    var recentEpoch: UInt64 = 0

    /// Whether the key counts as in memory: it has windows, or its deletion is still pending.
    var isResident: Bool { isDirty || !windows.isEmpty }

    /// Folds `event` into the window with these bounds, opening it with `newWindowID` if the key
    /// has none; marks the key dirty. Mutates in place (no window copy); the caller does the
    /// trigger-wide bookkeeping the returned ``WindowFold`` describes.
    mutating func fold(_ event: Event, into bounds: WindowBounds, newWindowID: UInt64,
                       accumulators: [WindowAccumulator], keepsCauseFields: Bool = true) -> WindowFold {
        let becameDirty = !isDirty
        isDirty = true
        if let index = windows.firstIndex(of: bounds) {
            let id = windows.add(event, toWindowAt: index, keepsCauseFields: keepsCauseFields)
            return WindowFold(windowID: id, opened: false, firstWindow: false, becameDirty: becameDirty)
        }
        let firstWindow = windows.isEmpty
        windows.insertSorted(WindowState(id: newWindowID, bounds: bounds, first: event, accumulators: accumulators,
                                         keepsCauseFields: keepsCauseFields))
        return WindowFold(windowID: newWindowID, opened: true, firstWindow: firstWindow, becameDirty: becameDirty)
    }
}

extension WindowKeyState {
    /// Sets the dirty flag; returns whether it was clean (the caller then lists the key).
    mutating func markDirty() -> Bool {
        defer { isDirty = true }
        return !isDirty
    }

    /// Closes the window `windowID` if it still ends at `dueMs` (its close timer's time); see
    /// ``WindowClose``. One in-place access of the entry.
    mutating func close(windowID: UInt64, dueMs: Int64) -> WindowClose {
        guard let index = windows.firstIndex(ofID: windowID) else { return .stale }
        let end = windows.bounds(at: index).end
        guard end == dueMs else { return .grown(end: end) }
        let window = windows.remove(at: index)
        return .closed(window, keyEmptied: windows.isEmpty, becameDirty: markDirty())
    }
}

/// What a close timer found (``WindowKeyState/close(windowID:dueMs:)``).
enum WindowClose {
    /// No window with the timer's id: it was merged into another session or dropped.
    case stale
    /// The session grew since the timer was armed; it now ends at `end`.
    case grown(end: Int64)
    /// The window was removed from the key; the key has no window left if `keyEmptied`, and was
    /// clean before if `becameDirty`.
    case closed(WindowState, keyEmptied: Bool, becameDirty: Bool)
}

/// What ``WindowKeyState/fold(_:into:newWindowID:accumulators:)`` did to one key's windows.
struct WindowFold {
    /// The window the event went into.
    var windowID: UInt64
    /// A new window was opened (with the id the caller offered).
    var opened: Bool
    /// The key had no window before.
    var firstWindow: Bool
    /// The key was clean before: the caller lists it as dirty.
    var becameDirty: Bool
}
