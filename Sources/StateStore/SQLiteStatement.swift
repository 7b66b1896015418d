import CSQLite

/// A prepared statement: bind, step, read columns, reset.
///
/// Hot statements (upsert, delete, point get) are prepared once per store and reused, because
/// parsing and planning SQL costs more than executing a single-row statement.
final class SQLiteStatement {
    private let stmt: OpaquePointer
    private let db: OpaquePointer
    private let path: String

    init(_ stmt: OpaquePointer, db: OpaquePointer, path: String) {
        self.stmt = stmt
        self.db = db
        self.path = path
    }

    deinit { sqlite3_finalize(stmt) }

    // MARK: binding (1-based parameter index); each returns the SQLite result code

    /// Text is bound with its byte length, so it need not be NUL-free, and copied by SQLite
    /// (`SQLITE_TRANSIENT`) because Swift's buffer is only valid inside `withCString`.
    func bind(_ index: Int32, _ text: String) -> Int32 {
        text.withCString { sqlite3_bind_text(stmt, index, $0, Int32(clamping: text.utf8.count), sqliteTransient) }
    }

    func bind(_ index: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { buf in
            // A zero-length blob needs a non-nil pointer to be stored as '' rather than NULL.
            sqlite3_bind_blob(stmt, index, buf.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                              Int32(clamping: buf.count), sqliteTransient)
        }
    }

    /// Binds text and fails with `what` (built only on failure) as context.
    func bind(_ index: Int32, text: String, _ what: @autoclosure () -> String) throws(SQLiteError) {
        let rc = bind(index, text)
        guard rc == SQLITE_OK else { throw failure(rc, "bind \(what())") }
    }

    /// Binds a blob and fails with `what` (built only on failure) as context; e.g. `SQLITE_TOOBIG`.
    func bind(_ index: Int32, blob: [UInt8], _ what: @autoclosure () -> String) throws(SQLiteError) {
        let rc = bind(index, blob)
        guard rc == SQLITE_OK else { throw failure(rc, "bind \(what())") }
    }

    /// Binds a 64-bit integer and fails with `what` (built only on failure) as context.
    func bind(_ index: Int32, int: Int64, _ what: @autoclosure () -> String) throws(SQLiteError) {
        let rc = sqlite3_bind_int64(stmt, index, int)
        guard rc == SQLITE_OK else { throw failure(rc, "bind \(what())") }
    }

    // MARK: stepping

    /// Steps once: true for a row, false when done. Does not reset (the caller reads columns).
    func row(_ what: @autoclosure () -> String) throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw failure(rc, what())
    }

    /// Runs a statement that returns no rows, then resets it for the next use.
    func run(_ what: @autoclosure () -> String) throws(SQLiteError) {
        defer { reset() }
        let rc = sqlite3_step(stmt)
        guard rc == SQLITE_DONE else { throw failure(rc, what()) }
    }

    /// Ready for the next execution. Bindings are overwritten by the next bind, so they need not
    /// be cleared; blobs and texts were copied, so nothing dangles.
    func reset() { sqlite3_reset(stmt) }

    // MARK: columns (0-based) of the current row

    func text(_ column: Int32) -> String {
        // Docs: call column_text first, then column_bytes, so the length matches the conversion.
        guard let p = sqlite3_column_text(stmt, column) else { return "" }
        let n = Int(sqlite3_column_bytes(stmt, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    func blob(_ column: Int32) -> [UInt8] {
        let p = sqlite3_column_blob(stmt, column)
        let n = Int(sqlite3_column_bytes(stmt, column))
        guard n > 0, let p else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(stmt, column)) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(stmt, column) == SQLITE_NULL }

    private func failure(_ rc: Int32, _ what: String) -> SQLiteError {
        SQLiteError(db, code: rc, context: "\(what) in \(path)")
    }
}

/// SQLITE_TRANSIENT: SQLite copies the bytes, so Swift's buffer need not outlive the call.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
