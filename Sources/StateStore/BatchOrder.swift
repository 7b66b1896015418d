#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The order in which `TaskStateStore.commit` applies a batch: by (store, key), as the rows lie
/// in the `state` b-tree.
///
/// Why: applied in arrival order, the keys of a large batch hit random leaf pages, and once the
/// page cache is full every row may evict and re-read a page; a shuffled 1M-row commit took
/// 7–15 s that way. In key order each leaf page is filled in one go and the same commit takes
/// about 2.3 s, this sort (~0.45 s) included. Only performance depends on the order;
/// correctness needs just one thing, which this keeps: rows for the same (store, key) stay in
/// batch order, so the last write wins.
enum BatchOrder {
    /// Indices of `rows` sorted by store, then key bytes (SQLite's BINARY collation), then index.
    ///
    /// Comparing Swift `String`s costs ~100 ns per comparison (2 s for 1M rows), so keys are
    /// copied into one byte arena and compared with `memcmp`, and stores are replaced by their
    /// rank among the batch's few store names.
    static func indices(of rows: [StateRow]) -> [Int] {
        rows.withUnsafeBufferPointer { indices(of: $0) }
    }

    /// The same order, over rows read in place.
    static func indices(of rows: UnsafeBufferPointer<StateRow>) -> [Int] {
        guard rows.count > 1 else { return Array(rows.indices) }
        let ranks = storeRanks(rows)
        var arena: [UInt8] = []
        var entries: [Entry] = []
        entries.reserveCapacity(rows.count)
        var lastStore = "", lastRank: Int32 = 0
        // By index into a buffer pointer: `for row in rows` copied (retained and released) each
        // row's three references, a cache miss each on a large batch.
        for index in rows.indices {
            if index == 0 || rows[index].store != lastStore {
                lastStore = rows[index].store
                lastRank = ranks[lastStore] ?? 0
            }
            let start = arena.count
            arena.append(contentsOf: rows[index].key.utf8)
            entries.append(Entry(store: lastRank, start: start, length: arena.count - start, index: index))
        }
        let sorted = arena.withUnsafeBytes { bytes in
            // An empty arena (all keys "") has no base address; then every key compares equal.
            let base = bytes.baseAddress
            // A total order (the index breaks ties), so the result does not depend on the sort.
            func less(_ a: Entry, _ b: Entry) -> Bool {
                if a.store != b.store { return a.store < b.store }
                if let base {
                    let c = memcmp(base + a.start, base + b.start, min(a.length, b.length))
                    if c != 0 { return c < 0 }
                }
                if a.length != b.length { return a.length < b.length }
                return a.index < b.index
            }
            // Stores hand in their changes already in key order (a checkpoint's batch nearly
            // always is): one pass of n - 1 comparisons then replaces the sort's n log n
            // (~half of this function's cost in the `us` benchmark's checkpoints).
            if entries.indices.dropFirst().allSatisfy({ less(entries[$0 - 1], entries[$0]) }) { return true }
            entries.sort(by: less)
            return false
        }
        return sorted ? Array(rows.indices) : entries.map(\.index)
    }

    private struct Entry {
        var store: Int32
        var start: Int
        var length: Int
        var index: Int
    }

    /// Rank of each store name in byte order.
    private static func storeRanks(_ rows: UnsafeBufferPointer<StateRow>) -> [String: Int32] {
        var names = Set<String>()
        var last: String?
        for index in rows.indices where rows[index].store != last {
            names.insert(rows[index].store)
            last = rows[index].store
        }
        let sorted = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int32($0)) })
    }
}
