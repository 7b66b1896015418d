import Engine
import KafkaClient
import Operators
import StateStore

/// A table's rows in a SQLite file (`<state.dir>/<group>/table-<name>.sqlite`) behind a bounded
/// cache, with the table topic's offsets they reflect.
///
/// Why: tables are global (every instance reads the whole topic), so in memory they grow with
/// the number of customers, and every start re-read the topic from the beginning. With the file,
/// a start reads only what was written to the topic since the last flush, and at most
/// `state.cache_max_keys` rows are held in memory. Rows and offsets are committed together
/// (`flush`), so a crash re-reads from offsets that match the rows (re-applying a few updates,
/// which is harmless: the latest value wins).
///
/// `@unchecked Sendable`: used only from the daemon's processing thread.
final class SQLiteTableBackend: TableBackend, @unchecked Sendable {
    static let store = "rows"
    static let offsetsMeta = "offsets"

    let name: String
    let file: TaskStateStore
    private let maxCached: Int
    /// Cached rows; a nil value caches "no row" (joins look up many keys that have none).
    private var cache: [String: JSONObject?] = [:]
    /// Changes since the last flush, in order; the cache is trimmed only after a flush, so a
    /// changed row is always read from the cache until it is in the file.
    private var pending: [StateRow] = []
    private(set) var count: Int
    /// Next offset per table topic partition, as of the rows applied.
    private(set) var offsets: [Int32: Int64]
    /// Reads that failed (the row then counts as absent; reported in metrics).
    private(set) var failures = 0

    init(name: String, stateDir: String, group: String, maxCached: Int) throws {
        self.name = name
        self.maxCached = max(1, maxCached)
        let path = TaskStateStore.path(stateDir: stateDir, group: group, task: "table-\(name)")
        file = try TaskStateStore(path: path)
        count = try file.count(store: Self.store)
        offsets = [:]
        for (k, v) in OffsetMap.decode(try file.meta(Self.offsetsMeta)) {
            if let p = Int32(k) { offsets[p] = v }
        }
    }

    func row(_ key: String) -> JSONObject? {
        if let cached = cache[key] { return cached }
        var row: JSONObject?
        do {
            if let bytes = try file.get(store: Self.store, key: key), case .object(let o) = try JSONReader.parse(bytes) {
                row = o
            }
        } catch {
            failures += 1
        }
        cache[key] = .some(row)
        return row
    }

    func set(_ key: String, _ row: JSONObject?) {
        let existed = self.row(key) != nil
        count += (row != nil ? 1 : 0) - (existed ? 1 : 0)
        cache[key] = .some(row)
        pending.append(StateRow(store: Self.store, key: key, value: row.map { JSONValue.object($0).encoded() }))
    }

    /// Records that the table topic's partition was applied up to `offset` (exclusive).
    func applied(partition: Int32, nextOffset: Int64) {
        offsets[partition] = nextOffset
    }

    /// Commits the changed rows with the offsets they reflect, then trims the cache.
    func flush() throws {
        let meta = OffsetMap.encode(Dictionary(uniqueKeysWithValues: offsets.map { (String($0.key), $0.value) }))
        try file.commit(rows: pending, meta: [Self.offsetsMeta: meta])
        pending.removeAll(keepingCapacity: true)
        if cache.count > maxCached {
            // Unordered eviction of half: cheap, and a hot key is simply read again.
            let excess = cache.count - maxCached / 2
            for key in Array(cache.keys.prefix(excess)) { cache[key] = nil }
        }
    }
}
