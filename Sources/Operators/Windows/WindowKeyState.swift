/// Everything a ``WindowTrigger`` keeps per group key, in one dictionary value, so an event
/// costs one hash of its key.
///
/// Why one entry instead of separate collections: the replay profile spent 9-13 % in
/// `Set<String>.insert` marking keys dirty (a second hash per event and per closed window), and
/// a dictionary removal (rehashing the following cluster) plus a one-element array allocation
/// per key and window. Here the dirty mark is a flag (the trigger lists a key once, when the flag
/// flips), recency is an epoch number, and a key whose last window closed keeps its (empty)
/// entry and array buffer until a checkpoint has reported its deletion: its next window then
/// needs neither an insertion nor an allocation.
///
/// Invariant: an entry without windows is either dirty (its deletion is not yet reported) or
/// listed in the trigger's `deletedKeys` (reported, kept only for its recency until the next
/// eviction pass).
struct WindowKeyState: Sendable {
    /// Open windows sorted by start.
    var windows: [WindowState] = []
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
        if let index = windows.firstIndex(where: { $0.bounds == bounds }) {
            windows[index].add(event, keepsCauseFields: keepsCauseFields)
            return WindowFold(windowID: windows[index].id, opened: false, firstWindow: false, becameDirty: becameDirty)
        }
        let firstWindow = windows.isEmpty
        let window = WindowState(id: newWindowID, bounds: bounds, first: event, accumulators: accumulators,
                                 keepsCauseFields: keepsCauseFields)
        // Appending (the usual case: windows open in time order) skips `insert`'s generic
        // replace-subrange path, measured at ~470 instructions per window.
        if let position = windows.firstIndex(where: { $0.bounds.start > bounds.start }) {
            windows.insert(window, at: position)
        } else {
            windows.append(window)
        }
        return WindowFold(windowID: newWindowID, opened: true, firstWindow: firstWindow, becameDirty: becameDirty)
    }
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
