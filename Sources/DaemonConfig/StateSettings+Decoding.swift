extension StateSettings {
    static let keys = ["dir", "erase_when", "cache_max_keys"]

    /// `state.dir` has no default on purpose: where durable state lives is an operational
    /// decision, and a silent default in the working directory is how state gets lost.
    static func decode(_ node: ConfigNode, path: String, _ diagnostics: inout DiagnosticCollector) -> StateSettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        guard let dir = reader.required("dir", diagnostics: &diagnostics, { $0.nonEmptyString($1, &$2) }) else { return nil }
        let erase = reader.optional("erase_when", default: [], diagnostics: &diagnostics) { node, path, diagnostics in
            PredicateSettings.decodeList(node, path: path, &diagnostics)
        }
        let cache = reader.optional("cache_max_keys", default: StateSettings(dir: dir).cacheMaxKeys, diagnostics: &diagnostics) {
            $0.integer($1, minimum: 1, &$2)
        }
        return StateSettings(dir: dir, erase: erase, cacheMaxKeys: cache)
    }
}
