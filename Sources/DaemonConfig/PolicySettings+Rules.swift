/// Decoding of the rule subsections of `policies:`: frequency caps, quiet hours, holdout and
/// attribution. Each reports its problems at the offending value and returns nil when unusable.
extension PolicySettings.FrequencyCap {
    static let keys = ["name", "limit", "days"]

    /// `frequency_caps:`; names must be unique because decisions and metrics name the cap.
    static func decodeList(_ node: ConfigNode, path: String,
                           _ diagnostics: inout DiagnosticCollector) -> [PolicySettings.FrequencyCap]? {
        guard let sequence = node.sequence(path, &diagnostics) else { return nil }
        var caps: [PolicySettings.FrequencyCap] = []
        var firstNameLocation: [String: ConfigLocation] = [:]
        for (index, item) in sequence.items.enumerated() {
            guard let cap = decode(item, path: ConfigPath.item(path, index), &diagnostics) else { continue }
            let nameLocation = item.valueLocation(of: "name") ?? cap.location
            if let first = firstNameLocation[cap.name] {
                diagnostics.error(nameLocation, "duplicate frequency cap name '\(cap.name)' (first defined at "
                    + "\(first.line):\(first.column)); decisions name the cap that was reached, so names must be unique")
                continue
            }
            firstNameLocation[cap.name] = nameLocation
            caps.append(cap)
        }
        return caps
    }

    static func decode(_ node: ConfigNode, path: String,
                       _ diagnostics: inout DiagnosticCollector) -> PolicySettings.FrequencyCap? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let name = reader.required("name", diagnostics: &diagnostics) { $0.nonEmptyString($1, &$2) }
        let limit = reader.required("limit", diagnostics: &diagnostics) { $0.integer($1, minimum: 0, &$2) }
        let days = reader.required("days", diagnostics: &diagnostics) { $0.integer($1, minimum: 1, &$2) }
        guard let name, let limit, let days else { return nil }
        return PolicySettings.FrequencyCap(name: name, limit: limit, days: days, location: mapping.location)
    }
}

extension PolicySettings.QuietHours {
    static let keys = ["from", "to", "transactional"]

    /// `quiet_hours: {from: "21:00", to: "08:00"}`; `from` after `to` crosses midnight, equal
    /// times are rejected (the period would be empty, which is never what was meant).
    static func decode(_ node: ConfigNode, path: String,
                       _ diagnostics: inout DiagnosticCollector) -> PolicySettings.QuietHours? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let from = reader.required("from", diagnostics: &diagnostics) { $0.clockTime($1, &$2) }
        let to = reader.required("to", diagnostics: &diagnostics) { $0.clockTime($1, &$2) }
        let transactional: PolicySettings.TransactionalQuietHours = reader.optional(
            "transactional", default: .send, diagnostics: &diagnostics) { $0.choice($1, &$2) }
        guard let from, let to else { return nil }
        if from == to, let entry = mapping["to"] {
            diagnostics.error(entry.value.location, "\(reader.path("to")) equals \(reader.path("from")); the quiet "
                + "period would be empty (remove quiet_hours to have none)")
            return nil
        }
        return PolicySettings.QuietHours(fromMinute: from, toMinute: to, transactional: transactional,
                                         location: mapping.location)
    }
}

extension PolicySettings.Holdout {
    static let keys = ["share", "salt"]

    /// `holdout: {share: 0.05, salt: spring-2026}`; both required: a default salt would tie
    /// every experiment to the same group.
    static func decode(_ node: ConfigNode, path: String,
                       _ diagnostics: inout DiagnosticCollector) -> PolicySettings.Holdout? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let share = reader.required("share", diagnostics: &diagnostics) { $0.fraction($1, &$2) }
        let salt = reader.required("salt", diagnostics: &diagnostics) { $0.nonEmptyString($1, &$2) }
        guard let share, let salt else { return nil }
        return PolicySettings.Holdout(share: share, salt: salt, location: mapping.location)
    }
}

extension PolicySettings.Attribution {
    static let keys = ["window", "conversion_when"]
    static let dayMs: Int64 = 86_400_000

    /// `attribution: {window: 7d, conversion_when: [{field: type, equals: purchase}]}`.
    static func decode(_ node: ConfigNode, path: String,
                       _ diagnostics: inout DiagnosticCollector) -> PolicySettings.Attribution? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let windowMs = reader.required("window", diagnostics: &diagnostics) { $0.duration($1, &$2) }
        var windowDays: Int?
        if let windowMs, let entry = mapping["window"] {
            if windowMs % dayMs == 0, let days = Int(exactly: windowMs / dayMs) {
                windowDays = days
            } else {
                diagnostics.error(entry.value.location, "\(reader.path("window")) must be a whole number of days, "
                    + "e.g. 7d (exposures are kept per day)")
            }
        }
        let conversionWhen = reader.required("conversion_when", diagnostics: &diagnostics) { node, path, diagnostics in
            PredicateSettings.decodeNonEmptyList(node, path: path, ifEmpty: "every event would count as a conversion",
                                                 &diagnostics)
        }
        guard let windowDays, let conversionWhen else { return nil }
        return PolicySettings.Attribution(windowDays: windowDays, conversionWhen: conversionWhen,
                                          location: mapping.location)
    }
}

extension ConfigNode {
    /// A local wall-clock time `HH:MM` (00:00–23:59) as minutes after midnight. The scalar's text
    /// is read whatever YAML typed it as, so unquoted `21:00` works too.
    func clockTime(_ path: String, _ diagnostics: inout DiagnosticCollector) -> Int? {
        guard let scalar = scalar(expecting: "a time such as 21:00", path, &diagnostics) else { return nil }
        let parts = scalar.text.split(separator: ":", omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in !part.isEmpty && part.count <= 2 && part.allSatisfy { $0.isASCII && $0.isNumber } }
        guard parts.count == 2, isDigits(parts[0]), parts[1].count == 2, isDigits(parts[1]),
              let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60 else {
            diagnostics.error(location, "invalid time '\(scalar.text)' for \(path); expected HH:MM between 00:00 "
                + "and 23:59, e.g. 21:00")
            return nil
        }
        return hour * 60 + minute
    }

    /// A number from 0 to 1 inclusive (`0.05` is 5 %).
    func fraction(_ path: String, _ diagnostics: inout DiagnosticCollector) -> Double? {
        let expected = "a number between 0 and 1"
        guard let scalar = scalar(expecting: expected, path, &diagnostics) else { return nil }
        let value: Double
        switch scalar.value {
        case .int(let int): value = Double(int)
        case .double(let double): value = double
        default: return mismatch(expecting: expected, path, &diagnostics)
        }
        guard value >= 0 && value <= 1 else {
            diagnostics.error(location, "\(path) must be between 0 and 1 (0.05 holds out 5 % of customers), "
                + "got \(scalar.text)")
            return nil
        }
        return value
    }
}
