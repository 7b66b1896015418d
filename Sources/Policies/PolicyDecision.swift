import Operators

/// Why an action was not sent and will not be.
public enum SuppressionReason: String, Sendable, Hashable, CaseIterable {
    /// No consent on the action's channel nor on any configured fallback channel.
    case noConsent = "no_consent"
    /// The customer opted out of all contact.
    case doNotContact = "do_not_contact"
    /// The customer already had ``ContactPolicySettings/maxDeferredPerCustomer`` actions
    /// waiting for quiet hours to end.
    case deferralLimit = "deferral_limit"
}

/// What the policy did with one candidate action (or one released deferred action).
public enum PolicyDecision: Sendable, Equatable {
    /// Emit it on `channel` — the action's own channel, or a consented fallback.
    case sent(channel: String)
    /// Dropped for good.
    case suppressed(SuppressionReason)
    /// Quiet hours: kept and decided again at `untilMs` by ``ContactPolicy/advance(toMs:context:)``.
    case deferred(untilMs: Int64)
    /// Dropped because the frequency cap named `rule` was reached (not deferred: a cap means
    /// "enough already", and a pile of postponed promotions would only break tomorrow's cap).
    case capped(rule: String)
    /// The customer is in the holdout group: not sent (the engine routes it to the holdout
    /// topic), but remembered as an exposure so conversions can be compared with the treated.
    case heldOut

    /// `sent`, `suppressed`, `deferred`, `capped` or `held_out`, as written in records.
    public var name: String {
        switch self {
        case .sent: "sent"
        case .suppressed: "suppressed"
        case .deferred: "deferred"
        case .capped: "capped"
        case .heldOut: "held_out"
        }
    }
}

/// The policy's answer for one action: the decision, the action as decided, and the record
/// explaining it.
public struct PolicyOutcome: Sendable, Equatable {
    public var decision: PolicyDecision
    /// The candidate with the final channel applied (a fallback substituted when one was
    /// used); otherwise unchanged — same action ID, so downstream deduplication still works.
    public var action: Action
    public var record: PolicyDecisionRecord

    public init(decision: PolicyDecision, action: Action, record: PolicyDecisionRecord) {
        self.decision = decision
        self.action = action
        self.record = record
    }

    /// The action to produce to the actions topic, if the decision is to send it.
    public var actionToSend: Action? {
        if case .sent = decision { return action }
        return nil
    }

    /// The action to produce to the holdout topic, if the customer is held out.
    public var heldOutAction: Action? {
        decision == .heldOut ? action : nil
    }
}
