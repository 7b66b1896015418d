/// A durable key-value store in one SQLite file (WAL mode): one byte-keyed table, no stores,
/// no checkpoint. The daemon's task state uses `TaskStateStore`; this one stays for simple
/// single-table state and the micro benchmarks.
///
/// Why SQLite: state must survive restarts and outgrow memory (millions of keys) while staying a
/// single file per task that ops can inspect with the `sqlite3` shell. WAL mode lets a reader
/// (e.g. `stream-daemon state stats`) run while the daemon writes. Writes are grouped with
/// `transaction` so one commit covers a whole batch of events.
///
/// Not thread-safe by design: each store belongs to one processing thread (one task).
public final class KeyValueStore {
    private let connection: SQLiteConnection
    public var path: String { connection.path }
    private let putStmt: SQLiteStatement
    private let getStmt: SQLiteStatement
    private let deleteStmt: SQLiteStatement

    public init(path: String) throws(SQLiteError) {
        connection = try SQLiteConnection(path: path, create: true)
        try connection.exec("PRAGMA journal_mode=WAL")
        try connection.exec("PRAGMA synchronous=NORMAL")
        try connection.exec("CREATE TABLE IF NOT EXISTS kv (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID")
        putStmt = try connection.prepare("INSERT INTO kv (k, v) VALUES (?1, ?2) ON CONFLICT(k) DO UPDATE SET v = excluded.v")
        getStmt = try connection.prepare("SELECT v FROM kv WHERE k = ?1")
        deleteStmt = try connection.prepare("DELETE FROM kv WHERE k = ?1")
    }

    public func put(_ key: [UInt8], _ value: [UInt8]) throws(SQLiteError) {
        try putStmt.bind(1, blob: key, "put key")
        try putStmt.bind(2, blob: value, "put value")
        try putStmt.run("put")
    }

    public func get(_ key: [UInt8]) throws(SQLiteError) -> [UInt8]? {
        defer { getStmt.reset() }
        try getStmt.bind(1, blob: key, "get key")
        return try getStmt.row("get") ? getStmt.blob(0) : nil
    }

    public func delete(_ key: [UInt8]) throws(SQLiteError) {
        try deleteStmt.bind(1, blob: key, "delete key")
        try deleteStmt.run("delete")
    }

    public func count() throws(SQLiteError) -> Int {
        try connection.scalarInt("SELECT count(*) FROM kv")
    }

    /// Runs `body` in one transaction: all of its writes land, or none do.
    public func transaction<R>(_ body: () throws -> R) throws -> R {
        try connection.transactionRethrowing(body)
    }
}
