extension MetricsSettings {
    static let keys = ["interval"]

    /// The optional `metrics:` section; absent or null means all defaults.
    static func decode(_ node: ConfigNode, path: String, _ diagnostics: inout DiagnosticCollector) -> MetricsSettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let defaults = MetricsSettings()
        let interval = reader.optional("interval", default: defaults.intervalMs, diagnostics: &diagnostics) {
            $0.duration($1, &$2)
        }
        return MetricsSettings(intervalMs: interval)
    }
}
