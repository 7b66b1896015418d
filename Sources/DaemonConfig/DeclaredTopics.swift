/// Topic names declared under `inputs:`, read leniently for checks in other sections.
///
/// Independent of whether each input is otherwise valid: a bad `time_field` must not turn every
/// pipeline's reference to that topic into a second, bogus "not declared" error.
struct DeclaredTopics {
    var names: [String]
    /// False when some input's topic is missing or invalid, so "not declared" could be wrong.
    var isComplete: Bool

    init(inputs node: ConfigNode?) {
        guard case .sequence(let sequence)? = node else {
            self.init(names: [], isComplete: false)
            return
        }
        let names = sequence.items.compactMap { Self.topic(item: $0, key: "topic") }
        self.init(names: names, isComplete: names.count == sequence.items.count)
    }

    init(names: [String], isComplete: Bool) {
        self.names = names
        self.isComplete = isComplete
    }

    /// The valid topic name under `key` of `item`, if it is a mapping holding one; nil for
    /// anything the section's own decoder will report.
    static func topic(item: ConfigNode?, key: String) -> String? {
        guard case .mapping(let mapping)? = item, case .scalar(let topic)? = mapping[key]?.value,
              !topic.isUnresolved, topic.value != .null, TopicName.isValid(topic.text) else { return nil }
        return topic.text
    }
}
