/// One key's bookkeeping in the driver: the logic's state plus cooldown and timer.
struct PatternKeySlot<State: Sendable>: Sendable {
    var state: State?
    /// The key may fire again at or after this event time.
    var cooldownUntilMs: Int64?
    /// The key's live timer; other queued timers for the key are stale and ignored.
    var timer: (atMs: Int64, token: UInt64)?

    /// Nothing to remember: the driver drops the slot (its timer, if any, turns stale).
    var isIdle: Bool {
        if case .none = state { return cooldownUntilMs == nil }
        return false
    }
}
