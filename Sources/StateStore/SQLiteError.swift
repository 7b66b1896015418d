import CSQLite

/// A SQLite failure with the statement or operation and the database path, so a log line is
/// actionable without a debugger.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var context: String
    public var description: String { "\(context): \(message) (sqlite code \(code))" }

    init(_ db: OpaquePointer?, code: Int32, context: String) {
        self.code = code
        self.message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        self.context = context
    }
}
