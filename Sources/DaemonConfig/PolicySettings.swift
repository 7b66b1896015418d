/// The optional top-level `policies:` section: contact policies (consent, do-not-contact, quiet
/// hours, frequency caps, holdout, attribution) applied per customer to every action before it
/// is emitted.
///
/// Plain values, like the rest of the schema: the config module does not depend on the policy
/// module, and the engine maps these onto `Policies.ContactPolicySettings`. Everything the
/// policy would only fix up at run time (an unknown zone falls back to UTC, a bad cap is
/// ignored, a share is clamped) is an error here instead, at its place in the file, because a
/// silently altered marketing rule is exactly the kind of mistake nobody notices.
public struct PolicySettings: Sendable, Equatable {
    /// What transactional actions do during quiet hours (`quiet_hours.transactional`).
    public enum TransactionalQuietHours: String, Sendable, Equatable, CaseIterable {
        case send
        case `defer`
    }

    /// `frequency_caps: [{name, limit, days}]`: at most `limit` marketing actions in `days`
    /// local calendar days.
    public struct FrequencyCap: Sendable, Equatable {
        public var name: String
        public var limit: Int
        public var days: Int
        public var location: ConfigLocation
        public init(name: String, limit: Int, days: Int, location: ConfigLocation) {
            self.name = name; self.limit = limit; self.days = days; self.location = location
        }
    }

    /// `quiet_hours: {from: "21:00", to: "08:00", transactional: send}`, local wall-clock minutes.
    public struct QuietHours: Sendable, Equatable {
        /// Minutes after local midnight, inclusive.
        public var fromMinute: Int
        /// Minutes after local midnight, exclusive; before `fromMinute` when the period crosses midnight.
        public var toMinute: Int
        public var transactional: TransactionalQuietHours
        public var location: ConfigLocation
        public init(fromMinute: Int, toMinute: Int, transactional: TransactionalQuietHours = .send,
                    location: ConfigLocation) {
            self.fromMinute = fromMinute; self.toMinute = toMinute; self.transactional = transactional
            self.location = location
        }
    }

    /// `holdout: {share: 0.05, salt: "..."}`: the control group that gets no marketing.
    public struct Holdout: Sendable, Equatable {
        /// 0...1.
        public var share: Double
        /// Required: changing it draws a new group, so it is never defaulted behind the user's back.
        public var salt: String
        public var location: ConfigLocation
        public init(share: Double, salt: String, location: ConfigLocation) {
            self.share = share; self.salt = salt; self.location = location
        }
    }

    /// `attribution: {window: 7d, conversion_when: [...]}`.
    public struct Attribution: Sendable, Equatable {
        /// Whole days: the policy keeps exposures per day of 24 h.
        public var windowDays: Int
        /// An input event matching all of these is a conversion of the customer its key names.
        public var conversionWhen: [PredicateSettings]
        public var location: ConfigLocation
        public init(windowDays: Int, conversionWhen: [PredicateSettings], location: ConfigLocation) {
            self.windowDays = windowDays; self.conversionWhen = conversionWhen; self.location = location
        }
    }

    /// IANA zone for customers whose profile names none (or an unknown one).
    public var defaultTimeZone: String = "UTC"
    /// Channel → channels tried in order when the customer has not consented to it.
    public var fallbackChannels: [String: [String]] = [:]
    public var unknownConsentAllowsMarketing = false
    public var unknownConsentAllowsTransactional = true
    public var doNotContactBlocksTransactional = false
    public var frequencyCaps: [FrequencyCap] = []
    public var quietHours: QuietHours?
    public var holdout: Holdout?
    /// Absent: no attribution (no exposures are remembered, no conversion is recorded).
    public var attribution: Attribution?
    /// Absent: consent comes from the profile table alone.
    public var consentEvents: ConsentEvents?
    /// A declared table whose row for the customer gives their context (`time_zone`, `consent`,
    /// `do_not_contact`, `locale`); absent means every customer has the default context.
    public var profileTable: String?
    /// Where decision records go (one per decision); absent means they are not written.
    public var decisionsTopic: String?
    /// Where held-out actions go; absent means they are only recorded as decisions.
    public var holdoutTopic: String?
    /// Where conversion records go; absent means they are only counted.
    public var conversionsTopic: String?
    public var maxDeferredPerCustomer = 50
    public var maxExposuresPerCustomer = 1_000
    /// The `policies:` mapping, for problems found later (by the engine) that belong to no one key.
    public var location: ConfigLocation

    public init(location: ConfigLocation) { self.location = location }

    /// The extra output topics this section declares, in a fixed order.
    public var outputTopics: [String] { [decisionsTopic, holdoutTopic, conversionsTopic].compactMap { $0 } }
}

extension PipelineSettings {
    /// `category:` — what the contact policy treats the pipeline's actions as.
    public enum Category: String, Sendable, Equatable, CaseIterable {
        /// Something the customer asked for or needs (a delivery notice): no caps, no holdout.
        case transactional
        /// Something we want to tell them (a promotion, a cart reminder).
        case marketing
    }
}
