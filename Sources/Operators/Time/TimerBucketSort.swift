/// Puts a bucket of timers (all due at one time) in draining order: the first to fire last, so
/// the queue hands them out with `removeLast`, a move.
///
/// Why not `Array.sort` on the entries: on the window benchmark (126k timers at one time) it
/// cost 164 M instructions, most of them moving 48-byte entries (a `String` and a generic
/// payload) through value witnesses at every merge step. Sorting small trivial keys (the key's
/// ``TimerKeyPrefix`` and the entry's index) with `sort` still cost 104 M; a radix sort over the
/// prefix bytes that differ at all costs a fraction of that. Each entry then moves once, along
/// the cycles of the resulting permutation.
enum TimerBucketSort {
    struct SortKey {
        var prefix: TimerKeyPrefix
        /// Position in the bucket; -1 once the entry has been placed.
        var index: Int
    }

    static func sortForDraining<Payload>(_ entries: inout [TimerEntry<Payload>]) {
        let n = entries.count
        guard n > 1 else { return }
        var order: [SortKey] = []
        order.reserveCapacity(n)
        var allExact = true
        for index in 0..<n {
            let prefix = entries[index].prefix
            allExact = allExact && prefix.isExact
            order.append(SortKey(prefix: prefix, index: index))
        }
        // A bucket holds its timers in insertion order, so the index stands in for `seq`.
        entries.withUnsafeBufferPointer { bucket in
            if allExact {
                radixSort(&order)
                sortEqualPrefixRuns(&order, bucket: bucket)
            } else {
                order.sort { a, b in
                    if let decided = TimerKeyPrefix.order(a.prefix, b.prefix) { return decided }
                    return keyPrecedes(a, b, bucket: bucket)
                }
            }
        }
        order.reverse()
        permute(&entries, by: &order)
    }

    /// (key, index) order, for keys whose prefixes do not decide it.
    @inline(__always)
    private static func keyPrecedes<Payload>(_ a: SortKey, _ b: SortKey,
                                             bucket: UnsafeBufferPointer<TimerEntry<Payload>>) -> Bool {
        let aKey = bucket[a.index].key, bKey = bucket[b.index].key
        if aKey != bKey { return aKey < bKey }
        return a.index < b.index
    }

    /// Stable LSD radix sort by (high, low), one counting pass per byte that is not the same in
    /// every key (keys like `c-83810` differ in five of sixteen).
    static func radixSort(_ keys: inout [SortKey]) {
        guard let first = keys.first?.prefix else { return }
        var differsHigh: UInt64 = 0, differsLow: UInt64 = 0
        for key in keys {
            differsHigh |= key.prefix.high ^ first.high
            differsLow |= key.prefix.low ^ first.low
        }
        var scratch = [SortKey](repeating: SortKey(prefix: first, index: 0), count: keys.count)
        var offsets = [Int](repeating: 0, count: 256)
        for digit in 0..<16 {
            let inLow = digit < 8
            let shift = UInt64(8 * (digit % 8))
            guard ((inLow ? differsLow : differsHigh) >> shift) & 0xFF != 0 else { continue }
            keys.withUnsafeBufferPointer { source in
                scratch.withUnsafeMutableBufferPointer { target in
                    offsets.withUnsafeMutableBufferPointer { offsets in
                        for i in 0..<256 { offsets[i] = 0 }
                        for key in source {
                            offsets[Int(truncatingIfNeeded: ((inLow ? key.prefix.low : key.prefix.high) >> shift) & 0xFF)] += 1
                        }
                        var start = 0
                        for i in 0..<256 {
                            let count = offsets[i]
                            offsets[i] = start
                            start += count
                        }
                        for key in source {
                            let byte = Int(truncatingIfNeeded: ((inLow ? key.prefix.low : key.prefix.high) >> shift) & 0xFF)
                            target[offsets[byte]] = key
                            offsets[byte] += 1
                        }
                    }
                }
            }
            swap(&keys, &scratch)
        }
    }

    /// Keys sharing all sixteen prefix bytes are ordered by the full key, then insertion.
    private static func sortEqualPrefixRuns<Payload>(_ keys: inout [SortKey],
                                                     bucket: UnsafeBufferPointer<TimerEntry<Payload>>) {
        var runStart = 0
        for i in 1...keys.count {
            if i < keys.count && keys[i].prefix.high == keys[runStart].prefix.high
                && keys[i].prefix.low == keys[runStart].prefix.low { continue }
            if i - runStart > 1 { keys[runStart..<i].sort { keyPrecedes($0, $1, bucket: bucket) } }
            runStart = i
        }
    }

    /// Position j takes the entry at `order[j].index`: follows each cycle once, holding the entry
    /// of its first position until the cycle closes, so every entry is moved, never copied.
    private static func permute<Payload>(_ entries: inout [TimerEntry<Payload>], by order: inout [SortKey]) {
        entries.withUnsafeMutableBufferPointer { bucket in
            guard let base = bucket.baseAddress else { return }
            for start in 0..<bucket.count where order[start].index >= 0 {
                guard order[start].index != start else {
                    order[start].index = -1
                    continue
                }
                let held = (base + start).move()
                var j = start
                while true {
                    let source = order[j].index
                    order[j].index = -1
                    if source == start {
                        (base + j).initialize(to: held)
                        break
                    }
                    (base + j).moveInitialize(from: base + source, count: 1)
                    j = source
                }
            }
        }
    }
}
