extension PolicySettings {
    /// `consent_events: {when: [...], channel_field: channel, granted_field: granted}`: input
    /// events that change a customer's consent (the event's key) from their event time on,
    /// overriding the profile table's `consent` for that channel.
    public struct ConsentEvents: Sendable, Equatable {
        /// An input event matching all of these is a consent change.
        public var when: [PredicateSettings]
        /// Field naming the channel (`sms`, `email`, `push`, …; `*` or `all` for every channel).
        public var channelField: String
        /// Boolean field: `true` grants, `false` refuses.
        public var grantedField: String
        public var location: ConfigLocation

        public init(when: [PredicateSettings], channelField: String = "channel", grantedField: String = "granted",
                    location: ConfigLocation) {
            self.when = when; self.channelField = channelField; self.grantedField = grantedField
            self.location = location
        }
    }
}

extension PolicySettings.ConsentEvents {
    static let keys = ["when", "channel_field", "granted_field"]

    /// `when` is required and non-empty (every event would otherwise change consent); the two
    /// field names default to `channel` and `granted`.
    static func decode(_ node: ConfigNode, path: String,
                       _ diagnostics: inout DiagnosticCollector) -> PolicySettings.ConsentEvents? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let when = reader.required("when", diagnostics: &diagnostics) { node, path, diagnostics in
            PredicateSettings.decodeNonEmptyList(node, path: path, ifEmpty: "every event would change consent",
                                                 &diagnostics)
        }
        let channelField = reader.optional("channel_field", default: "channel", diagnostics: &diagnostics) {
            $0.fieldPath($1, &$2)
        }
        let grantedField = reader.optional("granted_field", default: "granted", diagnostics: &diagnostics) {
            $0.fieldPath($1, &$2)
        }
        guard let when else { return nil }
        return PolicySettings.ConsentEvents(when: when, channelField: channelField, grantedField: grantedField,
                                            location: mapping.location)
    }
}
