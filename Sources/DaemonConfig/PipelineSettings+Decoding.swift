extension PipelineSettings {
    /// Keys every kind takes, then the kind-specific ones (see `Kind.keys`), all known here so a
    /// typo gets a suggestion whatever the kind.
    static let keys = ["name", "kind", "trigger", "category", "inputs", "where", "join", "rekey_by", "action"]
        + Kind.dependentKeys
    /// Keys of `window:` written directly in the pipeline: a likely slip, worth a pointer. Not
    /// `type`, which at this level more likely means an event field (a predicate in the wrong place).
    ///
    /// Likewise a join's `table` written directly in the pipeline, or a `tables:` list nested in it.
    static let misplacedKeys = Dictionary(uniqueKeysWithValues: WindowSettings.keys.filter { $0 != "type" }.map {
        ($0, "window settings go inside window:")
    }).merging([
        "table": "tables are joined with join: [{table: ...}]",
        "tables": "tables are declared at top level and joined with join:",
    ]) { window, _ in window }
    static let nameRule = "pipeline names use only A-Z, a-z, 0-9, '_', '.' and '-'"

    /// The `pipelines:` list: at least one pipeline, names unique (they key state and metrics).
    ///
    /// `declaredTopics` (`declaredTables`) is nil when the `inputs:` (`tables:`) section is itself
    /// broken; references are then not checked, rather than all reported as undeclared.
    static func decodeList(_ node: ConfigNode, path: String, declaredTopics: [String]?, declaredTables: [String]?,
                           _ diagnostics: inout DiagnosticCollector) -> [PipelineSettings]? {
        guard let sequence = node.sequence(path, &diagnostics) else { return nil }
        guard !sequence.items.isEmpty else {
            diagnostics.error(sequence.location, "\(path) must not be empty; define at least one pipeline")
            return nil
        }
        var pipelines: [PipelineSettings] = []
        var complete = true
        var firstNameLocation: [String: ConfigLocation] = [:]
        for (index, item) in sequence.items.enumerated() {
            let itemPath = ConfigPath.item(path, index)
            guard let pipeline = decode(item, path: itemPath, declaredTopics: declaredTopics,
                                        declaredTables: declaredTables, &diagnostics) else {
                complete = false
                continue
            }
            let nameLocation = item.valueLocation(of: "name") ?? pipeline.location
            if let first = firstNameLocation[pipeline.name] {
                diagnostics.error(nameLocation, "duplicate pipeline name '\(pipeline.name)' (first defined at "
                    + "\(first.line):\(first.column)); pipeline names must be unique")
                complete = false
            } else {
                firstNameLocation[pipeline.name] = nameLocation
            }
            pipelines.append(pipeline)
        }
        return complete ? pipelines : nil
    }

    static func decode(_ node: ConfigNode, path: String, declaredTopics: [String]?, declaredTables: [String]?,
                       _ diagnostics: inout DiagnosticCollector) -> PipelineSettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, misplacedKeys: misplacedKeys,
                                   diagnostics: &diagnostics)
        let name = reader.required("name", diagnostics: &diagnostics) { $0.pipelineName($1, &$2) }
        // An invalid kind stays nil rather than falling back to filter: the fallback would turn
        // every kind-specific key into a "does not apply" error on top of the one typo.
        let kindEntry = reader.optional("kind")
        let kind: Kind?
        if let kindEntry {
            kind = kindEntry.value.choice(reader.path("kind"), &diagnostics)
        } else {
            kind = .filter
        }
        var kindKeys = DependentKeyReader(reader, choice: kind.map { "kind \($0.rawValue)" },
                                          dependentKeys: Kind.dependentKeys, accepted: kind?.keys ?? [],
                                          required: kind?.requiredKeys ?? [], usedBy: Kind.usedBy,
                                          note: kindEntry == nil ? "; kind defaults to filter" : "",
                                          diagnostics: &diagnostics)
        let pattern = PatternSettings.decode(&kindKeys, kind: kind, &diagnostics)
        let window = WindowSettings.decode(&kindKeys, kind: kind, &diagnostics)
        let fanOut = FanOutSettings.decode(&kindKeys, kind: kind, &diagnostics)
        let lapse = LapseSettings.decode(&kindKeys, kind: kind, &diagnostics)
        let distinct = DistinctSettings.decode(&kindKeys, kind: kind, &diagnostics)
        let trigger = reader.optional("trigger", diagnostics: &diagnostics) { $0.nonEmptyString($1, &$2) }
        let inputs = reader.inputTopicList(declaredTopics: declaredTopics, omitHint: "omit it to read every input", &diagnostics)
        let predicates = reader.optional("where", default: [], diagnostics: &diagnostics) { node, path, diagnostics in
            PredicateSettings.decodeList(node, path: path, &diagnostics)
        }
        // Joins and re-keying work the same for every kind, so they are plain keys, not kind keys.
        var joins: [JoinSettings]? = []
        if let entry = reader.optional("join") {
            joins = JoinSettings.decodeList(entry.value, path: reader.path("join"), declaredTables: declaredTables,
                                            &diagnostics)
        }
        let rekeyBy = reader.optional("rekey_by", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
        // Read whether or not `policies:` is present: a pipeline may be categorised ahead of
        // switching the policies on, and a typo in the value is reported either way.
        let category: Category = reader.optional("category", default: .transactional, diagnostics: &diagnostics) {
            $0.choice($1, &$2)
        }
        let action = reader.required("action", diagnostics: &diagnostics) { node, path, diagnostics in
            ActionSettings.decode(node, path: path, &diagnostics)
        }
        guard let name, let kind, let inputs, let joins, let action, kindKeys.isComplete else { return nil }
        var pipeline = PipelineSettings(name: name, kind: kind, trigger: trigger ?? name, inputs: inputs,
                                        predicates: predicates, action: action, pattern: pattern, window: window,
                                        location: mapping.location)
        pipeline.joins = joins
        pipeline.rekeyBy = rekeyBy
        pipeline.fanOut = fanOut
        pipeline.lapse = lapse
        pipeline.distinct = distinct
        pipeline.category = category
        return pipeline
    }
}

