extension RuntimeSettings {
    static let keys = ["shutdown_timeout", "commit_interval", "max_in_flight"]

    /// The optional `runtime:` section; absent or null means all defaults. Durations must be
    /// positive: a zero commit interval would spin, a zero shutdown timeout would drop in-flight work.
    static func decode(_ node: ConfigNode, path: String, _ diagnostics: inout DiagnosticCollector) -> RuntimeSettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let defaults = RuntimeSettings()
        let shutdown = reader.optional("shutdown_timeout", default: defaults.shutdownTimeoutMs, diagnostics: &diagnostics) {
            $0.duration($1, &$2)
        }
        let commit = reader.optional("commit_interval", default: defaults.commitIntervalMs, diagnostics: &diagnostics) {
            $0.duration($1, &$2)
        }
        let inFlight = reader.optional("max_in_flight", default: defaults.maxInFlight, diagnostics: &diagnostics) {
            $0.integer($1, minimum: 1, &$2)
        }
        return RuntimeSettings(shutdownTimeoutMs: shutdown, commitIntervalMs: commit, maxInFlight: inFlight)
    }
}
