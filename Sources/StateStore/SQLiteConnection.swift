import CSQLite

/// One open SQLite database file: the handle plus the path that every error names.
///
/// Shared plumbing of `KeyValueStore` and `TaskStateStore`, so both open, pragma, prepare and
/// report errors the same way. Not thread-safe (opened with `SQLITE_OPEN_NOMUTEX`): a
/// connection belongs to the one thread that runs its task, so SQLite's own mutexes would be
/// pure overhead on every call.
final class SQLiteConnection {
    let path: String
    /// nil once closed; every operation then fails with `SQLITE_MISUSE` instead of crashing.
    private(set) var handle: OpaquePointer?

    /// Opens the file, creating it if `create`. Opening never reads the file, so a damaged file
    /// is only noticed by the first statement; callers run one right away.
    ///
    /// Always read-write at the file level (SQLite falls back to read-only if the OS denies
    /// writing): a read-only *connection* to a WAL database leaves `-wal` and `-shm` files
    /// behind that it may not delete. Readers that must not write use `PRAGMA query_only`.
    init(path: String, create: Bool) throws(SQLiteError) {
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let err = SQLiteError(db, code: rc, context: "open \(path)")
            sqlite3_close_v2(db)
            throw err
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        // A concurrent reader (the `state stats` command, an operator's sqlite3 shell) can hold
        // a lock for a moment, e.g. while the WAL is checkpointed; wait rather than fail.
        sqlite3_busy_timeout(db, 5_000)
    }

    deinit { close() }

    /// Idempotent. `close_v2` defers the real close until statements still alive elsewhere are
    /// finalized, so the order in which owners release things cannot crash.
    func close() {
        guard let db = handle else { return }
        handle = nil
        sqlite3_close_v2(db)
    }

    /// The open handle, or a `SQLITE_MISUSE` error naming what was attempted on a closed store.
    func open(_ what: String) throws(SQLiteError) -> OpaquePointer {
        guard let handle else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "store is closed", context: "\(what) in \(path)")
        }
        return handle
    }

    /// Runs SQL without results (or ignoring them), e.g. pragmas and `BEGIN`/`COMMIT`.
    func exec(_ sql: String) throws(SQLiteError) {
        let db = try open(sql)
        let rc = sqlite3_exec(db, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw SQLiteError(db, code: rc, context: "\(sql) in \(path)") }
    }

    func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        let db = try open("prepare \(sql)")
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw SQLiteError(db, code: rc, context: "prepare \(sql) in \(path)")
        }
        return SQLiteStatement(stmt, db: db, path: path)
    }

    /// The first column of the first row of `sql` as text (nil if no row), e.g. `PRAGMA journal_mode`.
    func scalarText(_ sql: String) throws(SQLiteError) -> String? {
        let stmt = try prepare(sql)
        return try stmt.row(sql) ? stmt.text(0) : nil
    }

    /// The first column of the first row of `sql` as an integer (0 if no row).
    func scalarInt(_ sql: String) throws(SQLiteError) -> Int {
        let stmt = try prepare(sql)
        return try stmt.row(sql) ? stmt.int(0) : 0
    }

    /// Runs `body` in one write transaction: all of its writes land, or none do.
    ///
    /// `BEGIN IMMEDIATE` takes the write lock up front, so a busy database fails here, before any
    /// work, rather than at `COMMIT`. On failure the transaction is rolled back unless SQLite
    /// already did so itself (it does on e.g. `SQLITE_FULL`).
    func transaction<R>(_ body: () throws(SQLiteError) -> R) throws(SQLiteError) -> R {
        try exec("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try exec("COMMIT")
            return result
        } catch {
            rollbackIfActive()
            throw error
        }
    }

    /// The untyped twin of `transaction`, for bodies that throw their own errors (KeyValueStore).
    func transactionRethrowing<R>(_ body: () throws -> R) throws -> R {
        try exec("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try exec("COMMIT")
            return result
        } catch {
            rollbackIfActive()
            throw error
        }
    }

    private func rollbackIfActive() {
        guard let db = handle, sqlite3_get_autocommit(db) == 0 else { return }
        sqlite3_exec(db, "ROLLBACK", nil, nil, nil)
    }
}
