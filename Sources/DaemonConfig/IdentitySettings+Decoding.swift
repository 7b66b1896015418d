extension IdentitySettings {
    static let keys = ["inputs", "link_when", "anonymous_field", "known_field"]

    /// The optional top-level `identity:` section. `declaredInputs` are the decoded inputs (nil
    /// when that section is broken): each stitched one must be declared and partitioned by
    /// `anonymous_field`, or a device's events and its login could land in different tasks,
    /// each with its own mapping, and the link would silently not apply.
    static func decode(_ node: ConfigNode, path: String, declaredInputs: [InputSettings]?,
                       _ diagnostics: inout DiagnosticCollector) -> IdentitySettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let inputs = reader.inputTopicList(declaredTopics: declaredInputs?.map(\.topic), omitHint: "omit it to stitch every input",
                                           &diagnostics)
        let linkWhen = reader.required("link_when", diagnostics: &diagnostics) { node, path, diagnostics in
            PredicateSettings.decodeNonEmptyList(node, path: path, ifEmpty: "every event would be a login",
                                                 &diagnostics)
        }
        let anonymous = reader.required("anonymous_field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
        let known = reader.required("known_field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
        guard let inputs, let linkWhen, let anonymous, let known else { return nil }
        if anonymous == known, let entry = reader.optional("known_field") {
            diagnostics.error(entry.value.location, "\(reader.path("known_field")) '\(known)' is the same field as "
                + "anonymous_field: a link must map one id to another")
            return nil
        }
        let settings = IdentitySettings(inputs: inputs, linkWhen: linkWhen, anonymousField: anonymous, knownField: known,
                                        location: mapping.location)
        if let declaredInputs, let entry = reader.optional("anonymous_field") {
            var partitionedRight = true
            for input in declaredInputs where settings.stitches(input.topic) && input.keyField != anonymous {
                diagnostics.error(entry.value.location, "input '\(input.topic)' is keyed by "
                    + (input.keyField.map { "'\($0)'" } ?? "the Kafka record key")
                    + ", not by \(reader.path("anonymous_field")) '\(anonymous)': set its key_field: \(anonymous) "
                    + "(so a device's events and its login reach the same task) or leave it out of identity.inputs")
                partitionedRight = false
            }
            guard partitionedRight else { return nil }
        }
        return settings
    }
}
