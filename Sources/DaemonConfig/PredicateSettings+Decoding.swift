extension PredicateSettings {
    static let operatorKeys = Op.allCases.map(\.rawValue)
    static let keys = ["field"] + operatorKeys

    /// A pipeline's `where:` list; every predicate must hold for an event to match.
    static func decodeList(_ node: ConfigNode, path: String, _ diagnostics: inout DiagnosticCollector) -> [PredicateSettings]? {
        guard let sequence = node.sequence(path, &diagnostics) else { return nil }
        let predicates = sequence.items.enumerated().compactMap { index, item in
            decode(item, path: ConfigPath.item(path, index), &diagnostics)
        }
        return predicates.count == sequence.items.count ? predicates : nil
    }

    /// A list that must hold at least one predicate (a pattern's `start`, `then`, `cancel`): unlike
    /// `where:`, where an empty list harmlessly filters nothing, an empty event description would
    /// match (or cancel on) every event. `ifEmpty` says what that would mean for this key.
    static func decodeNonEmptyList(_ node: ConfigNode, path: String, ifEmpty consequence: String,
                                   _ diagnostics: inout DiagnosticCollector) -> [PredicateSettings]? {
        if case .sequence(let sequence) = node, sequence.items.isEmpty {
            diagnostics.error(sequence.location, "\(path) must not be empty; \(consequence)")
            return nil
        }
        return decodeList(node, path: path, &diagnostics)
    }

    /// One predicate: `field` plus exactly one operator key. One operator per map keeps the
    /// meaning obvious; `{field: x, gte: 1, lt: 5}` could be read as AND or as a mistake, so the
    /// user writes two predicates instead.
    static func decode(_ node: ConfigNode, path: String, _ diagnostics: inout DiagnosticCollector) -> PredicateSettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let field = reader.required("field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
        let operators = mapping.entries.filter { operatorKeys.contains($0.key) }
        guard let first = operators.first, let op = Op(rawValue: first.key) else {
            // An unknown key that looks like an operator was already reported with a suggestion.
            if reader.suggestedKeys.isDisjoint(with: operatorKeys) {
                diagnostics.error(mapping.location, "predicate \(path) needs exactly one operator: "
                    + operatorKeys.joined(separator: ", "))
            }
            return nil
        }
        for extra in operators.dropFirst() {
            diagnostics.error(extra.keyLocation, "predicate \(path) has a second operator '\(extra.key)' after "
                + "'\(first.key)'; a predicate takes exactly one operator, so split it into two predicates")
        }
        let operand = decodeOperand(of: op, first.value, path: reader.path(first.key), &diagnostics)
        guard let field, let operand, operators.count == 1 else { return nil }
        return PredicateSettings(field: field, op: op, operand: operand, location: mapping.location)
    }

    /// Checks the operand's shape against what the operator can compare; the engine can then
    /// trust the shape and only has to deal with the events' values.
    private static func decodeOperand(of op: Op, _ node: ConfigNode, path: String,
                                      _ diagnostics: inout DiagnosticCollector) -> ConfigValue? {
        switch op {
        case .equals, .notEquals:
            return node.operandScalar(path, &diagnostics)
        case .in, .notIn:
            guard let sequence = node.sequence(path, &diagnostics) else { return nil }
            guard !sequence.items.isEmpty else {
                diagnostics.error(sequence.location, "\(path) must not be empty; an empty list never matches")
                return nil
            }
            let values = sequence.items.enumerated().compactMap { index, item in
                item.operandScalar(ConfigPath.item(path, index), &diagnostics)
            }
            return values.count == sequence.items.count ? .list(values) : nil
        case .exists:
            return node.bool(path, &diagnostics).map(ConfigValue.bool)
        case .gt, .gte, .lt, .lte:
            guard let scalar = node.scalar(expecting: "a number", path, &diagnostics) else { return nil }
            switch scalar.value {
            case .int, .double: return scalar.value
            default: return node.mismatch(expecting: "a number", path, &diagnostics)
            }
        case .equalsField, .gtField, .gteField, .ltField, .lteField:
            // The other field's path, checked like `field` so a typo is caught at its place.
            return node.fieldPath(path, &diagnostics).map(ConfigValue.string)
        case .contains:
            guard let scalar = node.scalar(expecting: "a string", path, &diagnostics) else { return nil }
            guard case .string = scalar.value else { return node.mismatch(expecting: "a string", path, &diagnostics) }
            return scalar.value
        }
    }
}

extension ConfigNode {
    /// A scalar operand typed as YAML typed it (so `15` and `"15"` compare differently); null is
    /// allowed and means "the field is null".
    func operandScalar(_ path: String, _ diagnostics: inout DiagnosticCollector) -> ConfigValue? {
        switch self {
        case .scalar(let scalar): return scalar.isUnresolved ? nil : scalar.value
        default: return mismatch(expecting: "a scalar (string, number, boolean or null)", path, &diagnostics)
        }
    }
}
