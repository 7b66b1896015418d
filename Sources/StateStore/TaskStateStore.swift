import CSQLite
import Foundation

/// The durable state of one task (one input partition number, Kafka Streams style): one SQLite
/// file holding several stores (one per pipeline) of key → value bytes, plus a small meta table
/// for the checkpoint (input offsets, watermark, changelog offsets; opaque bytes here).
///
/// Why one file per task: a task's state moves between instances on a rebalance as a unit, and
/// one file means one transaction can cover the rows of every store together with the offsets
/// they reflect — after a crash, state and checkpoint always agree.
///
/// Durability: WAL mode with `synchronous=NORMAL`. A commit is durable against a crash of the
/// process (including `kill -9`), because the WAL frames are written to the OS before `commit`
/// returns; only an OS crash or power loss can lose the last commits, and then the file rolls
/// back to an earlier *consistent* checkpoint (state and offsets together), from which the
/// daemon re-processes. That is what we need, and it avoids an fsync per commit (`FULL`).
///
/// Not `Sendable` and not thread-safe: a store belongs to the one thread that runs its task.
public final class TaskStateStore {
    /// Whether the store may change the file. Inspection (`stream-daemon state stats`) reads
    /// only (`PRAGMA query_only`), so it cannot create, migrate or otherwise alter a task file,
    /// even one the daemon has open; SQLite may still checkpoint the WAL when it closes the
    /// file's last connection, which changes no content.
    public enum Access: Sendable { case readWrite, readOnly }

    public let path: String
    /// Internal, not private, so tests can inject faults (e.g. `PRAGMA max_page_count`).
    let connection: SQLiteConnection
    /// nil once closed.
    private var statements: Statements?

    /// The statements reused by every commit and point read.
    private struct Statements {
        let put: SQLiteStatement
        let delete: SQLiteStatement
        let get: SQLiteStatement
        let putMeta: SQLiteStatement
        let getMeta: SQLiteStatement

        init(_ c: SQLiteConnection) throws(SQLiteError) {
            put = try c.prepare("INSERT INTO state (store, key, value) VALUES (?1, ?2, ?3) ON CONFLICT (store, key) DO UPDATE SET value = excluded.value")
            delete = try c.prepare("DELETE FROM state WHERE store = ?1 AND key = ?2")
            get = try c.prepare("SELECT value FROM state WHERE store = ?1 AND key = ?2")
            putMeta = try c.prepare("INSERT INTO meta (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
            getMeta = try c.prepare("SELECT value FROM meta WHERE name = ?1")
        }
    }

    /// Opens the task file, creating it (and its parent directories) and its tables if absent.
    ///
    /// Throws, naming `path`, if the file is damaged or not a SQLite database (`isCorruption`),
    /// if it was written by a newer schema, or, read-only, if it holds no task state.
    public init(path: String, access: Access = .readWrite) throws(SQLiteError) {
        self.path = path
        if access == .readWrite { try Self.createParentDirectory(of: path) }
        connection = try SQLiteConnection(path: path, create: access == .readWrite)
        switch access {
        case .readWrite:
            try Self.configureForWriting(connection)
            try TaskStateSchema.prepare(connection)
        case .readOnly:
            try connection.exec("PRAGMA query_only = ON")
            try TaskStateSchema.require(connection)
        }
        statements = try Statements(connection)
    }

    deinit { close() }

    /// Releases the file. Idempotent; every later call on this store throws `SQLITE_MISUSE`.
    public func close() {
        statements = nil
        connection.close()
    }

    // MARK: writing

    /// Applies `rows` (a later row for the same store and key wins; nil values delete) and sets
    /// `meta` entries, all in ONE transaction: after a crash or a failure either all of it is
    /// visible or none of it is, so the checkpoint in `meta` always describes the rows.
    ///
    /// Rows are applied in key order (see `BatchOrder`) through statements prepared once.
    /// Errors name the file, the store and the row's index in `rows`, never the key: keys are
    /// customer identifiers and error text ends up in logs.
    public func commit(rows: [StateRow], meta: [String: [UInt8]]) throws(SQLiteError) {
        if rows.isEmpty && meta.isEmpty { return }
        let s = try open("commit")
        try connection.transaction { () throws(SQLiteError) in
            // Rows are read in place through a buffer pointer: `let row = rows[index]` retained
            // and released each row's three references, a cache miss each on a large batch.
            try rows.withUnsafeBufferPointer { (rows) throws(SQLiteError) in
                for index in BatchOrder.indices(of: rows) {
                    func what() -> String { "commit row \(index) of \(rows.count) (store '\(rows[index].store)')" }
                    let statement = rows[index].value == nil ? s.delete : s.put
                    try statement.bind(1, text: rows[index].store, what())
                    try statement.bind(2, text: rows[index].key, what())
                    if let value = rows[index].value { try statement.bind(3, blob: value, what()) }
                    try statement.run(what())
                }
            }
            for (name, value) in meta {
                try s.putMeta.bind(1, text: name, "commit meta '\(name)'")
                try s.putMeta.bind(2, blob: value, "commit meta '\(name)'")
                try s.putMeta.run("commit meta '\(name)'")
            }
        }
    }

