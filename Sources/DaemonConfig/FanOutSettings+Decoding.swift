extension FanOutSettings {
    /// The fan_out keys that sit directly in the pipeline mapping (`cancel` is the pattern
    /// kinds' key, shared); `PipelineSettings.Kind.keys` says which kind uses which.
    static let keys = ["members", "fire", "final_when", "limit", "order", "nearby", "pace"]
    static let memberKeys = ["add_when", "remove_when", "id_field", "keep", "expire_after", "remove_when_notified"]
    static let fireKeys = ["change", "rises", "when"]

    /// Reads the fan_out keys of one pipeline; nil for other kinds (and an invalid kind).
    static func decode(_ keys: inout DependentKeyReader, kind: PipelineSettings.Kind?,
                       _ diagnostics: inout DiagnosticCollector) -> FanOutSettings? {
        guard kind == .fanOut else { return nil }
        let members = keys.value("members", &diagnostics) { decodeMembers($0, path: $1, &$2) }
        let fire = keys.value("fire", &diagnostics) { decodeFire($0, path: $1, &$2) }
        let finalWhen = keys.value("final_when", &diagnostics) { node, path, diagnostics in
            PredicateSettings.decodeNonEmptyList(node, path: path, ifEmpty: "it would end the key on every event",
                                                 &diagnostics)
        }
        let cancel = keys.value("cancel", &diagnostics) { node, path, diagnostics in
            PredicateSettings.decodeNonEmptyList(node, path: path, ifEmpty: "omit cancel if nothing cancels", &diagnostics)
        }
        let limit = keys.value("limit", &diagnostics) { node, path, diagnostics in
            readSection(node, path: path, keys: ["field", "factor"], &diagnostics) {
                (reader: MappingReader, diagnostics: inout DiagnosticCollector) -> Limit? in
                let field = reader.required("field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
                let factor = reader.required("factor", diagnostics: &diagnostics) { $0.positiveNumber($1, &$2) }
                guard let field, let factor else { return nil }
                return Limit(field: field, factor: factor)
            }
        }
        let order = keys.value("order", &diagnostics) { node, path, diagnostics in
            readSection(node, path: path, keys: ["prefer_member_field", "equals_event_field"], &diagnostics) {
                (reader: MappingReader, diagnostics: inout DiagnosticCollector) -> Order? in
                let member = reader.required("prefer_member_field", diagnostics: &diagnostics) { $0.nonEmptyString($1, &$2) }
                let event = reader.required("equals_event_field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
                guard let member, let event else { return nil }
                return Order(memberField: member, eventField: event)
            }
        }
        let nearby = keys.value("nearby", &diagnostics) { node, path, diagnostics in
            readSection(node, path: path, keys: ["event_field"], &diagnostics) { reader, diagnostics in
                reader.required("event_field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
            }
        }
        let pace = keys.value("pace", &diagnostics) { node, path, diagnostics in
            readSection(node, path: path, keys: ["per_minute"], &diagnostics) { reader, diagnostics in
                reader.required("per_minute", diagnostics: &diagnostics) { $0.integer($1, minimum: 1, &$2) }
            }
        }
        let reader = keys.reader
        var consistent = true
        func fail(_ key: String, _ message: String) {
            diagnostics.error(reader.mapping[key]?.keyLocation ?? reader.mapping.location, message)
            consistent = false
        }
        if let order, let members, !members.keep.contains(order.memberField) {
            fail("order", "order.prefer_member_field '\(order.memberField)' must be one of members.keep in \(reader.path) "
                + "(only kept fields are remembered)" + Suggestion.hint(for: order.memberField, in: members.keep))
        }
        if nearby != nil {
            if reader.optional("order") == nil {
                fail("nearby", "nearby needs order in \(reader.path): it compares the member's home store (order.prefer_member_field)")
            }
            var risesPerStore = false
            if case .rises(_, let per)? = fire, per != nil { risesPerStore = true }
            if fire != nil, !risesPerStore {
                fail("nearby", "nearby needs fire.rises with 'per' in \(reader.path): a home store is out only if its level is known")
            }
        }
        if case .mapping(let action)? = reader.mapping["action"]?.value, let entry = action["customer_field"] {
            diagnostics.error(entry.keyLocation, "customer_field does not apply to kind fan_out: each action goes to its "
                + "member (members.id_field)")
            consistent = false
        }
        guard keys.isComplete, consistent, let members, let fire else { return nil }
        return FanOutSettings(members: members, fire: fire, finalWhen: finalWhen ?? [], cancel: cancel ?? [],
                              limit: limit, order: order, nearbyField: nearby, pacePerMinute: pace,
                              location: reader.mapping.location)
    }

    private static func decodeMembers(_ node: ConfigNode, path: String, _ diagnostics: inout DiagnosticCollector) -> Members? {
        readSection(node, path: path, keys: memberKeys, &diagnostics) { reader, diagnostics in
            let add = reader.required("add_when", diagnostics: &diagnostics) { node, path, diagnostics in
                PredicateSettings.decodeNonEmptyList(node, path: path, ifEmpty: "every event would add a member", &diagnostics)
            }
            let remove = reader.optional("remove_when", default: [], diagnostics: &diagnostics) { node, path, diagnostics in
                PredicateSettings.decodeNonEmptyList(node, path: path, ifEmpty: "omit it if nothing removes a member",
                                                     &diagnostics)
            }
            let id = reader.required("id_field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
            let keep = reader.optional("keep", diagnostics: &diagnostics) { $0.fieldNames($1, &$2) }
            let expiry = reader.optional("expire_after", default: defaultExpiryMs, diagnostics: &diagnostics) {
                $0.duration($1, &$2)
            }
            let once = reader.optional("remove_when_notified", default: false, diagnostics: &diagnostics) { $0.bool($1, &$2) }
            // An invalid `keep` makes the members invalid, so `order` is not also judged against it.
            guard let add, let id, keep != nil || reader.optional("keep") == nil else { return nil }
            return Members(addWhen: add, removeWhen: remove, idField: id, keep: keep ?? [], expireAfterMs: expiry,
                           removeWhenNotified: once)
        }
    }

    private static func decodeFire(_ node: ConfigNode, path: String, _ diagnostics: inout DiagnosticCollector) -> Fire? {
        readSection(node, path: path, keys: fireKeys, &diagnostics) { reader, diagnostics in
            let present = reader.mapping.entries.filter { fireKeys.contains($0.key) }
            guard present.count == 1, let entry = present.first else {
                if present.count > 1 {
                    diagnostics.error(present[1].keyLocation, "\(path) takes exactly one of change, rises, when; found "
                        + present.map(\.key).joined(separator: ", "))
                } else if reader.suggestedKeys.isEmpty {
                    diagnostics.error(reader.mapping.location, "\(path) needs one of change, rises, when")
                }
                return nil
            }
            let entryPath = reader.path(entry.key)
            switch entry.key {
            case "change":
                return readSection(entry.value, path: entryPath, keys: ["field", "baseline_field", "min_change", "grows_only"],
                                   &diagnostics) { reader, diagnostics in
                    let field = reader.required("field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
                    let baseline = reader.required("baseline_field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
                    let minChange = reader.required("min_change", diagnostics: &diagnostics) { $0.minChange($1, &$2) }
                    let growsOnly = reader.optional("grows_only", default: true, diagnostics: &diagnostics) { $0.bool($1, &$2) }
                    guard let field, let baseline, let minChange else { return nil }
                    return .change(field: field, baselineField: baseline, minChange: minChange, growsOnly: growsOnly)
                }
            case "rises":
                return readSection(entry.value, path: entryPath, keys: ["field", "per"], &diagnostics) { reader, diagnostics in
                    let field = reader.required("field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
                    let per = reader.optional("per", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
                    return field.map { .rises(field: $0, per: per) }
                }
            default:
                return PredicateSettings.decodeNonEmptyList(entry.value, path: entryPath, ifEmpty: "every event would fire",
                                                            &diagnostics).map(Fire.when)
            }
        }
    }

    /// A nested mapping with its own keys (unknown ones get a did-you-mean), read by `read`.
    private static func readSection<T>(_ node: ConfigNode, path: String, keys: [String], _ diagnostics: inout DiagnosticCollector,
                                       _ read: (MappingReader, inout DiagnosticCollector) -> T?) -> T? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let unknown = mapping.entries.contains { !keys.contains($0.key) }
        let value = read(reader, &diagnostics)
        return unknown ? nil : value
    }
}

extension ConfigNode {
    /// A finite number greater than zero (an integer or a decimal).
    func positiveNumber(_ path: String, _ diagnostics: inout DiagnosticCollector) -> Double? {
        let expected = "a number greater than zero"
        guard let scalar = scalar(expecting: expected, path, &diagnostics) else { return nil }
        let value: Double
        switch scalar.value {
        case .int(let int): value = Double(int)
        case .double(let double): value = double
        default: return mismatch(expecting: expected, path, &diagnostics)
        }
        guard value.isFinite, value > 0 else {
            diagnostics.error(location, "\(path) must be a finite number greater than zero, got '\(scalar.text)'")
            return nil
        }
        return value
    }

    /// A list of top-level field names (no dots: they become keys of `{{member}}`), each once.
    func fieldNames(_ path: String, _ diagnostics: inout DiagnosticCollector) -> [String]? {
        guard let sequence = sequence(path, &diagnostics) else { return nil }
        var names: [String] = []
        var valid = true
        for (index, item) in sequence.items.enumerated() {
            let itemPath = ConfigPath.item(path, index)
            guard let name = item.fieldPath(itemPath, &diagnostics) else {
                valid = false
                continue
            }
            if name.contains(".") || name == "id" {
                diagnostics.error(item.location, "\(itemPath) must be a top-level field name other than 'id', got '\(name)'")
                valid = false
            } else if names.contains(name) {
                diagnostics.error(item.location, "field '\(name)' is listed twice in \(path)")
                valid = false
            }
            names.append(name)
        }
        return valid ? names : nil
    }
}
