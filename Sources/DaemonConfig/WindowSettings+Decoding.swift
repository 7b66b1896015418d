extension WindowSettings {
    /// Keys inside `window:`: the window's shape and timing.
    static let keys = ["type", "size", "advance", "gap", "grace", "group_by", "early_every"]
    /// Keys of `kind: window` that sit in the pipeline mapping, beside `window:`. What is computed
    /// (`aggregates`) and when it is emitted (`having`) are kept apart from the window's shape,
    /// at the same level as `where:`, so a pipeline reads top-down: filter, window, compute, test.
    static let pipelineKeys = ["window", "aggregates", "having"]
    /// The window type's keys that depend on the type.
    static let typeDependentKeys = ["size", "advance", "gap"]
    /// Fields every window result already has; an aggregate of the same name would shadow them.
    static let reservedNames = ["key", "window_start", "window_end"]
    static let nameRule = "aggregate names use only A-Z, a-z, 0-9 and '_' (they become fields of the result)"

    /// Reads `window`, `aggregates` and `having` of one pipeline. Nil for the other kinds, and
    /// when the kind itself is invalid (the values are still checked then).
    static func decode(_ keys: inout DependentKeyReader, kind: PipelineSettings.Kind?,
                       _ diagnostics: inout DiagnosticCollector) -> WindowSettings? {
        if let kind, kind != .window { return nil }
        let pipelinePath = keys.reader.path
        let shape = keys.value("window", &diagnostics) { node, path, diagnostics in
            Shape.decode(node, path: path, pipelinePath: pipelinePath, &diagnostics)
        }
        // `aggregates` written inside `window:` is reported there as misplaced; reporting it
        // missing here as well would only repeat that one mistake.
        let aggregates: [Aggregate]?
        if keys.reader.mapping["aggregates"] == nil,
           case .mapping(let window)? = keys.reader.optional("window")?.value, window["aggregates"] != nil {
            keys.markIncomplete()
            aggregates = nil
        } else {
            aggregates = keys.value("aggregates", &diagnostics) { decodeAggregates($0, path: $1, &$2) }
        }
        // Names are the mapping's keys, known even when some function is invalid; `having` is
        // checked against them unless `aggregates` is not a mapping at all.
        var aggregateNames: [String]?
        if case .mapping(let mapping)? = keys.reader.optional("aggregates")?.value {
            aggregateNames = mapping.entries.map(\.key)
        }
        let having = keys.value("having", &diagnostics) { node, path, diagnostics in
            decodeHaving(node, path: path, aggregateNames: aggregateNames, &diagnostics)
        }
        guard keys.isComplete, let shape, let aggregates else { return nil }
        return WindowSettings(type: shape.type, sizeMs: shape.sizeMs, advanceMs: shape.advanceMs, gapMs: shape.gapMs,
                              graceMs: shape.graceMs, groupBy: shape.groupBy, aggregates: aggregates,
                              earlyEveryMs: shape.earlyEveryMs, having: having ?? [],
                              location: keys.reader.mapping.location)
    }

    /// The contents of `window:`.
    private struct Shape {
        var type: WindowType
        var sizeMs: Int64?
        var advanceMs: Int64?
        var gapMs: Int64?
        var graceMs: Int64
        var groupBy: String?
        var earlyEveryMs: Int64?

        static func decode(_ node: ConfigNode, path: String, pipelinePath: String,
                           _ diagnostics: inout DiagnosticCollector) -> Shape? {
            guard let mapping = node.mapping(path, &diagnostics) else { return nil }
            let beside = "it goes beside window:, directly in \(pipelinePath)"
            let reader = MappingReader(mapping, path: path, knownKeys: WindowSettings.keys,
                                       misplacedKeys: ["aggregates": beside, "having": beside], diagnostics: &diagnostics)
            let type = reader.required("type", diagnostics: &diagnostics) { node, path, diagnostics -> WindowType? in
                node.choice(path, &diagnostics)
            }
            var keys = DependentKeyReader(reader, choice: type.map { "window type \($0.rawValue)" },
                                          dependentKeys: WindowSettings.typeDependentKeys,
                                          accepted: type?.keys ?? [], required: type?.keys ?? [],
                                          usedBy: WindowType.usedBy, diagnostics: &diagnostics)
            let size = keys.value("size", &diagnostics) { $0.duration($1, &$2) }
            let advance = keys.value("advance", &diagnostics) { $0.duration($1, &$2) }
            let gap = keys.value("gap", &diagnostics) { $0.duration($1, &$2) }
            let grace = reader.optional("grace", default: 0, diagnostics: &diagnostics) {
                $0.duration($1, allowZero: true, &$2)
            }
            let groupBy = reader.optional("group_by", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
            let earlyEvery = reader.optional("early_every", diagnostics: &diagnostics) { $0.duration($1, &$2) }
            if type == .hopping, let size, let advance, let entry = reader.optional("advance") {
                checkHop(size: size, advance: advance, at: entry.value, reader: reader, &diagnostics)
            }
            guard let type, keys.isComplete else { return nil }
            return Shape(type: type, sizeMs: size, advanceMs: advance, gapMs: gap, graceMs: grace, groupBy: groupBy,
                         earlyEveryMs: earlyEvery)
        }

        /// A hopping window that advances by more than its size would skip events between
        /// windows; one whose size is not a multiple of the advance would make each event land
        /// in a varying number of windows. Both are reported at `advance`.
        private static func checkHop(size: Int64, advance: Int64, at node: ConfigNode, reader: MappingReader,
                                     _ diagnostics: inout DiagnosticCollector) {
            let sizeText = reader.mapping["size"]?.value.writtenText ?? "\(size)ms"
            let advanceText = node.writtenText ?? "\(advance)ms"
            let path = reader.path("advance")
            if advance > size {
                diagnostics.error(node.location, "\(path) (\(advanceText)) must not be larger than size (\(sizeText)); "
                    + "events between windows would be skipped")
            } else if size % advance != 0 {
                diagnostics.error(node.location, "size (\(sizeText)) must be a multiple of \(path) (\(advanceText)), "
                    + "so that every event falls into the same number of windows")
            }
        }
    }

    /// `aggregates:`, a mapping from result name to function: `views: count`, `spend: {sum: amount}`.
    ///
    /// A mapping (not a list) makes names unique by construction: a repeated name is a duplicate
    /// key, reported by the tree builder at the second one.
    static func decodeAggregates(_ node: ConfigNode, path: String, _ diagnostics: inout DiagnosticCollector) -> [Aggregate]? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        guard !mapping.entries.isEmpty else {
            diagnostics.error(mapping.location, "\(path) must not be empty; define at least one aggregate, "
                + "e.g. views: count")
            return nil
        }
        var aggregates: [Aggregate] = []
        var complete = true
        for entry in mapping.entries {
            let aggregatePath = ConfigPath.child(path, entry.key)
            let nameIsValid = checkName(entry, path: aggregatePath, &diagnostics)
            let decoded = decodeFunction(entry.value, name: entry.key, path: aggregatePath, &diagnostics)
            guard let (function, field) = decoded, nameIsValid else {
                complete = false
                continue
            }
            aggregates.append(Aggregate(name: entry.key, function: function, field: field, location: entry.keyLocation))
        }
        return complete ? aggregates : nil
    }

    /// Names become fields of the emitted result and are referenced from `having` and from
    /// templates (`{{views}}`), so they must be plain identifiers and must not shadow built-ins.
    private static func checkName(_ entry: MappingNode.Entry, path: String,
                                  _ diagnostics: inout DiagnosticCollector) -> Bool {
        guard Identifier.isValid(entry.key) else {
            diagnostics.error(entry.keyLocation, "invalid aggregate name '\(entry.key)' for \(path); \(nameRule)")
            return false
        }
        guard !reservedNames.contains(entry.key) else {
            diagnostics.error(entry.keyLocation, "aggregate name '\(entry.key)' is reserved: every window result "
                + "already has \(reservedNames.joined(separator: ", ")); choose another name")
            return false
        }
        return true
    }

    /// One aggregate's function. `count` is written bare because it has no field; every other
    /// function is a one-key mapping from function to field. Only one spelling per function, so
    /// configs look alike and a stray `{count: x}` (what would x mean?) is caught.
    private static func decodeFunction(_ node: ConfigNode, name: String, path: String,
                                       _ diagnostics: inout DiagnosticCollector) -> (Function, String?)? {
        let expected = "count, or a one-key mapping such as {sum: amount}"
        let functions = Function.allCases.map(\.rawValue)
        switch node {
        case .scalar(let scalar):
            guard !scalar.isUnresolved else { return nil }
            guard case .string(let text) = scalar.value else { return node.mismatch(expecting: expected, path, &diagnostics) }
            guard let function = Function(rawValue: text) else {
                diagnostics.error(node.location, "unknown aggregate function '\(text)' for \(path); expected \(expected) "
                    + "(functions: \(functions.joined(separator: ", ")))" + Suggestion.hint(for: text, in: functions))
                return nil
            }
            guard function == .count else {
                diagnostics.error(node.location, "\(text) needs a field for \(path); write {\(text): <field>}")
                return nil
            }
            return (.count, nil)
        case .mapping(let mapping):
            guard let first = mapping.entries.first else {
                return node.mismatch(expecting: expected, path, &diagnostics)
            }
            for extra in mapping.entries.dropFirst() {
                diagnostics.error(extra.keyLocation, "aggregate \(path) has a second function '\(extra.key)' after "
                    + "'\(first.key)'; give each function its own name")
            }
            guard let function = Function(rawValue: first.key) else {
                diagnostics.error(first.keyLocation, "unknown aggregate function '\(first.key)' for \(path); expected "
                    + functions.joined(separator: ", ") + Suggestion.hint(for: first.key, in: functions))
                return nil
            }
            guard function != .count else {
                diagnostics.error(first.keyLocation, "count takes no field in \(path); write '\(name): count'")
                return nil
            }
            let field = first.value.fieldPath(ConfigPath.child(path, first.key), &diagnostics)
            guard let field, mapping.entries.count == 1 else { return nil }
            return (function, field)
        case .sequence:
            return node.mismatch(expecting: expected, path, &diagnostics)
        }
    }

    /// `having:`, predicates on the results. Each field must name an aggregate of this pipeline:
    /// the event fields are gone by the time a window closes, so anything else could never match.
    /// Skipped (nil names) when `aggregates` is not even a mapping.
    private static func decodeHaving(_ node: ConfigNode, path: String, aggregateNames: [String]?,
                                     _ diagnostics: inout DiagnosticCollector) -> [PredicateSettings]? {
        guard let sequence = node.sequence(path, &diagnostics) else { return nil }
        var predicates: [PredicateSettings] = []
        for (index, item) in sequence.items.enumerated() {
            let itemPath = ConfigPath.item(path, index)
            guard let predicate = PredicateSettings.decode(item, path: itemPath, &diagnostics) else { continue }
            if let aggregateNames, !aggregateNames.contains(predicate.field) {
                let location = item.valueLocation(of: "field") ?? predicate.location
                diagnostics.error(location, "unknown aggregate '\(predicate.field)' in \(ConfigPath.child(itemPath, "field")); "
                    + "having tests the aggregates \(aggregateNames.joined(separator: ", "))"
                    + Suggestion.hint(for: predicate.field, in: aggregateNames))
                continue
            }
            predicates.append(predicate)
        }
        return predicates.count == sequence.items.count ? predicates : nil
    }
}

extension WindowSettings.WindowType {
    /// The type-dependent keys this type uses; each is also required.
    var keys: [String] {
        switch self {
        case .tumbling: ["size"]
        case .hopping: ["size", "advance"]
        case .session: ["gap"]
        }
    }

    static func usedBy(_ key: String) -> String {
        let types = allCases.filter { $0.keys.contains(key) }.map(\.rawValue)
        return (types.count == 1 ? "used by type " : "used by types ") + types.joined(separator: ", ")
    }
}

private extension ConfigNode {
    /// A scalar's text as written, to quote durations back in messages (`1m`, not `60000ms`).
    var writtenText: String? {
        guard case .scalar(let scalar) = self else { return nil }
        return scalar.text
    }
}
