import Operators

/// An action waiting for quiet hours to end, with everything needed to decide it again.
struct DeferredAction: Sendable, Equatable {
    /// The candidate as the trigger produced it (original channel: consent and fallback are
    /// re-evaluated at release).
    var action: Action
    var category: ActionCategory
    /// The context at deferral, used at release unless the engine supplies a fresher one.
    var context: CustomerContext
    var deferredAtMs: Int64
    var untilMs: Int64
}

/// A marketing action sent (treated) or held out (holdout), remembered for attribution.
struct Exposure: Sendable, Equatable {
    var actionID: String
    var trigger: String
    var channel: String
    var atMs: Int64
    var group: AttributionGroup
}

/// Everything the policy remembers about one customer: the durable state of one key.
struct CustomerPolicyState: Sendable, Equatable {
    /// Decision times of marketing actions sent or held out, for frequency caps; in decision
    /// order. Held-out actions count too, so the control group is capped exactly like the
    /// treated group would have been and the two stay comparable.
    var sends: [Int64] = []
    /// Ordered by release time, then by deferral order (the order they are released in).
    var deferred: [DeferredAction] = []
    /// In decision order.
    var exposures: [Exposure] = []
    /// Consent events (`policies.consent_events`), by event time; they never expire (a
    /// refusal must be honoured until revoked), only superseded ones are dropped.
    var consent: [ConsentOverride] = []

    var isEmpty: Bool { sends.isEmpty && deferred.isEmpty && exposures.isEmpty && consent.isEmpty }

    /// Inserts after every action due at or before the same time, so equal times release in
    /// the order they were deferred.
    mutating func insertDeferred(_ item: DeferredAction) {
        let index = deferred.firstIndex { $0.untilMs > item.untilMs } ?? deferred.endIndex
        deferred.insert(item, at: index)
    }

    /// Forgets what can no longer matter at `nowMs`: sends older than `sendRetentionMs` and
    /// exposures older than `exposureRetentionMs`. Returns whether anything was dropped.
    mutating func prune(atMs nowMs: Int64, sendRetentionMs: Int64, exposureRetentionMs: Int64) -> Bool {
        let before = (sends.count, exposures.count)
        let sendHorizon = nowMs &- sendRetentionMs
        let exposureHorizon = nowMs &- exposureRetentionMs
        sends.removeAll { $0 < sendHorizon }
        exposures.removeAll { $0.atMs < exposureHorizon }
        return before != (sends.count, exposures.count)
    }

    /// The earliest time at which ``prune(atMs:sendRetentionMs:exposureRetentionMs:)`` would
    /// drop something, `nil` if nothing ever expires (only deferred actions, or nothing).
    func nextExpiryMs(sendRetentionMs: Int64, exposureRetentionMs: Int64) -> Int64? {
        let sendExpiry = sends.min().map { $0 &+ sendRetentionMs &+ 1 }
        let exposureExpiry = exposures.lazy.map(\.atMs).min().map { $0 &+ exposureRetentionMs &+ 1 }
        switch (sendExpiry, exposureExpiry) {
        case let (send?, exposure?): return min(send, exposure)
        case let (send?, nil): return send
        case let (nil, exposure?): return exposure
        case (nil, nil): return nil
        }
    }
}
