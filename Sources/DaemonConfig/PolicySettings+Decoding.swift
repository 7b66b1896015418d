import Foundation

extension PolicySettings {
    static let keys = [
        "default_time_zone", "fallback_channels", "unknown_consent_allows_marketing",
        "unknown_consent_allows_transactional", "do_not_contact_blocks_transactional", "frequency_caps",
        "quiet_hours", "holdout", "attribution", "profile_table", "decisions_topic", "holdout_topic",
        "conversions_topic", "max_deferred_per_customer", "max_exposures_per_customer", "consent_events",
    ]

    /// The optional top-level `policies:` section. Every rule is optional and off (or at its
    /// conservative default) when absent, so `policies: {profile_table: profiles}` alone already
    /// enforces consent and do-not-contact.
    ///
    /// `declaredTables` checks `profile_table`; `topics` knows the topics the rest of the config
    /// uses, which the three output topics must not reuse.
    static func decode(_ node: ConfigNode, path: String, declaredTables: DeclaredTables, topics: PolicyTopicUses,
                       _ diagnostics: inout DiagnosticCollector) -> PolicySettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        var settings = PolicySettings(location: mapping.location)
        let defaults = settings
        settings.defaultTimeZone = reader.optional("default_time_zone", default: defaults.defaultTimeZone,
                                                   diagnostics: &diagnostics) { $0.timeZone($1, &$2) }
        settings.fallbackChannels = reader.optional("fallback_channels", default: [:], diagnostics: &diagnostics) {
            decodeFallbacks($0, path: $1, &$2)
        }
        func flag(_ key: String, _ defaultValue: Bool, _ diagnostics: inout DiagnosticCollector) -> Bool {
            reader.optional(key, default: defaultValue, diagnostics: &diagnostics) { $0.bool($1, &$2) }
        }
        settings.unknownConsentAllowsMarketing = flag("unknown_consent_allows_marketing",
                                                      defaults.unknownConsentAllowsMarketing, &diagnostics)
        settings.unknownConsentAllowsTransactional = flag("unknown_consent_allows_transactional",
                                                          defaults.unknownConsentAllowsTransactional, &diagnostics)
        settings.doNotContactBlocksTransactional = flag("do_not_contact_blocks_transactional",
                                                        defaults.doNotContactBlocksTransactional, &diagnostics)
        settings.frequencyCaps = reader.optional("frequency_caps", default: [], diagnostics: &diagnostics) {
            FrequencyCap.decodeList($0, path: $1, &$2)
        }
        settings.quietHours = reader.optional("quiet_hours", diagnostics: &diagnostics) {
            QuietHours.decode($0, path: $1, &$2)
        }
        settings.holdout = reader.optional("holdout", diagnostics: &diagnostics) { Holdout.decode($0, path: $1, &$2) }
        settings.attribution = reader.optional("attribution", diagnostics: &diagnostics) {
            Attribution.decode($0, path: $1, &$2)
        }
        settings.consentEvents = reader.optional("consent_events", diagnostics: &diagnostics) {
            ConsentEvents.decode($0, path: $1, &$2)
        }
        settings.profileTable = reader.optional("profile_table", diagnostics: &diagnostics) { node, path, diagnostics in
            decodeProfileTable(node, path: path, declaredTables: declaredTables, &diagnostics)
        }
        var uses = topics
        settings.decisionsTopic = uses.claim("decisions_topic", in: reader, &diagnostics)
        settings.holdoutTopic = uses.claim("holdout_topic", in: reader, &diagnostics)
        settings.conversionsTopic = uses.claim("conversions_topic", in: reader, &diagnostics)
        settings.maxDeferredPerCustomer = reader.optional("max_deferred_per_customer",
                                                          default: defaults.maxDeferredPerCustomer,
                                                          diagnostics: &diagnostics) { $0.integer($1, minimum: 0, &$2) }
        settings.maxExposuresPerCustomer = reader.optional("max_exposures_per_customer",
                                                           default: defaults.maxExposuresPerCustomer,
                                                           diagnostics: &diagnostics) { $0.integer($1, minimum: 1, &$2) }
        return settings
    }

    /// `fallback_channels: {sms: [email], push: [sms, email]}`: a non-empty list per channel,
    /// never the channel itself (it was just refused) and no channel twice.
    static func decodeFallbacks(_ node: ConfigNode, path: String,
                                _ diagnostics: inout DiagnosticCollector) -> [String: [String]]? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        var result: [String: [String]] = [:]
        for entry in mapping.entries {
            let entryPath = ConfigPath.child(path, entry.key)
            guard let sequence = entry.value.sequence(entryPath, &diagnostics) else { continue }
            guard !sequence.items.isEmpty else {
                diagnostics.error(sequence.location, "\(entryPath) must not be empty; remove '\(entry.key)' if it "
                    + "has no fallback")
                continue
            }
            var channels: [String] = []
            for (index, item) in sequence.items.enumerated() {
                guard let channel = item.nonEmptyString(ConfigPath.item(entryPath, index), &diagnostics) else { continue }
                if channel == entry.key {
                    diagnostics.error(item.location, "channel '\(channel)' cannot be its own fallback in \(entryPath)")
                } else if channels.contains(channel) {
                    diagnostics.error(item.location, "channel '\(channel)' is listed twice in \(entryPath)")
                } else {
                    channels.append(channel)
                }
            }
            result[entry.key] = channels
        }
        return result
    }

    /// `profile_table` must name a declared table (unless `tables:` is too broken to tell).
    static func decodeProfileTable(_ node: ConfigNode, path: String, declaredTables: DeclaredTables,
                                   _ diagnostics: inout DiagnosticCollector) -> String? {
        guard let name = node.nonEmptyString(path, &diagnostics) else { return nil }
        guard declaredTables.isComplete, !declaredTables.names.contains(name) else { return name }
        let declared = declaredTables.names
        diagnostics.error(node.location, "\(path) '\(name)' is not declared in tables"
            + (declared.isEmpty ? " (no tables are declared)" : Suggestion.hint(for: name, in: declared)))
        return nil
    }
}

extension ConfigNode {
    /// An IANA time zone identifier this system knows (`Asia/Seoul`, `UTC`), suggesting the
    /// nearest known one on a typo.
    func timeZone(_ path: String, _ diagnostics: inout DiagnosticCollector) -> String? {
        guard let identifier = nonEmptyString(path, &diagnostics) else { return nil }
        guard TimeZone(identifier: identifier) == nil else { return identifier }
        diagnostics.error(location, "unknown time zone '\(identifier)' for \(path); expected an IANA identifier "
            + "such as Europe/Berlin or UTC" + Suggestion.hint(for: identifier, in: TimeZone.knownTimeZoneIdentifiers))
        return nil
    }
}
