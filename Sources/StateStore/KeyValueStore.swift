import CSQLite

/// A durable key-value store in one SQLite file (WAL mode), the base of operator state.
///
/// Why SQLite: state must survive restarts and outgrow memory (millions of keys) while staying a
/// single file per task that ops can inspect with the `sqlite3` shell. WAL mode lets a reader
/// (e.g. `stream-daemon state stats`) run while the daemon writes. Writes are grouped with
/// `transaction` so one fsync covers a whole batch of events.
///
/// Not thread-safe by design: each store belongs to one processing thread (one task).
public final class KeyValueStore {
    private let db: OpaquePointer
    public let path: String
    private var putStmt: OpaquePointer?
    private var getStmt: OpaquePointer?
    private var deleteStmt: OpaquePointer?

    public init(path: String) throws(SQLiteError) {
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let handle else {
            let err = SQLiteError(handle, code: rc, context: "open \(path)")
            sqlite3_close(handle)
            throw err
        }
        db = handle
        self.path = path
        try exec("PRAGMA journal_mode=WAL")
        try exec("PRAGMA synchronous=NORMAL")
        try exec("CREATE TABLE IF NOT EXISTS kv (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID")
        putStmt = try prepare("INSERT INTO kv (k, v) VALUES (?1, ?2) ON CONFLICT(k) DO UPDATE SET v = excluded.v")
        getStmt = try prepare("SELECT v FROM kv WHERE k = ?1")
        deleteStmt = try prepare("DELETE FROM kv WHERE k = ?1")
    }

    deinit {
        sqlite3_finalize(putStmt); sqlite3_finalize(getStmt); sqlite3_finalize(deleteStmt)
        sqlite3_close_v2(db)
    }

    public func put(_ key: [UInt8], _ value: [UInt8]) throws(SQLiteError) {
        try run(putStmt, "put") { stmt in bind(stmt, 1, key); bind(stmt, 2, value) }
    }

    public func get(_ key: [UInt8]) throws(SQLiteError) -> [UInt8]? {
        guard let stmt = getStmt else { return nil }
        defer { sqlite3_reset(stmt); sqlite3_clear_bindings(stmt) }
        bind(stmt, 1, key)
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_DONE { return nil }
        guard rc == SQLITE_ROW else { throw SQLiteError(db, code: rc, context: "get in \(path)") }
        let n = Int(sqlite3_column_bytes(stmt, 0))
        guard n > 0, let p = sqlite3_column_blob(stmt, 0) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }

    public func delete(_ key: [UInt8]) throws(SQLiteError) {
        try run(deleteStmt, "delete") { stmt in bind(stmt, 1, key) }
    }

    public func count() throws(SQLiteError) -> Int {
        let stmt = try prepare("SELECT count(*) FROM kv")
        defer { sqlite3_finalize(stmt) }
        let rc = sqlite3_step(stmt)
        guard rc == SQLITE_ROW else { throw SQLiteError(db, code: rc, context: "count in \(path)") }
        return Int(sqlite3_column_int64(stmt, 0))
    }

    /// Runs `body` in one transaction: all of its writes land, or none do.
    public func transaction<R>(_ body: () throws -> R) throws -> R {
        try exec("BEGIN IMMEDIATE")
        do {
            let r = try body()
            try exec("COMMIT")
            return r
        } catch {
            try? exec("ROLLBACK")
            throw error
        }
    }

    // MARK: helpers

    private func exec(_ sql: String) throws(SQLiteError) {
        let rc = sqlite3_exec(db, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw SQLiteError(db, code: rc, context: "\(sql) in \(path)") }
    }

    private func prepare(_ sql: String) throws(SQLiteError) -> OpaquePointer? {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK else { throw SQLiteError(db, code: rc, context: "prepare \(sql)") }
        return stmt
    }

    private func run(_ stmt: OpaquePointer?, _ what: String, bindings: (OpaquePointer) -> Void) throws(SQLiteError) {
        guard let stmt else { return }
        defer { sqlite3_reset(stmt); sqlite3_clear_bindings(stmt) }
        bindings(stmt)
        let rc = sqlite3_step(stmt)
        guard rc == SQLITE_DONE else { throw SQLiteError(db, code: rc, context: "\(what) in \(path)") }
    }
}

/// SQLITE_TRANSIENT: SQLite copies the bytes, so Swift's buffer need not outlive the call.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

private func bind(_ stmt: OpaquePointer, _ index: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { buf in
        // A zero-length blob needs a non-nil pointer to be stored as '' rather than NULL.
        _ = sqlite3_bind_blob(stmt, index, buf.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buf.count), transient)
    }
}
