extension MappingReader {
    /// An `inputs:` list naming declared input topics (a pipeline's, `identity.inputs`), each
    /// problem reported at its item. Absent means every input (`[]`), so an explicit empty list
    /// is rejected as almost surely a mistake; `omitHint` says what omitting it does.
    /// - Parameter declaredTopics: nil when the `inputs:` section is itself broken (nothing to check against).
    func inputTopicList(declaredTopics: [String]?, omitHint: String,
                        _ diagnostics: inout DiagnosticCollector) -> [String]? {
        let path = self.path("inputs")
        guard let entry = optional("inputs") else { return [] }
        guard let sequence = entry.value.sequence(path, &diagnostics) else { return nil }
        guard !sequence.items.isEmpty else {
            diagnostics.error(sequence.location, "\(path) must not be empty; \(omitHint)")
            return nil
        }
        var topics: [String] = []
        var valid = true
        for (index, item) in sequence.items.enumerated() {
            let itemPath = ConfigPath.item(path, index)
            guard let topic = item.topicName(itemPath, &diagnostics) else {
                valid = false
                continue
            }
            if let declaredTopics, !declaredTopics.contains(topic) {
                diagnostics.error(item.location, "topic '\(topic)' in \(itemPath) is not declared in inputs"
                    + Suggestion.hint(for: topic, in: declaredTopics))
                valid = false
            } else if topics.contains(topic) {
                diagnostics.error(item.location, "topic '\(topic)' is listed twice in \(path)")
                valid = false
            }
            topics.append(topic)
        }
        return valid ? topics : nil
    }
}
