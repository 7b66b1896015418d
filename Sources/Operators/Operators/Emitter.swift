/// Collects what operators emit while processing one event (or firing timers).
///
/// Operators write into an `inout` emitter rather than returning arrays so the engine can
/// reuse one buffer per batch (no allocation per event), and so that time is a value fixed by
/// the engine: operators stay pure and tests drive a virtual clock.
public struct Emitter: Sendable {
    /// Processing time for this batch, epoch ms; stamped into `Action.emittedAtMs`. Settable
    /// so replay mode can move virtual time with the watermark.
    public var nowMs: Int64
    /// The event-time watermark: no event with an earlier event time is expected any more
    /// (beyond each operator's grace). `Int64.min` until the first event.
    public var watermarkMs: Int64
    public private(set) var actions: [Action]
    /// Events an operator refused because they arrived after their window/pattern closed.
    /// The engine dead-letters them with reason `late`: never silently dropped.
    public private(set) var late: [LateEvent]

    public init(nowMs: Int64, watermarkMs: Int64 = .min) {
        self.nowMs = nowMs
        self.watermarkMs = watermarkMs
        self.actions = []
        self.late = []
    }

    public mutating func emit(_ action: Action) {
        actions.append(action)
    }

    public mutating func emitLate(_ event: Event, detail: String) {
        late.append(LateEvent(event: event, detail: detail))
    }

    /// Hands over the late events collected so far (the engine turns them into dead letters
    /// with the record that carried them).
    public mutating func takeLate() -> [LateEvent] {
        guard !late.isEmpty else { return [] }
        defer { late.removeAll(keepingCapacity: true) }
        return late
    }

    /// Calls `body` with each emitted action in order, in place: it may change an action (replay
    /// raises `emittedAtMs`) and hand it on without the copy, a retain and a release of each of
    /// its strings, that reading `actions[i]` into a variable costs.
    public mutating func updateActions(_ body: (inout Action) -> Void) {
        guard !actions.isEmpty else { return }
        actions.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices { body(&buffer[index]) }
        }
    }

    /// Drops emitted actions matching `shouldRemove` (e.g. ones a restore found already sent).
    public mutating func removeActions(where shouldRemove: (Action) -> Bool) {
        actions.removeAll(where: shouldRemove)
    }

    /// Drops collected outputs, keeping capacity for the next batch.
    public mutating func removeAll() {
        if !actions.isEmpty { actions.removeAll(keepingCapacity: true) }
        if !late.isEmpty { late.removeAll(keepingCapacity: true) }
    }
}

/// An event that arrived too late for the operator that received it.
public struct LateEvent: Sendable, Equatable {
    public var event: Event
    /// Why, e.g. "window [12:00, 12:01) closed at watermark 12:01:10 (grace 10s)".
    public var detail: String
    public init(event: Event, detail: String) { self.event = event; self.detail = detail }
}
