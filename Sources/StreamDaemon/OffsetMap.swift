import Operators

/// `{"name": offset, …}` as compact JSON, for offsets kept in a state file's meta table (per
/// changelog store, per table partition): readable with `sqlite3` when debugging a restore.
enum OffsetMap {
    static func encode(_ offsets: [String: Int64]) -> [UInt8] {
        var w = JSONWriter()
        w.raw("{")
        for (i, (k, v)) in offsets.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { w.raw(",") }
            w.writeString(k); w.raw(":"); w.writeInt(v)
        }
        w.raw("}")
        return w.bytes
    }

    /// Entries that are not numbers are skipped; unreadable bytes give an empty map (the caller
    /// then reads from the beginning, which is safe).
    static func decode(_ bytes: [UInt8]?) -> [String: Int64] {
        guard let bytes, case .object(let o)? = try? JSONReader.parse(bytes) else { return [:] }
        var result: [String: Int64] = [:]
        for (k, v) in o.fields { if case .number(let n) = v { result[k] = Int64(n) } }
        return result
    }
}
