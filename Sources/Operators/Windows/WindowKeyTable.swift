/// A ``WindowTrigger``'s per-key entries (``WindowKeyState``): a dictionary from group key to a
/// slot in a dense array of entries, slots of removed keys reused.
///
/// Why not `[String: WindowKeyState]`: a close timer carries its window's slot, so closing a
/// window needs no hash and no probe of the 100k-key table (the second probe per event was
/// ~6 % of the threshold replay's wall time, plus its `Hasher` work); and the entries, dense
/// instead of spread over a dictionary's buckets, take less than half the memory.
///
/// A slot outlives its key only while the key has an entry: an entry is removed only once it has
/// no windows, and window ids are never reused, so a timer whose window id is not found in its
/// slot is stale, whichever key holds the slot now.
struct WindowKeyTable: Sendable {
    /// Group key → index in `entries`.
    private var slots: [String: Int] = [:]
    /// Entries by slot; a free slot holds an empty, clean entry.
    private var entries: [WindowKeyState] = []
    /// Slots of removed keys, reused before `entries` grows.
    private var freeSlots: [Int] = []

    /// The key's slot, if it has an entry.
    func slot(of key: String) -> Int? { slots[key] }

    /// The key's slot, claiming one (an empty entry) for a new key: one probe either way.
    mutating func slot(for key: String) -> Int {
        let candidate = freeSlots.last ?? entries.count
        let (slot, isNew) = Self.claim(&slots[key, default: -1], candidate: candidate)
        if isNew {
            if freeSlots.isEmpty { entries.append(WindowKeyState()) } else { freeSlots.removeLast() }
        }
        return slot
    }

    private static func claim(_ slot: inout Int, candidate: Int) -> (slot: Int, isNew: Bool) {
        guard slot < 0 else { return (slot, false) }
        slot = candidate
        return (candidate, true)
    }

    /// Removes the key's entry (in `slot`), freeing the slot.
    mutating func remove(_ key: String, at slot: Int) {
        slots.removeValue(forKey: key)
        entries[slot] = WindowKeyState()
        freeSlots.append(slot)
    }

    /// Whether `slot` is a slot of the table (a timer's slot always is: the table never shrinks).
    func contains(slot: Int) -> Bool { entries.indices.contains(slot) }

    /// The entry in `slot`, edited in place. Read through a getter, not `_read`: a `_read`
    /// yielding `entries[slot]` was miscompiled in debug builds (Swift 6.3.1: checkpoints
    /// encoded garbage window bounds in WindowCheckpointTrackingTests); optimized builds inline
    /// the getter and load just the fields read (same instruction count).
    subscript(slot: Int) -> WindowKeyState {
        get { entries[slot] }
        _modify { yield &entries[slot] }
    }

    /// The key's entry, if any.
    subscript(key: String) -> WindowKeyState? {
        slots[key].map { entries[$0] }
    }

    /// Keys with an entry and their slots, in no particular order.
    var keySlots: [String: Int] { slots }

    /// Number of keys with an entry.
    var count: Int { slots.count }
}

extension WindowKeyTable: Sequence {
    /// Every key with its entry, in no particular order (eviction, tests).
    func makeIterator() -> some IteratorProtocol<(key: String, value: WindowKeyState)> {
        slots.lazy.map { [entries] in (key: $0.key, value: entries[$0.value]) }.makeIterator()
    }
}
