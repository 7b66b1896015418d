extension WindowTrigger {
    /// The event a window's action is rendered from: the latest contributing event's fields
    /// (so templates can mention e.g. the customer's name) overridden by `key`, `window_start`,
    /// `window_end` (epoch ms) and each aggregate by name. Its event time is `end - 1`, the
    /// last instant the window covers, and its source is the latest event's.
    func resultEvent(of window: WindowState, key: String) -> Event {
        var extra: [(key: String, value: JSONValue)] = [
            ("key", .string(key)),
            ("window_start", .number(Double(window.bounds.start))),
            ("window_end", .number(Double(window.bounds.end))),
        ]
        extra.reserveCapacity(3 + aggregates.count)
        for (named, accumulator) in zip(aggregates, window.accumulators) {
            extra.append((named.name, accumulator.result(recordCount: window.recordCount)))
        }
        var event = window.cause.adding(extra)
        event.key = key
        event.eventTimeMs = WindowTime.subtract(window.bounds.end, 1)
        return event
    }

    /// Emits the window's action if `having` holds; returns whether it did.
    ///
    /// The action ID derives from the group key and `discriminator` (the window bounds), not
    /// from the cause, so it is stable however the window's events arrived. Building the action
    /// can fail only when the customer field names a result value (e.g. a `last` aggregate that
    /// is not an ID); `advance` cannot throw, so the result is reported as a dead letter of its
    /// latest event instead of vanishing.
    func emitResult(of window: WindowState, key: String, discriminator: String, into out: inout Emitter) -> Bool {
        let result = resultEvent(of: window, key: key)
        guard having.allSatisfy({ $0.matches(result) }) else { return false }
        do {
            out.emit(try action.make(from: result, cause: window.cause.source, discriminator: discriminator,
                                     emittedAtMs: out.nowMs))
            return true
        } catch {
            out.emitLate(window.cause, detail: "result of window \(window.bounds) for key '\(key)' not emitted: \(error.detail)")
            return false
        }
    }
}
