extension WindowTrigger {
    /// The event a window's action is rendered from: the latest contributing event's fields
    /// (so templates can mention e.g. the customer's name) overridden by `key`, `window_start`,
    /// `window_end` (epoch ms) and each aggregate by name. Its event time is `end - 1`, the
    /// last instant the window covers, and its source is the latest event's.
    func resultEvent(of window: WindowState, key: String) -> Event {
        // Built in one exactly-sized array (what `Event.adding` computes, without the extras'
        // own array): one per closed window, so on the bench's hot path.
        let causeFields = window.cause.fields.fields
        var fields: [(key: String, value: JSONValue)] = []
        fields.reserveCapacity(causeFields.count + 3 + aggregates.count)
        for field in causeFields where !isResultName(field.key) {
            fields.append(field)
        }
        fields.append(("key", .string(key)))
        fields.append(("window_start", .number(Double(window.bounds.start))))
        fields.append(("window_end", .number(Double(window.bounds.end))))
        for (named, accumulator) in zip(aggregates, window.accumulators) {
            fields.append((named.name, accumulator.result(recordCount: window.recordCount)))
        }
        var event = window.cause
        event.fields = JSONObject(fields)
        event.key = key
        event.eventTimeMs = WindowTime.subtract(window.bounds.end, 1)
        return event
    }

    /// Whether the result defines a field of this name itself (overriding the cause's).
    private func isResultName(_ name: String) -> Bool {
        name == "key" || name == "window_start" || name == "window_end" || aggregates.contains { $0.name == name }
    }

    /// Emits the window's action if `having` holds; returns whether it did.
    ///
    /// The action ID (computed only once `having` holds) derives from the group key and a
    /// discriminator naming the window bounds and the `occurrence`, not from the cause, so it is
    /// stable however the window's events arrived. Building the action
    /// can fail only when the customer field names a result value (e.g. a `last` aggregate that
    /// is not an ID); `advance` cannot throw, so the result is reported as a dead letter of its
    /// latest event instead of vanishing.
    func emitResult(of window: WindowState, key: String, occurrence: ResultOccurrence, into out: inout Emitter) -> Bool {
        if let texts = directResultTexts(of: window, key: key) {
            out.emit(directAction(of: window, key: key, occurrence: occurrence, texts: texts, emittedAtMs: out.nowMs))
            return true
        }
        // `having` first, from the window state: most closed windows fail it (a threshold), and
        // those need no result event at all. The result event answers every path alike.
        if !having.isEmpty {
            let view = WindowResultView(of: window, key: key, aggregates: aggregates)
            guard having.allSatisfy({ $0.matches { view.value(at: $0) } }) else { return false }
        }
        let result = resultEvent(of: window, key: key)
        let id = resultActionID(key: key, bounds: window.bounds, occurrence: occurrence)
        do {
            out.emit(try action.make(from: result, cause: window.cause.source, actionID: id, emittedAtMs: out.nowMs))
            return true
        } catch {
            out.emitLate(window.cause, detail: "result of window \(window.bounds) for key '\(key)' not emitted: \(error.detail)")
            return false
        }
    }
}

extension WindowTrigger {
    /// What `action.make(from: resultEvent(…))` builds from texts rendered without the event
    /// (``directResultTexts(of:key:)``; identical output, checked by WindowDirectResultTests).
    func directAction(of window: WindowState, key: String, occurrence: ResultOccurrence,
                      texts: (channel: String, message: String), emittedAtMs: Int64) -> Action {
        Action(storedID: resultActionIDValue(key: key, bounds: window.bounds, occurrence: occurrence),
               trigger: action.trigger, customerID: key, channel: texts.channel, message: texts.message,
               eventTimeMs: WindowTime.subtract(window.bounds.end, 1), emittedAtMs: emittedAtMs,
               cause: window.cause.source)
    }

    /// The id of a window result's action: from the group key and the window's bounds and
    /// occurrence, so it is stable however the window's events arrived.
    func resultActionID(key: String, bounds: WindowBounds, occurrence: ResultOccurrence) -> String {
        resultActionIDValue(key: key, bounds: bounds, occurrence: occurrence).text
    }

    /// ``resultActionID(key:bounds:occurrence:)``, a final result's id kept as its hash halves.
    func resultActionIDValue(key: String, bounds: WindowBounds, occurrence: ResultOccurrence) -> ActionIDValue {
        switch occurrence {
        case .final:
            Self.closeActionIDValue(prefix: resultIDPrefix, key: key, bounds: bounds)
        case .early(let sequence):
            .text(ActionID.make(trigger: action.trigger, key: key, discriminator: "w:\(bounds.start):\(bounds.end):early:\(sequence)"))
        }
    }
}

/// Which result of a window an action reports; part of its id's discriminator.
enum ResultOccurrence {
    /// The final result, when the window closes: `w:<start>:<end>`.
    case final
    /// The n-th interim result (from 1): `w:<start>:<end>:early:<n>`.
    case early(Int)
}
