/// The hash index of a ``WindowKeyTable``: an open-addressing table of 8-byte buckets, each a
/// key's slot and 32 bits of its hash. The keys themselves are in the entries (compared there,
/// through the caller's `isKey`), so a probe reads one small bucket and then the entry the
/// caller needs anyway.
///
/// Why not `[String: Int]`: a `Dictionary` keeps 16-byte keys and 8-byte values in two arrays
/// (6 MB for 100k keys), so a probe missed the caches on the key, then again on the entry: the
/// threshold replay spent ~13 % of its wall time on the key probe's first load (as much with a
/// table of key-and-slot buckets, which was tried). This index is 1 MB for 100k keys and the key
/// compare happens in the entry's own cache lines, which the event then folds into: the probe's
/// load fell to ~6 %, the threshold replay (1M events) from 1.02 to 0.93 s user (min of 7),
/// 2,252 → 2,185 M instructions on 300k. The hash is still `String`'s (`hashValue`, seeded per
/// process) and keys compare with `==`, so canonically equivalent keys ("K" and "\u{212A}")
/// are one key, as in a `Dictionary`.
///
/// Linear probing. Removal shifts the rest of the cluster back instead of leaving tombstones
/// (keys come and go: an entry is removed once its windows closed and were reported); the
/// stored hash bits give each bucket's home without reading the key.
struct WindowKeyIndex: Sendable {
    /// 0 for an empty bucket, else `(slot + 1) << 32 | hash`.
    private var buckets: [UInt64]
    /// `buckets.count - 1`; the count is a power of two.
    private var mask: Int
    /// Number of keys.
    private(set) var count = 0

    /// Buckets used at most, in eighths. At 7/8, 100k keys fit 2^17 buckets (1 MB), and linear
    /// probing still finds a key within a cache line or two; at 1/2 (2 MB) the threshold replay
    /// took 0.98 s user instead of 0.94 (min of 6).
    private static let maxLoadEighths = 7

    init() {
        buckets = Array(repeating: 0, count: 16)
        mask = 15
    }

    /// The part of `key`'s hash the index keeps.
    static func hash(_ key: String) -> UInt32 { UInt32(truncatingIfNeeded: key.hashValue) }

    /// The bucket holding the key with this hash for which `isKey(slot)` holds, with its slot;
    /// or, if there is none, the empty bucket where it would go (slot nil).
    func find(_ hash: UInt32, isKey: (Int) -> Bool) -> (bucket: Int, slot: Int?) {
        var bucket = Int(hash) & mask
        while true {
            let value = buckets[bucket]
            if value == 0 { return (bucket, nil) }
            if UInt32(truncatingIfNeeded: value) == hash {
                let slot = Int(value >> 32) - 1
                if isKey(slot) { return (bucket, slot) }
            }
            bucket = (bucket &+ 1) & mask
        }
    }

    /// Grows the table if one more key would exceed the load limit. Call before the ``find``
    /// whose bucket an ``insert`` uses.
    mutating func reserveOneMore() {
        if 8 * (count + 1) > Self.maxLoadEighths * buckets.count { grow() }
    }

    /// Stores `slot` in the empty `bucket` that ``find`` returned for `hash`.
    mutating func insert(slot: Int, hash: UInt32, at bucket: Int) {
        precondition(slot >= 0 && slot < Int(UInt32.max), "window key slot \(slot) out of range")
        buckets[bucket] = UInt64(slot + 1) << 32 | UInt64(hash)
        count += 1
    }

    /// Removes the key with this hash stored in `slot`, if present.
    mutating func remove(hash: UInt32, slot: Int) {
        var hole = find(hash) { $0 == slot }.bucket
        guard buckets[hole] != 0 else { return }
        // Backward shift: move each later key of the cluster into the hole unless its home
        // bucket lies (cyclically) after the hole, so every key stays reachable from its home.
        var next = (hole &+ 1) & mask
        while buckets[next] != 0 {
            let home = Int(UInt32(truncatingIfNeeded: buckets[next])) & mask
            if (next &- home) & mask >= (next &- hole) & mask {
                buckets[hole] = buckets[next]
                hole = next
            }
            next = (next &+ 1) & mask
        }
        buckets[hole] = 0
        count -= 1
    }

    /// The slots of all keys, in no particular order.
    var slots: some Sequence<Int> {
        buckets.lazy.filter { $0 != 0 }.map { Int($0 >> 32) - 1 }
    }

    /// Doubles the buckets, re-placing every key from its stored hash bits.
    private mutating func grow() {
        let old = buckets
        buckets = Array(repeating: 0, count: old.count * 2)
        mask = buckets.count - 1
        for value in old where value != 0 {
            var bucket = Int(UInt32(truncatingIfNeeded: value)) & mask
            while buckets[bucket] != 0 { bucket = (bucket &+ 1) & mask }
            buckets[bucket] = value
        }
    }
}
