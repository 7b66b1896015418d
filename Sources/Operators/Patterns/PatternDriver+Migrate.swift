/// Identity stitching for every pattern kind: when a login links an anonymous device id to a
/// customer id, whatever the device's key holds continues as the customer's — its pending
/// state, cooldown, timer and the events still waiting in the buffer — so a cart started
/// anonymously is reminded to (and cancelled by a purchase of) the known customer.
///
/// Merge rule, when the customer's key already has state (a second device, or the customer's
/// own cart): the customer's pattern state wins and the device's is dropped, so one customer
/// gets one reminder, not one per device; the device's state is taken only when the customer
/// has none. The cooldown is the later of the two, so neither key's running cooldown is
/// lifted by the merge. The device's buffered events are always moved (they have not been
/// applied yet, so they are applied to the merged state in event-time order, as if they had
/// been the customer's from the start).
extension PatternDriver {
    /// Moves key `from`'s slot and buffered events to key `to`, per the merge rule above. The
    /// moved events are re-keyed to `to`; a state that still holds events of `from` fires for
    /// `to` anyway (``PatternMatch/addressed(to:)``). Both keys are marked changed.
    /// - Returns: whether `from` had a slot or buffered events.
    mutating func migrateState(from: String, to: String) -> Bool {
        guard from != to else { return false }
        let moved = slots.removeValue(forKey: from)
        let hadEvents = buffer.hasEntries(forKey: from)
        guard moved != nil || hadEvents else { return false }
        if hadEvents {
            let entries = buffer.entries(forKeys: [from])[from] ?? []
            buffer.removeAll(forKey: from)
            for entry in entries {
                var event = entry.event
                event.key = to
                buffer.insert(event, payload: entry.payload)
            }
        }
        if var slot = moved {
            // The device's queued timer no longer matches a slot's token: stale from here on.
            slot.timer = nil
            if var target = slots.removeValue(forKey: to) {
                if target.state == nil { target.state = slot.state }
                target.cooldownUntilMs = [target.cooldownUntilMs, slot.cooldownUntilMs].compactMap { $0 }.max()
                slot = target // keeps its live timer; armTimer adds an earlier one if needed
            }
            if !slot.isIdle {
                armTimer(&slot, key: to, after: nil)
                slots[to] = slot
            }
        }
        dirtyKeys.insert(from)
        dirtyKeys.insert(to)
        compactTimersIfMostlyStale()
        return true
    }
}

extension PatternMatch {
    /// The match with its event keyed `key` (the slot that fired), so the action's customer and
    /// id follow the key the state lives under now, not the device key a migrated state's start
    /// event was read with. Unchanged (no copy) in the usual case where they are equal.
    func addressed(to key: String) -> PatternMatch {
        guard event.key != key else { return self }
        var copy = self
        copy.event.key = key
        return copy
    }
}
