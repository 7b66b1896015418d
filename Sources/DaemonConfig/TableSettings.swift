/// A table materialised from a (compacted) topic: the latest value per key; an empty value
/// (tombstone) deletes the key. YAML: an item of the top-level `tables:` list.
public struct TableSettings: Sendable, Equatable {
    /// `name`: how pipelines refer to the table.
    public var name: String
    /// `topic`: the changelog/compacted topic holding the table.
    public var topic: String
    /// `key_field`: JSON field of the value holding the table key; absent means the Kafka record key.
    public var keyField: String?
    /// `global`: every instance holds the whole table (small reference data such as stores).
    /// Non-global tables are also read whole by each instance for now (documented limitation),
    /// which is correct but uses memory proportional to the table.
    public var global: Bool
    public var location: ConfigLocation

    public init(name: String, topic: String, keyField: String? = nil, global: Bool = false, location: ConfigLocation) {
        self.name = name; self.topic = topic; self.keyField = keyField; self.global = global; self.location = location
    }
}

/// One lookup of a pipeline: YAML `join: [{table: profiles, on: customer_id, as: profile, required: false}]`.
public struct JoinSettings: Sendable, Equatable {
    public var table: String
    /// `on`: event field whose value is the table key; absent means the event key.
    public var on: String?
    /// `as`: the name under which the row's fields appear in the event (`{{profile.name}}`); default the table name.
    public var alias: String
    /// `required`: inner join: events without a row are skipped by this pipeline.
    public var required: Bool
    public var location: ConfigLocation

    public init(table: String, on: String? = nil, alias: String, required: Bool = false, location: ConfigLocation) {
        self.table = table; self.on = on; self.alias = alias; self.required = required; self.location = location
    }
}
