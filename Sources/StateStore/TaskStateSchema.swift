import CSQLite

/// The tables of a task state file and their version, kept in SQLite's `user_version` so a
/// future layout change can migrate old files instead of misreading them.
///
/// `state` is `WITHOUT ROWID` with primary key (store, key): rows are stored in key order
/// inside the primary-key b-tree itself, so a point get is one b-tree descent, a store's scan
/// is a contiguous range in key order, and no separate rowid index doubles the writes.
enum TaskStateSchema {
    /// 2 added `wake` (version 1 files get it on open).
    static let version = 2

    static let create = """
        CREATE TABLE IF NOT EXISTS state (
            store TEXT NOT NULL,
            key TEXT NOT NULL,
            value BLOB NOT NULL,
            PRIMARY KEY (store, key)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS wake (
            store TEXT NOT NULL,
            due INTEGER NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (store, due, key)
        ) WITHOUT ROWID;
        PRAGMA user_version = \(version);
        """

    /// Creates the tables if the file has none yet; refuses a file from a newer build.
    static func prepare(_ connection: SQLiteConnection) throws(SQLiteError) {
        let found = try checkedVersion(connection)
        if found == version { return }
        try connection.transaction { () throws(SQLiteError) in try connection.exec(create) }
    }

    /// For a reader that must not write: the file must already hold this schema.
    static func require(_ connection: SQLiteConnection) throws(SQLiteError) {
        let found = try checkedVersion(connection)
        guard found == version else {
            throw SQLiteError(code: SQLITE_ERROR, message: "not a task state file (schema version \(found), expected \(version))",
                              context: "open \(connection.path)")
        }
    }

    /// Reading `user_version` is the first read of the file, so this is also where a damaged or
    /// foreign file is detected (`SQLITE_NOTADB`).
    private static func checkedVersion(_ connection: SQLiteConnection) throws(SQLiteError) -> Int {
        let found = try connection.scalarInt("PRAGMA user_version")
        guard found <= version else {
            throw SQLiteError(code: SQLITE_ERROR, message: "schema version \(found) is newer than this build's \(version)",
                              context: "open \(connection.path)")
        }
        return found
    }
}
