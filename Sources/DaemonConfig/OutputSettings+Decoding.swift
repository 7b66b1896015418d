extension OutputSettings {
    static let keys = ["actions_topic", "dead_letter_topic"]

    /// Output topics must differ from each other and from every input: writing actions or dead
    /// letters to a topic the daemon consumes would feed its own output back into it forever.
    static func decode(_ node: ConfigNode, path: String, inputTopics: [String],
                       _ diagnostics: inout DiagnosticCollector) -> OutputSettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let actions = reader.required("actions_topic", diagnostics: &diagnostics) { $0.topicName($1, &$2) }
        let deadLetters = reader.required("dead_letter_topic", diagnostics: &diagnostics) { $0.topicName($1, &$2) }
        var valid = actions != nil && deadLetters != nil
        for (key, topic) in [("actions_topic", actions), ("dead_letter_topic", deadLetters)] {
            guard let topic, inputTopics.contains(topic), let entry = mapping[key] else { continue }
            diagnostics.error(entry.value.location, "\(reader.path(key)) '\(topic)' is also an input topic; "
                + "the daemon would consume its own output")
            valid = false
        }
        if let actions, actions == deadLetters, let entry = mapping["dead_letter_topic"] {
            diagnostics.error(entry.value.location, "\(reader.path("dead_letter_topic")) must differ from "
                + "\(reader.path("actions_topic")) ('\(actions)'); consumers of actions would receive dead letters")
            valid = false
        }
        guard valid, let actions, let deadLetters else { return nil }
        return OutputSettings(actionsTopic: actions, deadLetterTopic: deadLetters)
    }
}
