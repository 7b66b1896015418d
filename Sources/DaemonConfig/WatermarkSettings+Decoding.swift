extension WatermarkSettings {
    static let keys = ["max_out_of_orderness", "idle_timeout"]

    /// The optional top-level `watermark:` section; absent or null means all defaults.
    ///
    /// `max_out_of_orderness` may be zero (events are known to arrive in order, so windows close
    /// as soon as time passes them); `idle_timeout` may not, since a zero timeout would declare
    /// every partition idle between two events and let the wall clock overtake event time.
    static func decode(_ node: ConfigNode, path: String, _ diagnostics: inout DiagnosticCollector) -> WatermarkSettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let defaults = WatermarkSettings()
        let bound = reader.optional("max_out_of_orderness", default: defaults.maxOutOfOrdernessMs,
                                    diagnostics: &diagnostics) { $0.duration($1, allowZero: true, &$2) }
        let idle = reader.optional("idle_timeout", default: defaults.idleTimeoutMs, diagnostics: &diagnostics) {
            $0.duration($1, &$2)
        }
        return WatermarkSettings(maxOutOfOrdernessMs: bound, idleTimeoutMs: idle)
    }
}
