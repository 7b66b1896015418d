extension LapseSettings {
    /// The lapse keys that no other kind uses (`cancel` and `cooldown` are the pattern kinds'
    /// keys, shared); `PipelineSettings.Kind.keys` says which kind uses which.
    static let keys = ["deadline", "activity", "started_when", "quiet_for", "lead"]
    static let deadlineKeys = ["when", "field"]

    /// Reads the lapse keys of one pipeline; nil for other kinds (and an invalid kind).
    static func decode(_ keys: inout DependentKeyReader, kind: PipelineSettings.Kind?,
                       _ diagnostics: inout DiagnosticCollector) -> LapseSettings? {
        guard kind == .lapse else { return nil }
        let deadline = keys.value("deadline", &diagnostics) { decodeDeadline($0, path: $1, &$2) }
        let activity = keys.value("activity", &diagnostics) { node, path, diagnostics in
            PredicateSettings.decodeNonEmptyList(node, path: path, ifEmpty: "every event would count as activity",
                                                 &diagnostics)
        }
        let started = keys.value("started_when", &diagnostics) { node, path, diagnostics in
            PredicateSettings.decodeNonEmptyList(node, path: path, ifEmpty: "omit started_when if nothing starts the quiet period",
                                                 &diagnostics)
        }
        let quiet = keys.value("quiet_for", &diagnostics) { $0.duration($1, &$2) }
        let lead = keys.value("lead", &diagnostics) { $0.duration($1, &$2) }
        let cancel = keys.value("cancel", &diagnostics) { node, path, diagnostics in
            PredicateSettings.decodeNonEmptyList(node, path: path, ifEmpty: "omit cancel if nothing cancels", &diagnostics)
        }
        let cooldown = keys.value("cooldown", &diagnostics) { $0.duration($1, &$2) }
        // An invalid optional key makes the pipeline invalid too (it was reported where it is).
        let reader = keys.reader
        let optionalInvalid = (started == nil && reader.optional("started_when") != nil)
            || (cancel == nil && reader.optional("cancel") != nil) || (cooldown == nil && reader.optional("cooldown") != nil)
        guard keys.isComplete, !optionalInvalid, let deadline, let activity, let quiet, let lead else { return nil }
        return LapseSettings(deadlineWhen: deadline.when, deadlineField: deadline.field, activity: activity,
                             startedWhen: started ?? [], quietMs: quiet, leadMs: lead, cancel: cancel ?? [],
                             cooldownMs: cooldown, location: reader.mapping.location)
    }

    /// `deadline: {when: [predicates], field: expires_at}`; unknown keys get a did-you-mean.
    private static func decodeDeadline(_ node: ConfigNode, path: String,
                                       _ diagnostics: inout DiagnosticCollector) -> (when: [PredicateSettings], field: String)? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: deadlineKeys, diagnostics: &diagnostics)
        let when = reader.required("when", diagnostics: &diagnostics) { node, path, diagnostics in
            PredicateSettings.decodeNonEmptyList(node, path: path, ifEmpty: "every event would set the deadline", &diagnostics)
        }
        let field = reader.required("field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
        let unknown = mapping.entries.contains { !deadlineKeys.contains($0.key) }
        guard !unknown, let when, let field else { return nil }
        return (when, field)
    }
}
