extension InputSettings {
    static let keys = ["topic", "key_field", "time_field", "time_format", "max_value_bytes", "fields"]
    static let defaultMaxValueBytes = 1_048_576

    /// The `inputs:` list: at least one input, each topic declared once (two inputs on one topic
    /// would consume every record twice).
    static func decodeList(_ node: ConfigNode, path: String, _ diagnostics: inout DiagnosticCollector) -> [InputSettings]? {
        guard let sequence = node.sequence(path, &diagnostics) else { return nil }
        guard !sequence.items.isEmpty else {
            diagnostics.error(sequence.location, "\(path) must not be empty; declare at least one input topic")
            return nil
        }
        var inputs: [InputSettings] = []
        var complete = true
        var firstTopicLocation: [String: ConfigLocation] = [:]
        for (index, item) in sequence.items.enumerated() {
            guard let input = decode(item, path: ConfigPath.item(path, index), &diagnostics) else {
                complete = false
                continue
            }
            let topicLocation = item.valueLocation(of: "topic") ?? input.location
            if let first = firstTopicLocation[input.topic] {
                diagnostics.error(topicLocation, "topic '\(input.topic)' is already an input (first declared at "
                    + "\(first.line):\(first.column)); each topic may be declared once")
                complete = false
            } else {
                firstTopicLocation[input.topic] = topicLocation
            }
            inputs.append(input)
        }
        return complete ? inputs : nil
    }

    static func decode(_ node: ConfigNode, path: String, _ diagnostics: inout DiagnosticCollector) -> InputSettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let topic = reader.required("topic", diagnostics: &diagnostics) { $0.topicName($1, &$2) }
        let keyField = reader.optional("key_field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
        let maxValueBytes = reader.optional("max_value_bytes", default: defaultMaxValueBytes, diagnostics: &diagnostics) {
            $0.byteSize($1, &$2)
        }
        let timeFormat: TimeFormat?
        if let entry = reader.optional("time_format") {
            timeFormat = entry.value.choice(reader.path("time_format"), &diagnostics)
        } else {
            timeFormat = .epochMillis
        }
        let timeField = decodeTimeField(reader, timeFormat: timeFormat, &diagnostics)
        let fieldsEntry = reader.optional("fields")
        let fields = fieldsEntry.flatMap { decodeFields($0.value, path: reader.path("fields"), &diagnostics) }
        guard let topic, let timeFormat, case .success(let timeField) = timeField, fieldsEntry == nil || fields != nil
        else { return nil }
        var input = InputSettings(topic: topic, keyField: keyField, timeField: timeField, timeFormat: timeFormat,
                                  maxValueBytes: maxValueBytes, location: mapping.location)
        input.fields = fields
        return input
    }

    /// `fields:` — a non-empty list of distinct field paths. Empty is rejected: it would make
    /// every template field an error, which is surely not what was meant (omit it to check nothing).
    private static func decodeFields(_ node: ConfigNode, path: String, _ diagnostics: inout DiagnosticCollector) -> [String]? {
        guard let sequence = node.sequence(path, &diagnostics) else { return nil }
        guard !sequence.items.isEmpty else {
            diagnostics.error(sequence.location, "\(path) must not be empty; omit it to leave template fields unchecked")
            return nil
        }
        var fields: [String] = []
        var valid = true
        for (index, item) in sequence.items.enumerated() {
            guard let field = item.fieldPath(ConfigPath.item(path, index), &diagnostics) else {
                valid = false
                continue
            }
            if fields.contains(field) {
                diagnostics.error(item.location, "field '\(field)' is listed twice in \(path)")
                valid = false
            }
            fields.append(field)
        }
        return valid ? fields : nil
    }

    /// `time_field` is required unless the Kafka record timestamp is used, and forbidden then:
    /// a field that is set but ignored would mislead whoever reads the config next.
    ///
    /// Succeeds with nil for `kafka` time, which has no field.
    private static func decodeTimeField(_ reader: MappingReader, timeFormat: TimeFormat?,
                                        _ diagnostics: inout DiagnosticCollector) -> Result<String?, AlreadyDiagnosed> {
        switch timeFormat {
        case .kafkaTimestamp?:
            if let entry = reader.optional("time_field") {
                diagnostics.error(entry.keyLocation, "time_field must not be set when time_format is kafka "
                    + "(the Kafka record timestamp is the event time)")
                return .failure(AlreadyDiagnosed())
            }
            return .success(nil)
        case let format?:
            let field = reader.required("time_field", diagnostics: &diagnostics,
                                        because: " (needed unless time_format is kafka; this input uses \(format.rawValue))")
            guard let field, let value = field.value.fieldPath(reader.path("time_field"), &diagnostics) else {
                return .failure(AlreadyDiagnosed())
            }
            return .success(value)
        case nil:
            // time_format itself is invalid (and reported); only check what time_field holds.
            _ = reader.optional("time_field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
            return .failure(AlreadyDiagnosed())
        }
    }
}
