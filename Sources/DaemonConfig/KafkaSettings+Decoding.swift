extension KafkaSettings {
    static let keys = ["brokers", "group_id", "properties", "create_topics", "topic_partitions", "replication_factor"]

    /// librdkafka properties that have a first-class key. Setting them in both places would make
    /// the effective value depend on the order the client applies them in.
    static let reservedProperties = ["bootstrap.servers": "brokers", "metadata.broker.list": "brokers", "group.id": "group_id"]

    static func decode(_ node: ConfigNode, path: String, _ diagnostics: inout DiagnosticCollector) -> KafkaSettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let brokers = reader.required("brokers", diagnostics: &diagnostics) { $0.brokerList($1, &$2) }
        let groupID = reader.required("group_id", diagnostics: &diagnostics) { $0.nonEmptyString($1, &$2) }
        let properties = reader.optional("properties", default: [], diagnostics: &diagnostics, decodeProperties)
        let createTopics = reader.optional("create_topics", default: true, diagnostics: &diagnostics) { $0.bool($1, &$2) }
        let partitions = reader.optional("topic_partitions", default: 4, diagnostics: &diagnostics) {
            $0.integer($1, minimum: 1, &$2)
        }
        let replication = reader.optional("replication_factor", default: 1, diagnostics: &diagnostics) {
            $0.integer($1, minimum: 1, &$2)
        }
        guard let brokers, let groupID else { return nil }
        return KafkaSettings(brokers: brokers, groupID: groupID, properties: properties, createTopics: createTopics,
                             topicPartitions: partitions, replicationFactor: replication)
    }

    /// The pass-through map, values stringified as written (`6000`, `true`) because librdkafka
    /// takes every property as a string and would reformat nothing back.
    private static func decodeProperties(_ node: ConfigNode, path: String,
                                         _ diagnostics: inout DiagnosticCollector) -> [(key: String, value: String)]? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        var properties: [(key: String, value: String)] = []
        for entry in mapping.entries {
            if let key = reservedProperties[entry.key] {
                diagnostics.error(entry.keyLocation, "set '\(entry.key)' with kafka.\(key), not in \(path)")
                continue
            }
            let propertyPath = ConfigPath.child(path, entry.key)
            if let value = entry.value.string(propertyPath, &diagnostics) {
                properties.append((key: entry.key, value: value))
            }
        }
        return properties
    }
}

extension ConfigNode {
    /// `bootstrap.servers`: a comma-separated list with no empty entries (`a:9092,,b:9092` is a typo).
    func brokerList(_ path: String, _ diagnostics: inout DiagnosticCollector) -> String? {
        guard let text = nonEmptyString(path, &diagnostics) else { return nil }
        let entries = text.split(separator: ",", omittingEmptySubsequences: false)
        guard entries.allSatisfy({ !$0.allSatisfy(\.isWhitespace) }) else {
            diagnostics.error(location, "\(path) has an empty entry in '\(text)'; expected host:port[,host:port...]")
            return nil
        }
        return text
    }
}
