import CSQLite

/// A SQLite failure with the statement or operation and the database path, so a log line is
/// actionable without a debugger.
///
/// Keys and values never appear here: they are customer identifiers and profile data, and error
/// lines end up in logs. The context names the file, the store and the operation instead.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The (extended) SQLite result code, e.g. `SQLITE_FULL`, `SQLITE_NOTADB`.
    public var code: Int32
    public var message: String
    public var context: String
    public var description: String { "\(context): \(message) (sqlite code \(code))" }

    /// True when the file itself is damaged or is not a SQLite database, as opposed to a
    /// transient or environmental failure (busy, disk full, permissions). The caller's remedy
    /// differs: a damaged task file is deleted and rebuilt from the changelog, while a full disk
    /// must not cost us the state.
    public var isCorruption: Bool {
        let primary = code & 0xFF
        return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB
    }

    /// Reads the message from the connection, which still holds it right after the failing call.
    init(_ db: OpaquePointer?, code: Int32, context: String) {
        self.code = code
        self.message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        self.context = context
    }

    /// For failures detected on our side (store closed, directory not creatable, unknown schema).
    init(code: Int32, message: String, context: String) {
        self.code = code
        self.message = message
        self.context = context
    }
}