extension ConfigNode {
    func pipelineName(_ path: String, _ diagnostics: inout DiagnosticCollector) -> String? {
        guard let name = nonEmptyString(path, &diagnostics) else { return nil }
        let isValid = name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "_", ".", "-": true
            default: false
            }
        }
        guard isValid else {
            diagnostics.error(location, "invalid pipeline name '\(name)' for \(path); \(PipelineSettings.nameRule)")
            return nil
        }
        return name
    }
}

extension DistinctSettings {
    /// The filter's kind keys; `distinct_by` is shared with threshold (listed in `PatternSettings.keys`).
    static let keys = ["distinct_by", "distinct_within"]
    /// The keys no other kind uses.
    static let ownKeys = ["distinct_within"]

    /// Reads `distinct_by` / `distinct_within` of a filter; nil for other kinds and without
    /// `distinct_by`. `distinct_within` alone is an error: it would silently deduplicate nothing.
    static func decode(_ keys: inout DependentKeyReader, kind: PipelineSettings.Kind?,
                       _ diagnostics: inout DiagnosticCollector) -> DistinctSettings? {
        guard kind == .filter || kind == nil else { return nil }
        // With an invalid kind, `PatternSettings` already checked `distinct_by`; check the rest.
        let field = kind == nil ? nil : keys.value("distinct_by", &diagnostics) { $0.fieldPath($1, &$2) }
        let within = keys.value("distinct_within", &diagnostics) { $0.duration($1, &$2) }
        let reader = keys.reader
        guard kind != nil else { return nil }
        if (field == nil && reader.optional("distinct_by") != nil)
            || (within == nil && reader.optional("distinct_within") != nil) {
            keys.markIncomplete() // reported where it is
            return nil
        }
        guard let field else {
            if let entry = reader.optional("distinct_within") {
                diagnostics.error(entry.keyLocation, "'distinct_within' needs distinct_by (the field that identifies "
                    + "a record across re-sends, e.g. distinct_by: order_id)")
                keys.markIncomplete()
            }
            return nil
        }
        return DistinctSettings(field: field, withinMs: within ?? defaultWithinMs)
    }
}
