/// The topics the config already uses, which the policies' output topics must not reuse, and
/// the ones claimed so far (the three policy topics must differ from each other too).
///
/// Why so strict: a decisions topic that is also an input would feed the daemon its own
/// records; one shared with the actions topic would make senders deliver audit records as
/// messages. Read leniently from the raw sections (like `DeclaredTopics`), so a clash is still
/// reported when another part of those sections has an unrelated problem.
struct PolicyTopicUses {
    /// Topic → what it already is, completing "… 'x' is also …".
    private var uses: [String: String] = [:]

    init(inputs: [String], output: ConfigNode?, tables: ConfigNode?) {
        for topic in inputs {
            uses[topic] = "an input topic; the daemon would consume its own output"
        }
        for key in ["actions_topic", "dead_letter_topic"] {
            if let topic = DeclaredTopics.topic(item: output, key: key) {
                uses[topic] = "output.\(key); each kind of record needs its own topic"
            }
        }
        if case .sequence(let sequence)? = tables {
            for item in sequence.items {
                if let topic = DeclaredTopics.topic(item: item, key: "topic") {
                    uses[topic] = "a table's topic; the table would fill with the daemon's own output"
                }
            }
        }
    }

    /// Reads the optional topic under `key` and claims it, reporting a clash at its value.
    mutating func claim(_ key: String, in reader: MappingReader, _ diagnostics: inout DiagnosticCollector) -> String? {
        guard let entry = reader.optional(key),
              let topic = entry.value.topicName(reader.path(key), &diagnostics) else { return nil }
        if let use = uses[topic] {
            diagnostics.error(entry.value.location, "\(reader.path(key)) '\(topic)' is also \(use)")
            return nil
        }
        uses[topic] = "\(reader.path(key)); each kind of record needs its own topic"
        return topic
    }
}