    /// Wipes every store and the checkpoint, for state found unusable (e.g. a checkpoint that no
    /// longer matches the changelog). Freed pages stay in the file and are reused on refill.
    public func deleteAll() throws(SQLiteError) {
        _ = try open("deleteAll")
        try connection.transaction { () throws(SQLiteError) in
            try connection.exec("DELETE FROM state")
            try connection.exec("DELETE FROM meta")
        }
    }

    // MARK: reading

    /// A checkpoint entry written by `commit`, or nil.
    public func meta(_ name: String) throws(SQLiteError) -> [UInt8]? {
        let s = try open("meta")
        defer { s.getMeta.reset() }
        try s.getMeta.bind(1, text: name, "meta '\(name)'")
        return try s.getMeta.row("meta '\(name)'") ? s.getMeta.blob(0) : nil
    }

    public func get(store: String, key: String) throws(SQLiteError) -> [UInt8]? {
        let s = try open("get")
        defer { s.get.reset() }
        try s.get.bind(1, text: store, "get from store '\(store)'")
        try s.get.bind(2, text: key, "get from store '\(store)'")
        return try s.get.row("get from store '\(store)'") ? s.get.blob(0) : nil
    }

    /// Calls `body` for every row of `store` in key order (UTF-8 byte order), e.g. to restore
    /// an operator's in-memory state at startup.
    ///
    /// Uses its own statement, so `body` may call `get` or `meta`; it must not `commit`, since
    /// changing the rows being scanned makes the scan's results undefined.
    public func forEach(store: String, _ body: (String, [UInt8]) throws -> Void) throws {
        _ = try open("forEach")
        let scan = try connection.prepare("SELECT key, value FROM state WHERE store = ?1 ORDER BY key")
        try scan.bind(1, text: store, "scan store '\(store)'")
        while try scan.row("scan store '\(store)'") {
            try body(scan.text(0), scan.blob(1))
        }
    }

    /// The names of the stores that hold at least one key, sorted.
    ///
    /// Hops from store to store through the primary key (one b-tree descent each) instead of
    /// `SELECT DISTINCT`, which would read every row of every store.
    public func stores() throws(SQLiteError) -> [String] {
        _ = try open("stores")
        let first = try connection.prepare("SELECT store FROM state ORDER BY store LIMIT 1")
        guard try first.row("list stores") else { return [] }
        var names = [first.text(0)]
        let next = try connection.prepare("SELECT store FROM state WHERE store > ?1 ORDER BY store LIMIT 1")
        while true {
            defer { next.reset() }
            try next.bind(1, text: names[names.count - 1], "list stores")
            guard try next.row("list stores") else { return names }
            names.append(next.text(0))
        }
    }

    public func count(store: String) throws(SQLiteError) -> Int {
        _ = try open("count")
        let stmt = try connection.prepare("SELECT count(*) FROM state WHERE store = ?1")
        try stmt.bind(1, text: store, "count store '\(store)'")
        return try stmt.row("count store '\(store)'") ? stmt.int(0) : 0
    }

    /// Key count and byte totals per store, sorted by store name. Reads every row (one pass).
    public func stats() throws(SQLiteError) -> [StoreStats] {
        _ = try open("stats")
        // CAST: length() of TEXT counts characters; of a BLOB, bytes.
        let stmt = try connection.prepare("""
            SELECT store, count(*), sum(length(CAST(key AS BLOB))), sum(length(value))
            FROM state GROUP BY store ORDER BY store
            """)
        var result: [StoreStats] = []
        while try stmt.row("stats") {
            result.append(StoreStats(store: stmt.text(0), keys: stmt.int(1), keyBytes: stmt.int(2), valueBytes: stmt.int(3)))
        }
        return result
    }

    // MARK: helpers

    private func open(_ what: String) throws(SQLiteError) -> Statements {
        guard let statements else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "store is closed", context: "\(what) in \(path)")
        }
        return statements
    }

    private static func createParentDirectory(of path: String) throws(SQLiteError) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let parent = String(path[..<slash])
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot create directory '\(parent)': \(error.localizedDescription)",
                              context: "open \(path)")
        }
    }

    /// WAL: readers never block the writer and a commit appends to the log instead of rewriting
    /// pages in place. The first statement that reads the file, so a foreign or damaged file
    /// fails here.
    private static func configureForWriting(_ connection: SQLiteConnection) throws(SQLiteError) {
        let mode = try connection.scalarText("PRAGMA journal_mode=WAL")
        guard mode?.lowercased() == "wal" else {
            throw SQLiteError(code: SQLITE_ERROR, message: "cannot switch to WAL mode (journal_mode is \(mode ?? "unknown"))",
                              context: "open \(connection.path)")
        }
        try connection.exec("PRAGMA synchronous=NORMAL")
    }
}
