/// Reads one mapping of the schema: rejects keys the schema does not know and hands out values.
///
/// Unknown keys are errors, not warnings: a misspelled optional key (`comit_interval`) would
/// otherwise be silently ignored and the default used, which is the hardest config bug to spot.
struct MappingReader {
    let mapping: MappingNode
    /// Path of the mapping itself, e.g. `pipelines[0].action`.
    let path: String
    /// Known keys that some unknown key looks like a misspelling of. A required key in this set
    /// is not also reported missing: fixing the typo fixes both, so one message is enough.
    private(set) var suggestedKeys: Set<String> = []

    /// `misplacedKeys` maps keys that belong somewhere else in the schema to a hint saying where
    /// (`aggregates` written inside `window:`); for those, the hint replaces the spelling suggestion,
    /// which could only point at an unrelated key of this mapping.
    init(_ mapping: MappingNode, path: String, knownKeys: [String], misplacedKeys: [String: String] = [:],
         diagnostics: inout DiagnosticCollector) {
        self.mapping = mapping
        self.path = path
        for entry in mapping.entries where !knownKeys.contains(entry.key) {
            let scope = ConfigPath.scope(path)
            if let whereItBelongs = misplacedKeys[entry.key] {
                diagnostics.error(entry.keyLocation, "unknown key '\(entry.key)' \(scope) (\(whereItBelongs))")
                continue
            }
            let suggestion = Suggestion.closest(to: entry.key, in: knownKeys)
            if let suggestion { suggestedKeys.insert(suggestion) }
            diagnostics.error(entry.keyLocation, "unknown key '\(entry.key)' \(scope)" + Suggestion.hint(suggestion))
        }
    }

    /// Path of a key in this mapping, for messages.
    func path(_ key: String) -> String { ConfigPath.child(path, key) }

    /// The entry for `key`, or nil if it is absent or null: an optional key set to null
    /// (`key_field:` or `${VAR:}`) means "not set", so the default applies.
    func optional(_ key: String) -> MappingNode.Entry? {
        guard let entry = mapping[key], !entry.value.isNull else { return nil }
        return entry
    }

    /// The entry for `key`, reporting it missing (at the mapping) when absent. A null value is
    /// returned so that the value reader reports it as the wrong type.
    func required(_ key: String, diagnostics: inout DiagnosticCollector, because reason: String = "") -> MappingNode.Entry? {
        guard let entry = mapping[key] else {
            if !suggestedKeys.contains(key) {
                diagnostics.error(mapping.location, "missing required key '\(key)' \(ConfigPath.scope(path))\(reason)")
            }
            return nil
        }
        return entry
    }

    /// Reads an optional key with `read`, falling back to `defaultValue` when it is absent, null
    /// or invalid (invalid values are diagnosed by `read`, so the fallback never hides them).
    func optional<T>(_ key: String, default defaultValue: T, diagnostics: inout DiagnosticCollector,
                     _ read: (ConfigNode, String, inout DiagnosticCollector) -> T?) -> T {
        guard let entry = optional(key) else { return defaultValue }
        return read(entry.value, path(key), &diagnostics) ?? defaultValue
    }

    /// Reads an optional key with `read`; nil when absent, null or invalid.
    func optional<T>(_ key: String, diagnostics: inout DiagnosticCollector,
                     _ read: (ConfigNode, String, inout DiagnosticCollector) -> T?) -> T? {
        guard let entry = optional(key) else { return nil }
        return read(entry.value, path(key), &diagnostics)
    }

    /// Reads a required key with `read`; nil (and diagnosed) when missing or invalid.
    func required<T>(_ key: String, diagnostics: inout DiagnosticCollector, because reason: String = "",
                     _ read: (ConfigNode, String, inout DiagnosticCollector) -> T?) -> T? {
        guard let entry = required(key, diagnostics: &diagnostics, because: reason) else { return nil }
        return read(entry.value, path(key), &diagnostics)
    }
}
