import Operators

/// What a policy timer does when it fires.
enum PolicyTimer: Sendable {
    /// Release the customer's first deferred action due at the timer's time.
    case release
    /// Prune the customer's expired history (retention), deleting the key once empty.
    case expire
}

extension ContactPolicy {
    /// Fires everything due at or before `toMs`, in (time, customer) order: releases deferred
    /// actions — each decided again at its own release time (not at `toMs`), so how often the
    /// engine calls this does not change any decision — and prunes expired history.
    ///
    /// - Parameter context: the customer's current context, if the engine has one (consent may
    ///   have been withdrawn overnight); `nil` means the context the action was deferred with.
    /// - Returns: one outcome per released action (sent, capped, held out, suppressed, or
    ///   deferred again if the customer's zone changed and it is still quiet there).
    public mutating func advance(toMs: Int64, context: (String) -> CustomerContext? = { _ in nil }) -> [PolicyOutcome] {
        var outcomes: [PolicyOutcome] = []
        while let timer = timers.popDue(atOrBefore: toMs) {
            switch timer.payload {
            case .release:
                if let outcome = release(timer.key, atMs: timer.timeMs, context: context) { outcomes.append(outcome) }
            case .expire:
                guard expiryArmed[timer.key] == timer.timeMs else { continue }
                expiryArmed[timer.key] = nil
                prune(timer.key, atMs: timer.timeMs)
                armExpiry(timer.key)
            }
        }
        return outcomes
    }

    private mutating func release(_ customer: String, atMs: Int64,
                                  context: (String) -> CustomerContext?) -> PolicyOutcome? {
        guard let index = customers[customer]?.deferred.firstIndex(where: { $0.untilMs == atMs }) else { return nil }
        var item: DeferredAction?
        update(customer) { item = $0.deferred.remove(at: index) }
        guard let item else { return nil }
        counters.released += 1
        return evaluate(item.action, category: item.category, atMs: atMs, context: context(customer) ?? item.context,
                        deferredAtMs: item.deferredAtMs)
    }

    /// Schedules the customer's next retention expiry unless an earlier one is pending.
    mutating func armExpiry(_ customer: String) {
        guard let next = customers[customer]?.nextExpiryMs(sendRetentionMs: sendRetentionMs,
                                                           exposureRetentionMs: exposureRetentionMs) else { return }
        if let armed = expiryArmed[customer], armed <= next { return }
        timers.schedule(at: next, key: customer, payload: .expire)
        expiryArmed[customer] = next
    }

    /// Re-creates the timers of a customer's restored state.
    mutating func armTimers(_ customer: String) {
        for item in customers[customer]?.deferred ?? [] {
            timers.schedule(at: item.untilMs, key: customer, payload: .release)
        }
        armExpiry(customer)
    }
}
