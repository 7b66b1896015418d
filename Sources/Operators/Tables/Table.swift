/// The latest value per key of a changelog (compacted) topic — Kafka Streams' `KTable`
/// materialisation. An empty or null value is a tombstone and deletes the key.
///
/// In memory by default (replay, tests); with a ``TableBackend`` (the daemon's SQLite file)
/// the rows live there behind a bounded cache, so a profile table of millions of customers
/// neither has to fit in memory nor be re-read whole on every start.
///
/// Rows are parsed once on update, not on every lookup: lookups happen per event, updates are
/// rare (profiles, stores, stock levels).
public struct Table: Sendable {
    public let name: String
    private var rows: [String: JSONObject] = [:]
    /// Where rows live when they are not all held here.
    public var backend: (any TableBackend)?

    public init(name: String) { self.name = name }

    public var count: Int { backend?.count ?? rows.count }

    /// Parses a changelog value: nil for a tombstone (empty or `null`), else a JSON object. A
    /// value that is not a JSON object is rejected, so one bad record cannot wipe a customer's
    /// profile (the caller keeps the previous row).
    public func parseRow(key: String?, value: [UInt8]?) throws(DecodeFailure) -> JSONObject? {
        guard let value, !value.isEmpty, value != Array("null".utf8) else { return nil }
        let parsed: JSONValue
        do {
            parsed = try JSONReader.parse(value)
        } catch {
            throw DecodeFailure(reason: error.isInvalidUTF8 ? .invalidUTF8 : .invalidJSON,
                                detail: "table '\(name)' key '\(key ?? "?")': \(error)")
        }
        guard case .object(let object) = parsed else {
            throw DecodeFailure(reason: .notAnObject, detail: "table '\(name)' key '\(key ?? "?")': value is not a JSON object")
        }
        return object
    }

    /// Sets (or, with nil, deletes) the row for `key`.
    public mutating func set(_ key: String, _ row: JSONObject?) {
        if let backend {
            backend.set(key, row)
        } else {
            rows[key] = row
        }
    }

    /// Applies one changelog record: parse, then set or delete.
    public mutating func apply(key: String, value: [UInt8]?) throws(DecodeFailure) {
        set(key, try parseRow(key: key, value: value))
    }

    public func lookup(_ key: String) -> JSONObject? {
        if let backend { return backend.row(key) }
        return rows[key]
    }
}

/// Durable storage of a table's rows (see ``Table``). Used only from the thread that drives
/// the engine, which is why implementations may be `@unchecked Sendable`.
public protocol TableBackend: AnyObject, Sendable {
    func row(_ key: String) -> JSONObject?
    /// Sets (nil: deletes) a row; durable once the owner flushes it with the topic offsets.
    func set(_ key: String, _ row: JSONObject?)
    /// Number of rows.
    var count: Int { get }
}

/// One lookup a pipeline performs per event (a stream–table join).
public struct TableJoin: Sendable {
    public var table: String
    /// Event field holding the table key; nil means the event key.
    public var on: FieldPath?
    /// Name under which the row appears in the event, e.g. `profile` → `{{profile.name}}`.
    public var alias: String
    /// Inner join: without a row, the pipeline skips the event.
    public var required: Bool

    public init(table: String, on: FieldPath?, alias: String, required: Bool) {
        self.table = table; self.on = on; self.alias = alias; self.required = required
    }

    /// The key to look up: a string or an integral number (like event keys); nil if absent.
    public func lookupKey(for event: Event) -> String? {
        guard let on else { return event.key }
        return event[on]?.keyString
    }
}

extension JSONValue {
    /// The value as a key: a non-empty string, or an exact integer in decimal (as event keys are).
    public var keyString: String? {
        switch self {
        case .string(let s): return s.isEmpty ? nil : s
        case .number(let n): return n.exactInteger.map { String($0) }
        default: return nil
        }
    }
}
