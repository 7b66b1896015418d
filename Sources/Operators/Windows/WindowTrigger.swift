/// Windowed aggregation per group key: Kafka Streams' tumbling, hopping and session windows
/// with Flink's event-time model (windows close when the watermark passes `end + grace`).
///
/// `process` folds matching events into every open window they belong to; `advance` closes
/// the windows the watermark has passed, in (end, key, start) order, and emits one action per
/// closed window whose result satisfies `having`. Optionally, changed windows also emit
/// interim ("early") results on a processing-time cadence, for dashboards and "you're close to
/// free shipping" nudges that cannot wait for the window to close.
///
/// Determinism: results do not depend on the arrival order of events that arrive before their
/// window closes. Aggregates are order-insensitive (see ``Aggregation``), "latest" means
/// greatest (event time, topic, partition, offset), and action IDs derive from the group key
/// and window bounds — so a replay after a crash re-emits byte-identical actions that
/// downstream deduplication drops.
///
/// Memory: state exists only for open windows and is dropped when they close; a key's emptied
/// entry (no windows) stays until the next checkpoint has reported its deletion.
///
/// Durability: a group key's state is its open windows (see `WindowTrigger+State.swift`);
/// every change to them marks the key dirty, and the next checkpoint writes just those keys.
/// Per-key bookkeeping lives next to the windows (``WindowKeyState``): one hash per event.
public struct WindowTrigger: StreamOperator {
    /// All must match (logical AND) for an event to be aggregated; an empty list matches all.
    public let predicates: [Predicate]
    public let spec: WindowSpec
    /// Field to aggregate by; `nil` means the event key.
    public let groupBy: FieldPath?
    public let aggregates: [(name: String, aggregation: Aggregation)]
    /// Processing-time cadence of interim results; `nil` (or non-positive) disables them.
    public let earlyEveryMs: Int64?
    /// Conditions on the result event (aggregates by name, `key`, `window_start`,
    /// `window_end`, and the latest event's fields) that must all hold for it to be emitted.
    public let having: [Predicate]
    public let action: ActionTemplate

    let assigner: WindowAssigner
    let graceMs: Int64
    let aggregations: [Aggregation]
    /// The accumulators of a window before its first event, shared by every new window: a
    /// `count` never writes its accumulator (see ``WindowAccumulator/readsEvents``), so a
    /// count-only window keeps this buffer instead of allocating its own.
    let initialAccumulators: [WindowAccumulator]
    /// Whether a window keeps its cause event whole. Nothing but a result's texts, its
    /// customer field and `having` read the cause's fields, and only for names the result does
    /// not define itself; when none does, a window keeps just the cause's position and time.
    /// Holding every window's latest event (its fields array and strings) was most of a
    /// window's memory, freed cold when a newer event replaced it, and written into every
    /// checkpoint of the key. Checkpoints written either way restore either way.
    let keepsCauseFields: Bool
    /// Whether each event is checked up front for the action's customer field (see
    /// ``validateCustomer(of:)``).
    let checksCustomerPerEvent: Bool
    /// The id hasher after the trigger name, shared by every final result's id (see
    /// ``ActionID/derivedPrefix(trigger:)``).
    let resultIDPrefix: StableHasher
    /// Final results' texts by record count, when they depend on nothing else (see
    /// ``WindowCountTexts``); nil otherwise.
    var countTexts: WindowCountTexts?

    /// Per group key: its open windows (sorted by start) and checkpoint bookkeeping, in one
    /// entry so that an event costs one hash of its key (see ``WindowKeyState``), in a slot
    /// that its windows' close timers carry (see ``WindowKeyTable``).
    var keyStates = WindowKeyTable()
    /// One timer per open window at its end (payload: window id and key slot). Session windows that grew
    /// keep their old timer and are re-armed when it fires; timers of windows merged away are
    /// skipped. Both kinds of stale entry fire no later than the surviving window closes.
    var closeTimers = TimerQueue<WindowTimer>()
    /// Windows changed since their last early emission → processing time it is due at.
    var earlyDue: [WindowRef: Int64] = [:]
    /// A lower bound of `earlyDue`'s values, so `advance` skips the scan between ticks.
    var nextEarlyDueMs: Int64 = .max
    var nextWindowID: UInt64 = 0
    /// Keys whose windows changed since the last ``takeStateChanges()``, each once (exactly the
    /// entries with `isDirty`): O(1) per event, the serialisation waits for the checkpoint.
    var dirtyKeys: [String] = []
    /// The current eviction interval. Keys reported by a `takeStateChanges()` in it carry it as
    /// their `recentEpoch`, and eviction spares them (a clock-style approximation of least
    /// recently used, at checkpoint granularity); each `evictColdState` starts a new one.
    var recencyEpoch: UInt64 = 1
    /// Keys whose deletion a `takeStateChanges()` reported in this interval: their empty
    /// entries stay (for recency) until the interval ends.
    var deletedKeys: [String] = []
    /// Keys with at least one open window (`keyStates` also holds emptied entries).
    var keysWithWindows = 0

    /// Number of open windows over all keys (for metrics and tests).
    public internal(set) var openWindowCount = 0

