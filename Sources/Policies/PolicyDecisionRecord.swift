import Operators

/// One line of the decisions topic: why a customer did or did not get a message.
///
/// Written for every decision — including each deferral and its later release — so support
/// can answer "why didn't I get that SMS?" from the topic alone.
public struct PolicyDecisionRecord: Sendable, Equatable {
    public var actionID: String
    public var trigger: String
    public var customerID: String
    public var category: ActionCategory
    /// The channel the trigger asked for.
    public var candidateChannel: String
    /// The channel used (or that would have been used, for `held_out`); `nil` when nothing was
    /// or would be sent (suppressed, capped) or not yet decided (deferred).
    public var finalChannel: String?
    public var decision: PolicyDecision
    /// When the action was deferred, if this decision is its release; `nil` otherwise.
    public var deferredAtMs: Int64?
    /// The (virtual) time of the decision, epoch ms.
    public var atMs: Int64

    public init(actionID: String, trigger: String, customerID: String, category: ActionCategory,
                candidateChannel: String, finalChannel: String?, decision: PolicyDecision,
                deferredAtMs: Int64?, atMs: Int64) {
        self.actionID = actionID
        self.trigger = trigger
        self.customerID = customerID
        self.category = category
        self.candidateChannel = candidateChannel
        self.finalChannel = finalChannel
        self.decision = decision
        self.deferredAtMs = deferredAtMs
        self.atMs = atMs
    }

    /// The rule or reason behind the decision: the suppression reason, the cap's name,
    /// `quiet_hours`, `holdout`, `fallback` for a send on a fallback channel, `nil` for a
    /// plain send.
    public var reason: String? {
        switch decision {
        case .sent(let channel): channel == candidateChannel ? nil : "fallback"
        case .suppressed(let reason): reason.rawValue
        case .deferred: "quiet_hours"
        case .capped(let rule): rule
        case .heldOut: "holdout"
        }
    }

    /// When a deferred action will be decided again; `nil` for other decisions.
    public var untilMs: Int64? {
        if case .deferred(let until) = decision { return until }
        return nil
    }

    /// Compact JSON with a fixed key order (reproducible bytes):
    /// `{"action_id":…,"trigger":…,"customer_id":…,"category":…,"candidate_channel":…,
    /// "final_channel":…|null,"decision":…,"reason":…|null,"until":…|null,
    /// "deferred_at":…|null,"time":…}`.
    public func encodeJSON() -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256)
        writer.raw("{\"action_id\":")
        writer.writeString(actionID)
        writer.raw(",\"trigger\":")
        writer.writeString(trigger)
        writer.raw(",\"customer_id\":")
        writer.writeString(customerID)
        writer.raw(",\"category\":")
        writer.writeString(category.rawValue)
        writer.raw(",\"candidate_channel\":")
        writer.writeString(candidateChannel)
        writer.raw(",\"final_channel\":")
        writer.writeOptionalString(finalChannel)
        writer.raw(",\"decision\":")
        writer.writeString(decision.name)
        writer.raw(",\"reason\":")
        writer.writeOptionalString(reason)
        writer.raw(",\"until\":")
        writer.writeOptionalInt(untilMs)
        writer.raw(",\"deferred_at\":")
        writer.writeOptionalInt(deferredAtMs)
        writer.raw(",\"time\":")
        writer.writeInt(atMs)
        writer.raw("}")
        return writer.bytes
    }
}

extension JSONWriter {
    mutating func writeOptionalString(_ value: String?) {
        if let value { writeString(value) } else { writeNull() }
    }

    mutating func writeOptionalInt(_ value: Int64?) {
        if let value { writeInt(value) } else { writeNull() }
    }
}
