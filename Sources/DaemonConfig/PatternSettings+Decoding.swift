extension PatternSettings {
    /// The pattern keys, which sit directly in the pipeline mapping; `PipelineSettings.Kind.keys`
    /// says which kind uses which.
    static let keys = ["start", "then", "cancel", "within", "deadline_field", "count", "field", "baseline_field",
                       "min_change", "cooldown", "distinct_by", "same"]

    /// Reads the pattern keys of one pipeline. Nil for the non-pattern kinds, and when the kind
    /// itself is invalid (the values are still checked then; see `DependentKeyReader`).
    static func decode(_ keys: inout DependentKeyReader, kind: PipelineSettings.Kind?,
                       _ diagnostics: inout DiagnosticCollector) -> PatternSettings? {
        if let kind, !kind.isPattern { return nil }
        let start = keys.value("start", &diagnostics) { node, path, diagnostics in
            PredicateSettings.decodeNonEmptyList(node, path: path, ifEmpty: "it would match every event", &diagnostics)
        }
        let then = keys.value("then", &diagnostics) { node, path, diagnostics in
            PredicateSettings.decodeNonEmptyList(node, path: path, ifEmpty: "it would match every event", &diagnostics)
        }
        let cancel = keys.value("cancel", &diagnostics) { node, path, diagnostics in
            PredicateSettings.decodeNonEmptyList(node, path: path, ifEmpty: "omit cancel if nothing cancels a match",
                                                 &diagnostics)
        }
        let within = keys.value("within", &diagnostics) { $0.duration($1, &$2) }
        let deadlineField = keys.value("deadline_field", &diagnostics) { $0.fieldPath($1, &$2) }
        let count = keys.value("count", &diagnostics) { $0.integer($1, minimum: 1, &$2) }
        let field = keys.value("field", &diagnostics) { $0.fieldPath($1, &$2) }
        let baselineField = keys.value("baseline_field", &diagnostics) { $0.fieldPath($1, &$2) }
        let minChange = keys.value("min_change", &diagnostics) { $0.minChange($1, &$2) }
        let cooldown = keys.value("cooldown", &diagnostics) { $0.duration($1, &$2) }
        let distinctBy = keys.value("distinct_by", &diagnostics) { $0.fieldPath($1, &$2) }
        let same = keys.value("same", &diagnostics) { $0.sameFields($1, &$2) }
        if kind == .absence { checkHorizon(&keys, &diagnostics) }
        guard keys.isComplete else { return nil }
        var settings = PatternSettings(start: start ?? [], then: then ?? [], cancel: cancel ?? [], withinMs: within,
                                       deadlineField: deadlineField, count: count, field: field,
                                       baselineField: baselineField, minChange: minChange, cooldownMs: cooldown,
                                       distinctBy: distinctBy, location: keys.reader.mapping.location)
        settings.same = same ?? []
        return settings
    }

    /// Absence needs exactly one horizon: a fixed `within`, or a per-event `deadline_field`
    /// (a promised delivery time). With both, which one wins would be a silent guess.
    private static func checkHorizon(_ keys: inout DependentKeyReader, _ diagnostics: inout DiagnosticCollector) {
        let reader = keys.reader
        switch (reader.optional("within"), reader.optional("deadline_field")) {
        case let (within?, deadline?):
            let isWithinLater = (within.keyLocation.line, within.keyLocation.column)
                > (deadline.keyLocation.line, deadline.keyLocation.column)
            let later = isWithinLater ? within : deadline
            diagnostics.error(later.keyLocation, "kind absence takes either 'within' or 'deadline_field', not both, "
                + "in \(reader.path)")
            keys.markIncomplete()
        case (nil, nil):
            // A misspelt `withn` was already reported with a suggestion; that fix covers this too.
            if reader.suggestedKeys.isDisjoint(with: ["within", "deadline_field"]) {
                diagnostics.error(reader.mapping.location, "missing required key 'within' or 'deadline_field' "
                    + "\(ConfigPath.scope(reader.path)) (kind absence needs exactly one of them)")
            }
            keys.markIncomplete()
        default:
            break
        }
    }
}

extension ConfigNode {
    /// `same` (followed_by): a non-empty list of distinct field paths. An empty list would
    /// correlate nothing, which is what leaving the key out already says.
    func sameFields(_ path: String, _ diagnostics: inout DiagnosticCollector) -> [String]? {
        guard let sequence = sequence(path, &diagnostics) else { return nil }
        guard !sequence.items.isEmpty else {
            diagnostics.error(sequence.location, "\(path) must not be empty; omit it to match any pending start")
            return nil
        }
        var fields: [String] = []
        for (index, item) in sequence.items.enumerated() {
            guard let field = item.fieldPath(ConfigPath.item(path, index), &diagnostics) else { continue }
            if fields.contains(field) {
                diagnostics.error(item.location, "\(path) lists '\(field)' twice")
                continue
            }
            fields.append(field)
        }
        return fields.count == sequence.items.count ? fields : nil
    }

    /// `min_change`: a positive number, or a duration for time fields (`15m`), compared in ms.
    /// Accepting both lets a flight-delay rule read naturally instead of as `900000`.
    func minChange(_ path: String, _ diagnostics: inout DiagnosticCollector) -> Double? {
        let expected = "a number or a duration such as 15m"
        guard let scalar = scalar(expecting: expected, path, &diagnostics) else { return nil }
        let value: Double
        switch scalar.value {
        case .int(let int): value = Double(int)
        case .double(let double): value = double
        case .string(let text):
            guard let milliseconds = DurationParser.milliseconds(text) else {
                diagnostics.error(location, "invalid duration '\(text)' for \(path) \(DurationParser.examples); "
                    + "a plain number is also accepted")
                return nil
            }
            value = Double(milliseconds)
        default:
            return mismatch(expecting: expected, path, &diagnostics)
        }
        // `.inf` and `.nan` are YAML numbers, but no change ever reaches them.
        guard value.isFinite, value > 0 else {
            diagnostics.error(location, "\(path) must be a finite number greater than zero, got '\(scalar.text)'")
            return nil
        }
        return value
    }
}
