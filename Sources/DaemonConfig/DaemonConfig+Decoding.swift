extension DaemonConfig {
    static let keys = ["kafka", "inputs", "output", "metrics", "state", "runtime", "watermark", "tables", "policies",
                       "identity", "pipelines"]

    /// Applies the schema to the whole document. Every section is checked even when an earlier
    /// one failed; a check that depends on another section (pipeline inputs against declared
    /// topics, joins against declared tables) is skipped only when that section is too broken
    /// to answer it, and reads it leniently otherwise (table topics against inputs and outputs).
    static func decode(_ root: ConfigNode, file: String, _ diagnostics: inout DiagnosticCollector) -> DaemonConfig? {
        guard case .mapping(let mapping) = root else {
            diagnostics.error(root.location, "expected a mapping at top level (kafka, inputs, output, state, "
                + "pipelines, ...), got \(root.kindDescription)")
            return nil
        }
        let reader = MappingReader(mapping, path: ConfigPath.root, knownKeys: keys, diagnostics: &diagnostics)
        let kafka = reader.required("kafka", diagnostics: &diagnostics) { KafkaSettings.decode($0, path: $1, &$2) }
        let inputs = reader.required("inputs", diagnostics: &diagnostics) { InputSettings.decodeList($0, path: $1, &$2) }
        let topics = DeclaredTopics(inputs: mapping["inputs"]?.value)
        let output = reader.required("output", diagnostics: &diagnostics) { node, path, diagnostics in
            OutputSettings.decode(node, path: path, inputTopics: topics.names, &diagnostics)
        }
        let metrics = reader.optional("metrics", default: MetricsSettings(), diagnostics: &diagnostics) {
            MetricsSettings.decode($0, path: $1, &$2)
        }
        let state = reader.required("state", diagnostics: &diagnostics) { StateSettings.decode($0, path: $1, &$2) }
        let runtime = reader.optional("runtime", default: RuntimeSettings(), diagnostics: &diagnostics) {
            RuntimeSettings.decode($0, path: $1, &$2)
        }
        let watermark = reader.optional("watermark", default: WatermarkSettings(), diagnostics: &diagnostics) {
            WatermarkSettings.decode($0, path: $1, &$2)
        }
        let reserved = ReservedTopic.all(inputs: topics.names, output: mapping["output"]?.value)
        let tables = reader.optional("tables", default: [], diagnostics: &diagnostics) { node, path, diagnostics in
            TableSettings.decodeList(node, path: path, reserved: reserved, &diagnostics)
        }
        let declaredTables = DeclaredTables(tables: mapping["tables"]?.value)
        let policies = reader.optional("policies", diagnostics: &diagnostics) { node, path, diagnostics in
            PolicySettings.decode(node, path: path, declaredTables: declaredTables,
                                  topics: PolicyTopicUses(inputs: topics.names, output: mapping["output"]?.value,
                                                          tables: mapping["tables"]?.value),
                                  &diagnostics)
        }
        let identity = reader.optional("identity", diagnostics: &diagnostics) { node, path, diagnostics in
            IdentitySettings.decode(node, path: path, declaredInputs: inputs, &diagnostics)
        }
        let pipelines = reader.required("pipelines", diagnostics: &diagnostics) { node, path, diagnostics in
            PipelineSettings.decodeList(node, path: path, declaredTopics: topics.isComplete ? topics.names : nil,
                                        declaredTables: declaredTables.isComplete ? declaredTables.names : nil,
                                        &diagnostics)
        }
        guard let kafka, let inputs, let output, let state, let pipelines else { return nil }
        var config = DaemonConfig(kafka: kafka, inputs: inputs, output: output, metrics: metrics, state: state,
                                  runtime: runtime, pipelines: pipelines, file: file)
        config.watermark = watermark
        config.tables = tables
        config.policies = policies
        config.identity = identity
        return config
    }
}
