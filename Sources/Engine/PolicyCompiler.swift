import DaemonConfig
import Operators
import Policies

/// Turns the `policies:` section into the contact policy every task starts from.
///
/// The schema already checked each value at its place in the file; ``ContactPolicySettings/problems``
/// is asked again here as a guard against a hand-built config (or a rule the schema does not
/// know about yet), reported at the `policies:` mapping since it names no single key.
enum PolicyCompiler {
    struct Compiled: Sendable {
        var prototype: ContactPolicy
        /// `attribution.conversion_when`; empty when attribution is off.
        var conversionWhen: [Predicate]
        var profileTable: String?
        /// `consent_events`; nil when consent comes from the profile table alone.
        var consentEvents: ConsentEvents?
    }

    /// `consent_events` compiled: which inputs change consent and where their values are.
    struct ConsentEvents: Sendable {
        var when: [Predicate]
        var channelField: FieldPath
        var grantedField: FieldPath

        func matches(_ event: Event) -> Bool { !when.isEmpty && when.allSatisfy { $0.matches(event) } }
    }

    static func compile(_ p: PolicySettings, pipelines: [PipelineSettings]) throws(ConfigErrors) -> Compiled {
        let settings = contactPolicySettings(p)
        var diagnostics = settings.problems.map { ConfigDiagnostic(p.location, "policies: \($0)") }
        // A pipeline's store is named after it: one named like the policy's store would share it.
        for pipeline in pipelines where pipeline.name == Engine.policyStore {
            diagnostics.append(ConfigDiagnostic(pipeline.location, "pipeline name '\(Engine.policyStore)' is reserved "
                + "for the contact policy's state when policies: is configured; rename the pipeline"))
        }
        guard diagnostics.isEmpty else { throw ConfigErrors(diagnostics) }
        return Compiled(prototype: ContactPolicy(settings: settings),
                        conversionWhen: PipelineCompiler.compilePredicates(p.attribution?.conversionWhen ?? []),
                        profileTable: p.profileTable,
                        consentEvents: p.consentEvents.map {
                            ConsentEvents(when: PipelineCompiler.compilePredicates($0.when),
                                          channelField: FieldPath($0.channelField), grantedField: FieldPath($0.grantedField))
                        })
    }

    /// Field by field; attribution absent means a window of 0 days (no exposures kept).
    static func contactPolicySettings(_ p: PolicySettings) -> ContactPolicySettings {
        ContactPolicySettings(
            defaultTimeZone: p.defaultTimeZone,
            fallbackChannels: p.fallbackChannels,
            unknownConsentAllowsMarketing: p.unknownConsentAllowsMarketing,
            unknownConsentAllowsTransactional: p.unknownConsentAllowsTransactional,
            doNotContactBlocksTransactional: p.doNotContactBlocksTransactional,
            frequencyCaps: p.frequencyCaps.map { FrequencyCap(name: $0.name, limit: $0.limit, days: $0.days) },
            quietHours: p.quietHours.map { QuietHours(startMinute: $0.fromMinute, endMinute: $0.toMinute) },
            transactionalQuietHours: p.quietHours?.transactional == .defer ? .defer : .send,
            holdout: p.holdout.map { HoldoutSettings(salt: $0.salt, share: $0.share) },
            attributionWindowDays: p.attribution?.windowDays ?? 0,
            maxDeferredPerCustomer: p.maxDeferredPerCustomer,
            maxExposuresPerCustomer: p.maxExposuresPerCustomer)
    }

    static func category(_ c: PipelineSettings.Category) -> ActionCategory {
        switch c {
        case .transactional: .transactional
        case .marketing: .marketing
        }
    }
}