    public init(
        predicates: [Predicate],
        spec: WindowSpec,
        groupBy: FieldPath?,
        aggregates: [(name: String, aggregation: Aggregation)],
        earlyEveryMs: Int64?,
        having: [Predicate],
        action: ActionTemplate
    ) {
        self.predicates = predicates
        self.spec = spec
        self.groupBy = groupBy
        self.aggregates = aggregates
        self.earlyEveryMs = earlyEveryMs.flatMap { $0 > 0 ? $0 : nil }
        self.having = having
        self.action = action
        self.assigner = WindowAssigner(spec.kind)
        self.graceMs = Swift.max(0, spec.graceMs)
        self.aggregations = aggregates.map(\.aggregation)
        self.initialAccumulators = aggregations.map(WindowAccumulator.init)
        self.resultIDPrefix = ActionID.derivedPrefix(trigger: action.trigger)
        self.countTexts = Self.textsDependOnCountOnly(action: action, having: having, aggregates: aggregates)
            ? WindowCountTexts() : nil
        let overridden = Set(["key", "window_start", "window_end"] + aggregates.map(\.name))
        self.keepsCauseFields = Self.readsCauseFields(action: action, having: having, resultNames: overridden)
        if let first = action.customerField?.components.first {
            self.checksCustomerPerEvent = !overridden.contains(first)
        } else {
            self.checksCustomerPerEvent = false
        }
    }

    public mutating func process(_ event: Event, into out: inout Emitter) throws(DecodeFailure) {
        guard predicates.allSatisfy({ $0.matches(event) }) else { return }
        let key = try WindowGroupKey.of(event, groupBy: groupBy)
        try validateCustomer(of: event)
        switch assigner {
        case .fixed(let sizeMs, let advanceMs):
            addToFixedWindows(event, key: key, sizeMs: sizeMs, advanceMs: advanceMs, into: &out)
        case .session(let gapMs):
            addToSession(event, key: key, gapMs: gapMs, into: &out)
        }
    }

    public mutating func advance(into out: inout Emitter) {
        closeDueWindows(into: &out)
        emitEarlyResults(into: &out)
    }

    /// The earliest close timer plus the grace period (`closeDueWindows` fires timers at or
    /// before `watermark - grace`), or "always" while early results are pending: those follow
    /// processing time. Stale timers (merged or grown sessions) only make it earlier, never later.
    public var nextDueMs: Int64 {
        if earlyEveryMs != nil && !earlyDue.isEmpty { return .min }
        guard let next = closeTimers.nextTimeMs else { return .max }
        // `watermark - grace` saturates at `.min`, where a timer at `.min` is due at any watermark.
        return next == .min ? .min : WindowTime.add(next, graceMs)
    }

    /// Rejects an event without a usable customer ID now, as ``FilterTrigger`` would, rather
    /// than at window close: `advance` cannot throw, and whether the result would fail must
    /// not depend on which event happens to be the latest. Skipped when the customer field
    /// names a value the result itself defines (`key`, the bounds, an aggregate).
    func validateCustomer(of event: Event) throws(DecodeFailure) {
        guard checksCustomerPerEvent else { return }
        _ = try action.customerID(of: event)
    }

    /// A window has closed once the watermark reached `end + grace`.
    func isClosed(_ bounds: WindowBounds, watermarkMs: Int64) -> Bool {
        WindowTime.add(bounds.end, graceMs) <= watermarkMs
    }

    /// Records that a window changed, scheduling its next early emission at the next multiple
    /// of `earlyEveryMs` in processing time. Aligned ticks make all changed windows report
    /// together (one burst per interval instead of a trickle) at most once per interval each.
    mutating func markChanged(_ ref: WindowRef, nowMs: Int64) {
        guard let every = earlyEveryMs, earlyDue[ref] == nil else { return }
        let due = WindowTime.add(WindowTime.floorMultiple(nowMs, of: every), every)
        earlyDue[ref] = due
        nextEarlyDueMs = Swift.min(nextEarlyDueMs, due)
    }

    /// Creates a window holding just `event` and arms its close timer; the caller stores it
    /// (and counts the key in `keysWithWindows` if it is its first).
    mutating func openWindow(_ bounds: WindowBounds, key: String, slot: KeySlot, with event: Event) -> WindowState {
        let window = WindowState(id: nextWindowID, bounds: bounds, first: event, accumulators: initialAccumulators,
                                 keepsCauseFields: keepsCauseFields)
        nextWindowID &+= 1
        openWindowCount += 1
        closeTimers.schedule(at: bounds.end, key: key, payload: WindowTimer(id: window.id, slot: slot))
        return window
    }
}

extension WindowTrigger {
    /// Whether any text, the customer field or a `having` test may read a field of the cause
    /// (a path whose first name is not one the result defines). Templates that are not simple
    /// (swift-mustache sections, per-locale texts) may read anything.
    static func readsCauseFields(action: ActionTemplate, having: [Predicate], resultNames: Set<String>) -> Bool {
        func causeField(_ path: FieldPath) -> Bool {
            guard let first = path.components.first else { return false }
            return !resultNames.contains(first)
        }
        guard let channel = action.channel.simpleVariables, let message = action.message.simpleVariables else { return true }
        if (channel + message).contains(where: causeField) { return true }
        if let customer = action.customerField, causeField(customer) { return true }
        return having.contains { $0.fieldPaths.contains(where: causeField) }
    }
}

/// A close timer's payload: the window's never-reused id, and the slot of its key's entry in
/// ``WindowTrigger/keyStates`` so that closing needs no hash of the key (the id validates the
/// slot, see ``WindowKeyTable``).
struct WindowTimer: Sendable {
    var id: UInt64
    var slot: Int
}

/// Names one window across the operator's state: its group key and never-reused id.
struct WindowRef: Sendable, Hashable {
    var key: String
    var id: UInt64
}
