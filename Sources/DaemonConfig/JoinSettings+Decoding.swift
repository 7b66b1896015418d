extension JoinSettings {
    static let keys = ["table", "on", "as", "required"]
    /// Plausible names for a join's keys that are too far from the real ones for a spelling
    /// suggestion (`alias` is three edits from `as`), and `key_field`, which belongs to the table.
    static let misplacedKeys = [
        "alias": "the alias is written 'as'",
        "key_field": "the event field holding the table key is 'on'; key_field belongs in tables",
    ]
    static let aliasRule = "join aliases use only A-Z, a-z, 0-9 and '_' (the row's fields appear under the alias, "
        + "e.g. {{profile.name}})"

    /// A pipeline's `join:` list. Aliases are unique within the pipeline: a second row under the
    /// same name would replace the first in the event, so one of the lookups would be wasted.
    ///
    /// `declaredTables` is nil when the `tables:` section is itself broken; references are then
    /// not checked, rather than all reported as undeclared.
    static func decodeList(_ node: ConfigNode, path: String, declaredTables: [String]?,
                           _ diagnostics: inout DiagnosticCollector) -> [JoinSettings]? {
        guard let sequence = node.sequence(path, &diagnostics) else { return nil }
        var joins: [JoinSettings] = []
        var complete = true
        var firstAliasLocation: [String: ConfigLocation] = [:]
        for (index, item) in sequence.items.enumerated() {
            guard let join = decode(item, path: ConfigPath.item(path, index), declaredTables: declaredTables,
                                    &diagnostics) else {
                complete = false
                continue
            }
            // A defaulted alias is reported at the table name it defaulted to.
            let aliasLocation = item.valueLocation(of: "as") ?? item.valueLocation(of: "table") ?? join.location
            if let first = firstAliasLocation[join.alias] {
                diagnostics.error(aliasLocation, "duplicate join alias '\(join.alias)' in \(path) (first at "
                    + "\(first.line):\(first.column)); give each join its own 'as' (the default is the table name)")
                complete = false
            } else {
                firstAliasLocation[join.alias] = aliasLocation
            }
            joins.append(join)
        }
        return complete ? joins : nil
    }

    static func decode(_ node: ConfigNode, path: String, declaredTables: [String]?,
                       _ diagnostics: inout DiagnosticCollector) -> JoinSettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, misplacedKeys: misplacedKeys,
                                   diagnostics: &diagnostics)
        let table = reader.required("table", diagnostics: &diagnostics) { node, _, diagnostics in
            node.tableReference(path, declaredTables: declaredTables, &diagnostics)
        }
        let on = reader.optional("on", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
        let alias = reader.optional("as", diagnostics: &diagnostics) {
            $0.identifier($1, what: "join alias", rule: aliasRule, &$2)
        }
        let required = reader.optional("required", default: false, diagnostics: &diagnostics) { $0.bool($1, &$2) }
        // An invalid `as` (already reported) must not fall back to the table name: that would add
        // a bogus duplicate-alias error when the same table is joined twice.
        guard let table, alias != nil || reader.optional("as") == nil else { return nil }
        return JoinSettings(table: table, on: on, alias: alias ?? table, required: required,
                            location: mapping.location)
    }
}

extension ConfigNode {
    /// `join[i].table`: the name of a table declared under `tables:`, with a did-you-mean.
    /// `itemPath` is the join item's path, which reads better in the message than `….table`.
    func tableReference(_ itemPath: String, declaredTables: [String]?,
                        _ diagnostics: inout DiagnosticCollector) -> String? {
        guard let name = nonEmptyString(ConfigPath.child(itemPath, "table"), &diagnostics) else { return nil }
        guard let declaredTables, !declaredTables.contains(name) else { return name }
        let hint = declaredTables.isEmpty
            ? " (no tables are declared; add a top-level tables: list)"
            : Suggestion.hint(for: name, in: declaredTables)
        diagnostics.error(location, "table '\(name)' in \(itemPath) is not declared in tables\(hint)")
        return nil
    }
}
