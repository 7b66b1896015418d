extension TableSettings {
    static let keys = ["name", "topic", "key_field", "global"]
    /// Table names are the default join alias, so they follow the alias rule.
    static let nameRule = "table names use only A-Z, a-z, 0-9 and '_' (a join shows the row under the table's "
        + "name unless it sets 'as', e.g. {{profiles.tier}})"

    /// The optional top-level `tables:` list. Names are unique because joins refer to tables by
    /// name; topics are unique because the engine routes each table topic's records to exactly
    /// one table, so a second table on the same topic would silently stay empty.
    ///
    /// `reserved` are the topics the config already uses for something else (inputs, outputs).
    static func decodeList(_ node: ConfigNode, path: String, reserved: [ReservedTopic],
                           _ diagnostics: inout DiagnosticCollector) -> [TableSettings]? {
        guard let sequence = node.sequence(path, &diagnostics) else { return nil }
        var tables: [TableSettings] = []
        var complete = true
        var firstNameLocation: [String: ConfigLocation] = [:]
        var firstTopic: [String: (table: String, location: ConfigLocation)] = [:]
        for (index, item) in sequence.items.enumerated() {
            guard let table = decode(item, path: ConfigPath.item(path, index), reserved: reserved, &diagnostics) else {
                complete = false
                continue
            }
            let nameLocation = item.valueLocation(of: "name") ?? table.location
            if let first = firstNameLocation[table.name] {
                diagnostics.error(nameLocation, "duplicate table name '\(table.name)' (first defined at "
                    + "\(first.line):\(first.column)); table names must be unique")
                complete = false
            } else {
                firstNameLocation[table.name] = nameLocation
            }
            let topicLocation = item.valueLocation(of: "topic") ?? table.location
            if let first = firstTopic[table.topic] {
                diagnostics.error(topicLocation, "topic '\(table.topic)' is already the topic of table '\(first.table)' "
                    + "(at \(first.location.line):\(first.location.column)); each table needs its own topic")
                complete = false
            } else {
                firstTopic[table.topic] = (table.name, topicLocation)
            }
            tables.append(table)
        }
        return complete ? tables : nil
    }

    static func decode(_ node: ConfigNode, path: String, reserved: [ReservedTopic],
                       _ diagnostics: inout DiagnosticCollector) -> TableSettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let name = reader.required("name", diagnostics: &diagnostics) {
            $0.identifier($1, what: "table name", rule: nameRule, &$2)
        }
        var topic = reader.required("topic", diagnostics: &diagnostics) { $0.topicName($1, &$2) }
        if let taken = topic, let use = reserved.first(where: { $0.topic == taken }), let entry = mapping["topic"] {
            diagnostics.error(entry.value.location, "\(reader.path("topic")) '\(taken)' is also \(use.conflict)")
            topic = nil
        }
        let keyField = reader.optional("key_field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
        let global = reader.optional("global", default: false, diagnostics: &diagnostics) { $0.bool($1, &$2) }
        guard let name, let topic else { return nil }
        return TableSettings(name: name, topic: topic, keyField: keyField, global: global, location: mapping.location)
    }
}

/// A topic the config already uses for something else, which a table must not also read.
struct ReservedTopic {
    var topic: String
    /// Completes "tables[0].topic 'x' is also …": what the topic is, and why sharing it is wrong.
    var conflict: String

    /// Read leniently (like `DeclaredTopics`) from the raw sections, so a table clashing with
    /// the dead-letter topic is still reported when `output:` has an unrelated problem.
    static func all(inputs: [String], output: ConfigNode?) -> [ReservedTopic] {
        let inputTopics = inputs.map {
            ReservedTopic(topic: $0, conflict: "an input topic; a topic is either consumed as events or read as "
                + "a table, not both")
        }
        let outputTopics = [("actions_topic", "the actions topic"), ("dead_letter_topic", "the dead-letter topic")]
            .compactMap { key, role -> ReservedTopic? in
                DeclaredTopics.topic(item: output, key: key).map {
                    ReservedTopic(topic: $0, conflict: "\(role) (output.\(key)); the daemon writes there, so the "
                        + "table would fill with the daemon's own output")
                }
            }
        return inputTopics + outputTopics
    }
}

/// Table names declared under `tables:`, read leniently for the pipelines' `join:` checks.
///
/// A table whose topic is invalid still has a name that joins may use: its own error must not
/// turn every join naming it into a second, bogus "not declared" error.
struct DeclaredTables {
    var names: [String]
    /// False when some table's name is missing or invalid (or `tables:` is not a list), so
    /// "not declared" could be wrong.
    var isComplete: Bool

    init(tables node: ConfigNode?) {
        guard let node, !node.isNull else {
            // Absent (or null, which optional keys treat as absent): there are no tables.
            names = []
            isComplete = true
            return
        }
        guard case .sequence(let sequence) = node else {
            names = []
            isComplete = false
            return
        }
        names = sequence.items.compactMap { item in
            guard case .mapping(let mapping) = item, case .scalar(let name)? = mapping["name"]?.value,
                  !name.isUnresolved, name.value != .null, Identifier.isValid(name.text) else { return nil }
            return name.text
        }
        isComplete = names.count == sequence.items.count
    }
}
