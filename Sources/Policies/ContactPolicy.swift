import Foundation
import Operators

/// The contact-policy stage: every candidate action passes it, per customer, before it is
/// emitted. Decides consent and fallback channels, do-not-contact, quiet hours (deferral),
/// marketing frequency caps and the holdout group, and remembers exposures for attribution.
///
/// A pure value, like the operators: no I/O and no clock. Every call takes the time it runs at
/// — the engine passes event time to ``decide(_:category:atMs:context:)`` and the watermark to
/// ``advance(toMs:context:)`` — so a replay makes the same decisions byte for byte. Call
/// `advance(toMs: t)` before deciding at `t`, so deferred actions due by then are released
/// (and counted against caps) first.
///
/// Rules, in order: do-not-contact → consent (fallback channels) → quiet hours (defer) →
/// frequency caps → holdout → send. Caps and holdout come after quiet hours so a deferred
/// action is checked against the caps of the day it is actually released on, and a held-out
/// action is "not sent" exactly when a treated one would have been sent.
///
/// Durable state is kept per customer ID with the operators' API shape
/// (``takeStateChanges()``, ``restoreState(key:value:)``, ``eraseState(key:)``,
/// ``stateKeyCount``), so the engine checkpoints it like any operator's.
public struct ContactPolicy: Sendable {
    public let settings: ContactPolicySettings
    public internal(set) var counters = PolicyCounters()

    var customers: [String: CustomerPolicyState] = [:]
    var dirty: Set<String> = []
    var timers = TimerQueue<PolicyTimer>()
    /// Customer → time of its pending expiry timer. Derived from the state, not stored:
    /// a restore re-arms it.
    var expiryArmed: [String: Int64] = [:]

    /// The well-formed caps (see ``ContactPolicySettings/problems``).
    let caps: [FrequencyCap]
    let defaultZone: TimeZone
    /// Sends are kept two days longer than the longest cap: a local calendar day lasts up to
    /// 25 h and a customer may move to a zone up to 26 h away, so this is the shortest
    /// retention that never forgets a send some cap window could still count.
    let sendRetentionMs: Int64
    /// Exposures are kept exactly as long as a conversion may be attributed to them.
    let exposureRetentionMs: Int64

    public init(settings: ContactPolicySettings) {
        self.settings = settings
        self.caps = settings.effectiveCaps
        self.defaultZone = TimeZone(identifier: settings.defaultTimeZone) ?? .gmt
        let longestCap = Int64(caps.map(\.days).max() ?? 0)
        self.sendRetentionMs = (longestCap + 2) * LocalClock.msPerDay
        self.exposureRetentionMs = Int64(max(0, settings.attributionWindowDays)) * LocalClock.msPerDay
    }

    /// Decides what happens to `action` (sent to `action.customerID`) at `atMs`, epoch ms.
    /// A deferred action stays in the policy and comes back from ``advance(toMs:context:)``.
    public mutating func decide(_ action: Action, category: ActionCategory, atMs: Int64,
                                context: CustomerContext) -> PolicyOutcome {
        evaluate(action, category: category, atMs: atMs, context: context, deferredAtMs: nil)
    }

    /// The holdout group of a customer under these settings (treated when there is no holdout).
    public func group(of customerID: String) -> AttributionGroup {
        settings.holdout?.group(of: customerID) ?? .treated
    }

    /// Deferred actions waiting for release, over all customers (a gauge for metrics).
    public var deferredCount: Int {
        customers.values.reduce(0) { $0 + $1.deferred.count }
    }

    /// When ``advance(toMs:context:)`` next has something to do (a release or a retention
    /// expiry); `nil` if nothing is scheduled.
    public var nextTimerMs: Int64? { timers.nextTimeMs }

    /// One decision: a new candidate (`deferredAtMs == nil`) or a deferred one being released.
    mutating func evaluate(_ candidate: Action, category: ActionCategory, atMs: Int64,
                           context: CustomerContext, deferredAtMs: Int64?) -> PolicyOutcome {
        let customer = candidate.customerID
        prune(customer, atMs: atMs)
        let (decision, channel) = applyRules(to: candidate, category: category, atMs: atMs, context: context,
                                             deferredAtMs: deferredAtMs)
        var action = candidate
        if let channel { action.channel = channel }
        counters.count(decision, viaFallback: channel.map { $0 != candidate.channel } ?? false)
        armExpiry(customer)
        let record = PolicyDecisionRecord(
            actionID: candidate.actionID, trigger: candidate.trigger, customerID: customer, category: category,
            candidateChannel: candidate.channel, finalChannel: channel, decision: decision,
            deferredAtMs: deferredAtMs, atMs: atMs)
        return PolicyOutcome(decision: decision, action: action, record: record)
    }
}
