/// Everything one open window of one group key holds; dropped as a whole when it closes.
struct WindowState: Sendable {
    /// Never reused, so a timer that outlived its window (merged session) cannot hit a newer
    /// window that happens to have the same bounds. Not part of the durable state: a restore
    /// assigns fresh ids.
    let id: UInt64
    var bounds: WindowBounds
    /// Number of records folded in: the window's `count`.
    ///
    /// No per-window record of *which* records were folded in (formerly a `Set<EventSource>`
    /// per window, to drop redeliveries): a record reaches a window at most once because,
    /// after a rebalance or a crash, a task restores a checkpoint that is a consistent cut
    /// (state and input offsets together) and input resumes exactly after it. The set cost an
    /// allocation per window and a hash per event (~6 % of replay) for a case the checkpoints
    /// already exclude.
    var recordCount: Int
    /// The latest contributing event by ``WindowRecency``: the result's cause and the source of
    /// its non-aggregate fields. Chosen by that order, not by arrival, for replay stability.
    var cause: Event
    var accumulators: [WindowAccumulator]
    /// How many interim (early) results were emitted, numbering their discriminators.
    var earlyEmissions: Int = 0

    /// A window of just `event`; `accumulators` are the empty ones of the configured
    /// aggregations (a shared buffer: it is copied only if an accumulator reads events).
    /// - Parameter keepsCauseFields: whether the cause is kept whole; without, only its position
    ///   and time (see ``WindowTrigger/keepsCauseFields``).
    init(id: UInt64, bounds: WindowBounds, first event: Event, accumulators: [WindowAccumulator],
         keepsCauseFields: Bool = true) {
        self.id = id
        self.bounds = bounds
        self.recordCount = 1
        self.cause = keepsCauseFields ? event : event.withoutFields
        self.accumulators = accumulators
        addToAccumulators(event)
    }

    /// A window as restored from a checkpoint (see `WindowState+Coding.swift`).
    init(id: UInt64, bounds: WindowBounds, recordCount: Int, cause: Event, accumulators: [WindowAccumulator],
         earlyEmissions: Int) {
        self.id = id
        self.bounds = bounds
        self.recordCount = recordCount
        self.cause = cause
        self.accumulators = accumulators
        self.earlyEmissions = earlyEmissions
    }

    /// Folds `event` in.
    mutating func add(_ event: Event, keepsCauseFields: Bool = true) {
        recordCount += 1
        if WindowRecency(cause) < WindowRecency(event) { cause = keepsCauseFields ? event : event.withoutFields }
        addToAccumulators(event)
    }

    /// Skips the accumulators that ignore events (`count`): writing through the subscript
    /// would make the (shared) buffer unique, one allocation per window for nothing. The
    /// up-front check matters: the optimizer makes the buffer unique before any loop that may
    /// write it.
    private mutating func addToAccumulators(_ event: Event) {
        guard accumulators.contains(where: \.readsEvents) else { return }
        for index in accumulators.indices where accumulators[index].readsEvents { accumulators[index].add(event) }
    }

    /// Absorbs another session of the same key (bounds are the caller's business). The two
    /// never share a record (each record is folded into one session), so the counts add up.
    mutating func merge(_ other: WindowState) {
        recordCount += other.recordCount
        if WindowRecency(cause) < WindowRecency(other.cause) { cause = other.cause }
        for index in accumulators.indices where index < other.accumulators.count && accumulators[index].readsEvents {
            accumulators[index].merge(other.accumulators[index])
        }
        earlyEmissions = Swift.max(earlyEmissions, other.earlyEmissions)
    }
}

extension Event {
    /// The event with its position, key and time but no fields: what a window keeps as its
    /// cause when nothing reads the cause's fields (see ``WindowTrigger/keepsCauseFields``).
    var withoutFields: Event {
        Event(source: source, key: key, eventTimeMs: eventTimeMs, fields: JSONObject([]))
    }
}
