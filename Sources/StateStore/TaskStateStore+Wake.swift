/// The wake index: for keys whose state was evicted from memory, the event time their timers are
/// due, so the engine loads them back in time (Flink's timer service, on disk).
///
/// Why a separate table and not a column of `state`: it is a cache of what the state implies,
/// written when keys leave memory (after the checkpoint that made them durable), and rebuilt
/// from the state on every restore — it never has to agree with a checkpoint, so it is kept out
/// of the checkpoint transaction. A hint may be stale (the key was loaded and changed since):
/// loading a key that is in memory is skipped, one that has no state any more loads nothing.
extension TaskStateStore {
    /// Adds hints in one transaction.
    public func putWakeHints(_ hints: [(store: String, key: String, dueMs: Int64)]) throws(SQLiteError) {
        guard !hints.isEmpty else { return }
        let insert = try connection.prepare("INSERT OR IGNORE INTO wake (store, due, key) VALUES (?1, ?2, ?3)")
        try connection.transaction { () throws(SQLiteError) in
            for h in hints {
                try insert.bind(1, text: h.store, "wake hint (store '\(h.store)')")
                try insert.bind(2, int: h.dueMs, "wake hint (store '\(h.store)')")
                try insert.bind(3, text: h.key, "wake hint (store '\(h.store)')")
                try insert.run("wake hint (store '\(h.store)')")
            }
        }
    }

    /// Removes and returns the keys of `store` due at or before `dueMs`, earliest first.
    public func takeDueWakeHints(store: String, atOrBefore dueMs: Int64) throws(SQLiteError) -> [String] {
        let select = try connection.prepare("SELECT key FROM wake WHERE store = ?1 AND due <= ?2 ORDER BY due, key")
        try select.bind(1, text: store, "due wake hints (store '\(store)')")
        try select.bind(2, int: dueMs, "due wake hints (store '\(store)')")
        var keys: [String] = []
        while try select.row("due wake hints (store '\(store)')") { keys.append(select.text(0)) }
        select.reset()
        guard !keys.isEmpty else { return [] }
        let delete = try connection.prepare("DELETE FROM wake WHERE store = ?1 AND due <= ?2")
        try delete.bind(1, text: store, "delete due wake hints (store '\(store)')")
        try delete.bind(2, int: dueMs, "delete due wake hints (store '\(store)')")
        try delete.run("delete due wake hints (store '\(store)')")
        return keys
    }

    /// The earliest hint of `store`, if any.
    public func earliestWakeHint(store: String) throws(SQLiteError) -> Int64? {
        let select = try connection.prepare("SELECT min(due) FROM wake WHERE store = ?1")
        try select.bind(1, text: store, "earliest wake hint (store '\(store)')")
        defer { select.reset() }
        guard try select.row("earliest wake hint (store '\(store)')"), !select.isNull(0) else { return nil }
        return Int64(select.int(0))
    }

    /// Forgets every hint (a restore rebuilds them from the state).
    public func clearWakeHints() throws(SQLiteError) {
        try connection.exec("DELETE FROM wake")
    }
}
