import Foundation

/// What transactional actions do during quiet hours.
public enum TransactionalQuietHours: String, Sendable, Hashable {
    /// Send at once: a one-time password at 23:00 is wanted at 23:00.
    case send
    /// Defer like marketing.
    case `defer`
}

/// Everything a ``ContactPolicy`` is configured with: plain values, so the YAML layer maps keys
/// onto fields and tests build them inline. Defaults are the conservative choice for each rule.
public struct ContactPolicySettings: Sendable, Equatable {
    /// Zone for customers without (or with an unknown) time zone; must be a known identifier.
    public var defaultTimeZone: String
    /// Channel → channels to try, in order, when the customer has not consented to it, e.g.
    /// `["sms": ["email"]]`. The first consented one is used; none → suppressed `no_consent`.
    public var fallbackChannels: [String: [String]]
    /// Whether a channel with ``ConsentStatus/unknown`` consent may carry marketing. Default
    /// `false`: marketing needs an explicit opt-in.
    public var unknownConsentAllowsMarketing: Bool
    /// Whether a channel with unknown consent may carry transactional actions. Default `true`:
    /// a customer who placed an order expects its confirmation. A recorded refusal still blocks.
    public var unknownConsentAllowsTransactional: Bool
    /// Whether do-not-contact also suppresses transactional actions. Default `false`.
    public var doNotContactBlocksTransactional: Bool
    /// Marketing frequency caps, checked in order; the first one reached names the decision.
    public var frequencyCaps: [FrequencyCap]
    /// Local quiet period; `nil` means none.
    public var quietHours: QuietHours?
    /// What transactional actions do during quiet hours. Default ``TransactionalQuietHours/send``.
    public var transactionalQuietHours: TransactionalQuietHours
    /// Control group; `nil` means nobody is held out.
    public var holdout: HoldoutSettings?
    /// A conversion is attributed to every marketing action sent or held out at most this many
    /// days (of 24 h) before it; 0 turns attribution off (no exposures are kept).
    public var attributionWindowDays: Int
    /// Bound on one customer's deferred actions; beyond it new ones are suppressed
    /// `deferral_limit`, so a burst at night cannot grow state without limit.
    public var maxDeferredPerCustomer: Int
    /// Bound on one customer's remembered exposures; beyond it the oldest are forgotten.
    public var maxExposuresPerCustomer: Int

    public init(
        defaultTimeZone: String = "UTC",
        fallbackChannels: [String: [String]] = [:],
        unknownConsentAllowsMarketing: Bool = false,
        unknownConsentAllowsTransactional: Bool = true,
        doNotContactBlocksTransactional: Bool = false,
        frequencyCaps: [FrequencyCap] = [],
        quietHours: QuietHours? = nil,
        transactionalQuietHours: TransactionalQuietHours = .send,
        holdout: HoldoutSettings? = nil,
        attributionWindowDays: Int = 7,
        maxDeferredPerCustomer: Int = 50,
        maxExposuresPerCustomer: Int = 1_000
    ) {
        self.defaultTimeZone = defaultTimeZone
        self.fallbackChannels = fallbackChannels
        self.unknownConsentAllowsMarketing = unknownConsentAllowsMarketing
        self.unknownConsentAllowsTransactional = unknownConsentAllowsTransactional
        self.doNotContactBlocksTransactional = doNotContactBlocksTransactional
        self.frequencyCaps = frequencyCaps
        self.quietHours = quietHours
        self.transactionalQuietHours = transactionalQuietHours
        self.holdout = holdout
        self.attributionWindowDays = attributionWindowDays
        self.maxDeferredPerCustomer = maxDeferredPerCustomer
        self.maxExposuresPerCustomer = maxExposuresPerCustomer
    }

    /// What is wrong with these settings, one sentence each (empty when valid), for the config
    /// layer to report at its own source locations. ``ContactPolicy`` still runs with invalid
    /// settings (unknown zone → UTC, bad cap → ignored, share clamped) rather than trap.
    public var problems: [String] {
        var problems: [String] = []
        if TimeZone(identifier: defaultTimeZone) == nil {
            problems.append("default time zone '\(defaultTimeZone)' is not a known time zone identifier")
        }
        var capNames = Set<String>()
        for cap in frequencyCaps {
            if cap.limit < 0 { problems.append("frequency cap '\(cap.name)': limit must be 0 or more, got \(cap.limit)") }
            if cap.days < 1 { problems.append("frequency cap '\(cap.name)': days must be 1 or more, got \(cap.days)") }
            if !capNames.insert(cap.name).inserted { problems.append("frequency cap '\(cap.name)' is defined twice") }
        }
        if let quietHours {
            for (name, minute) in [("start", quietHours.startMinute), ("end", quietHours.endMinute)]
            where !(0..<Self.minutesPerDay).contains(minute) {
                problems.append("quiet hours \(name) must be between 00:00 and 23:59, got minute \(minute)")
            }
        }
        if let holdout, !(holdout.share >= 0 && holdout.share <= 1) {
            problems.append("holdout share must be between 0 and 1, got \(holdout.share)")
        }
        if attributionWindowDays < 0 {
            problems.append("attribution window must be 0 days or more, got \(attributionWindowDays)")
        }
        if maxDeferredPerCustomer < 0 { problems.append("max deferred per customer must be 0 or more") }
        if maxExposuresPerCustomer < 0 { problems.append("max exposures per customer must be 0 or more") }
        for (channel, fallbacks) in fallbackChannels.sorted(by: { $0.key < $1.key }) where fallbacks.contains(channel) {
            problems.append("channel '\(channel)' lists itself as its own fallback")
        }
        return problems
    }

    static let minutesPerDay = 24 * 60

    /// The caps that can ever apply: well-formed ones.
    var effectiveCaps: [FrequencyCap] {
        frequencyCaps.filter { $0.limit >= 0 && $0.days >= 1 }
    }
}
