extension PipelineSettings {
    static let keys = ["name", "kind", "trigger", "inputs", "where", "action"]
    static let nameRule = "pipeline names use only A-Z, a-z, 0-9, '_', '.' and '-'"

    /// The `pipelines:` list: at least one pipeline, names unique (they key state and metrics).
    ///
    /// `declaredTopics` is nil when the `inputs:` section is itself broken; references are then
    /// not checked, rather than all reported as undeclared.
    static func decodeList(_ node: ConfigNode, path: String, declaredTopics: [String]?,
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
            guard let pipeline = decode(item, path: itemPath, declaredTopics: declaredTopics, &diagnostics) else {
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

    static func decode(_ node: ConfigNode, path: String, declaredTopics: [String]?,
                       _ diagnostics: inout DiagnosticCollector) -> PipelineSettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let name = reader.required("name", diagnostics: &diagnostics) { $0.pipelineName($1, &$2) }
        let kind = reader.optional("kind", default: Kind.filter, diagnostics: &diagnostics) { $0.choice($1, &$2) }
        let trigger = reader.optional("trigger", diagnostics: &diagnostics) { $0.nonEmptyString($1, &$2) }
        let inputs = decodeInputs(reader, declaredTopics: declaredTopics, &diagnostics)
        let predicates = reader.optional("where", default: [], diagnostics: &diagnostics) { node, path, diagnostics in
            PredicateSettings.decodeList(node, path: path, &diagnostics)
        }
        let action = reader.required("action", diagnostics: &diagnostics) { node, path, diagnostics in
            ActionSettings.decode(node, path: path, &diagnostics)
        }
        guard let name, let inputs, let action else { return nil }
        return PipelineSettings(name: name, kind: kind, trigger: trigger ?? name, inputs: inputs,
                                predicates: predicates, action: action, location: mapping.location)
    }

    /// The pipeline's `inputs:`; each must name a declared input topic, reported at that item.
    /// Absent means every input, so an explicit empty list is rejected as almost surely a mistake.
    private static func decodeInputs(_ reader: MappingReader, declaredTopics: [String]?,
                                     _ diagnostics: inout DiagnosticCollector) -> [String]? {
        let path = reader.path("inputs")
        guard let entry = reader.optional("inputs") else { return [] }
        guard let sequence = entry.value.sequence(path, &diagnostics) else { return nil }
        guard !sequence.items.isEmpty else {
            diagnostics.error(sequence.location, "\(path) must not be empty; omit it to read every input")
            return nil
        }
        var topics: [String] = []
        var valid = true
        for (index, item) in sequence.items.enumerated() {
            let itemPath = ConfigPath.item(path, index)
            guard let topic = item.topicName(itemPath, &diagnostics) else {
                valid = false
                continue
            }
            if let declaredTopics, !declaredTopics.contains(topic) {
                diagnostics.error(item.location, "topic '\(topic)' in \(itemPath) is not declared in inputs"
                    + Suggestion.hint(for: topic, in: declaredTopics))
                valid = false
            } else if topics.contains(topic) {
                diagnostics.error(item.location, "topic '\(topic)' is listed twice in \(path)")
                valid = false
            }
            topics.append(topic)
        }
        return valid ? topics : nil
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
