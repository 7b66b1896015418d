extension ContactPolicy {
    /// A consent event: from `atMs` on, `customer` grants (or refuses) contact on `channel`
    /// (``ConsentOverride/allChannels`` for every channel), overriding the profile table.
    ///
    /// Decisions at or after `atMs` that are made after this call see it, deferred actions
    /// released later included; decisions already made are not revisited (an action sent
    /// cannot be unsent). The override is durable state of the customer until an erase.
    ///
    /// - Parameter horizonMs: a time no later decision of this customer precedes (the engine
    ///   passes the task's watermark): overrides superseded by then are dropped. Only bounds
    ///   the state; decisions do not depend on it.
    public mutating func recordConsent(customer: String, channel: String, granted: Bool, atMs: Int64,
                                       horizonMs: Int64) {
        // A pending release may be due before the watermark (it fires at its own time), so the
        // horizon never passes the customer's earliest one.
        let earliestRelease = customers[customer]?.deferred.first?.untilMs ?? .max
        let horizon = Swift.min(horizonMs, earliestRelease)
        update(customer) {
            $0.consent.record(ConsentOverride(channel: channel, atMs: atMs, granted: granted), horizonMs: horizon)
        }
    }

    /// The consent for `channel` at `atMs`: the customer's newest consent event at or before
    /// then, else the profile's (the context's).
    func consent(of customer: String, on channel: String, atMs: Int64, context: CustomerContext) -> ConsentStatus {
        customers[customer]?.consent.status(of: channel, atMs: atMs) ?? context.consent(for: channel)
    }
}
