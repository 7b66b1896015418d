import CPrefetch

/// A ``WindowTrigger``'s per-key entries (``WindowKeyState``): a dense array of entries, each
/// holding its key, found through a hash index (``WindowKeyIndex``); slots of removed keys are
/// reused.
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
    private var index = WindowKeyIndex()
    /// Entries by slot; a free slot holds an empty, clean entry (key "").
    private var entries: [WindowKeyState] = []
    /// Slots of removed keys, reused before `entries` grows.
    private var freeSlots: [Int] = []

    /// The key's slot, if it has an entry.
    func slot(of key: String) -> Int? {
        index.find(WindowKeyIndex.hash(key)) { entries[$0].key == key }.slot
    }

    /// The key's slot, claiming one (an empty entry) for a new key: one probe either way.
    mutating func slot(for key: String) -> Int {
        index.reserveOneMore()
        let hash = WindowKeyIndex.hash(key)
        let found = index.find(hash) { entries[$0].key == key }
        if let slot = found.slot { return slot }
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            entries[slot].key = key
        } else {
            slot = entries.count
            entries.append(WindowKeyState(key: key))
        }
        index.insert(slot: slot, hash: hash, at: found.bucket)
        return slot
    }

    /// Removes the key's entry (in `slot`), freeing the slot.
    mutating func remove(_ key: String, at slot: Int) {
        index.remove(hash: WindowKeyIndex.hash(key), slot: slot)
        entries[slot] = WindowKeyState()
        freeSlots.append(slot)
    }

    /// Starts loading the cache lines of the entry in `slot` (if it is one) without waiting:
    /// a hint, no effect on the contents. Closing a minute's windows visits entries in key order,
    /// which is random in the table, one cache miss each; prefetched a few closes ahead, the
    /// misses overlap.
    func prefetch(slot: Int) {
        entries.withUnsafeBufferPointer { buffer in
            guard slot >= 0, slot < buffer.count, let base = buffer.baseAddress else { return }
            let entry = UnsafeRawPointer(base + slot)
            // An entry spans up to three cache lines; the close reads the head window's id and
            // bounds and moves the window out.
            for line in stride(from: 0, to: MemoryLayout<WindowKeyState>.stride, by: 64) {
                cx_prefetch_for_write(entry + line)
            }
        }
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
        slot(of: key).map { entries[$0] }
    }

    /// Number of keys with an entry.
    var count: Int { index.count }
}

extension WindowKeyTable: Sequence {
    /// Every key with its entry, in no particular order (eviction, tests).
    func makeIterator() -> some IteratorProtocol<(key: String, value: WindowKeyState)> {
        index.slots.lazy.map { [entries] in (key: entries[$0].key, value: entries[$0]) }.makeIterator()
    }
}
