/// Everything one open window of one group key holds; dropped as a whole when it closes.
struct WindowState: Sendable {
    /// Never reused, so a timer that outlived its window (merged session) cannot hit a newer
    /// window that happens to have the same bounds. Not part of the durable state: a restore
    /// assigns fresh ids.
    let id: UInt64
    var bounds: WindowBounds
    /// Number of distinct records folded in: the window's `count`.
    var recordCount: Int
    /// Records folded in since this window was opened or restored, so a redelivered record
    /// (same topic/partition/offset after a rebalance) is counted once.
    ///
    /// Memory only, never checkpointed: it grows with every event, and after a restore input
    /// resumes exactly after the checkpointed offsets, so nothing from before can be redelivered.
    var seen: Set<EventSource>
    /// The latest contributing event by ``WindowRecency``: the result's cause and the source of
    /// its non-aggregate fields. Chosen by that order, not by arrival, for replay stability.
    var cause: Event
    var accumulators: [WindowAccumulator]
    /// How many interim (early) results were emitted, numbering their discriminators.
    var earlyEmissions: Int = 0

    init(id: UInt64, bounds: WindowBounds, first event: Event, aggregations: [Aggregation]) {
        self.id = id
        self.bounds = bounds
        self.recordCount = 1
        self.seen = [event.source]
        self.cause = event
        self.accumulators = aggregations.map(WindowAccumulator.init)
        for index in accumulators.indices { accumulators[index].add(event) }
    }

    /// A window as restored from a checkpoint (see `WindowState+Coding.swift`).
    init(id: UInt64, bounds: WindowBounds, recordCount: Int, cause: Event, accumulators: [WindowAccumulator],
         earlyEmissions: Int) {
        self.id = id
        self.bounds = bounds
        self.recordCount = recordCount
        self.seen = []
        self.cause = cause
        self.accumulators = accumulators
        self.earlyEmissions = earlyEmissions
    }

    func contains(_ source: EventSource) -> Bool {
        seen.contains(source)
    }

    /// Folds `event` in; `false` (and no change) if the record was already seen.
    mutating func add(_ event: Event) -> Bool {
        guard seen.insert(event.source).inserted else { return false }
        recordCount += 1
        if WindowRecency(cause) < WindowRecency(event) { cause = event }
        for index in accumulators.indices { accumulators[index].add(event) }
        return true
    }

    /// Absorbs another session of the same key (bounds are the caller's business). The two
    /// never share a record: a redelivery overlaps the session holding the original and is
    /// dropped before any merge, so the counts add up.
    mutating func merge(_ other: WindowState) {
        seen.formUnion(other.seen)
        recordCount += other.recordCount
        if WindowRecency(cause) < WindowRecency(other.cause) { cause = other.cause }
        for index in accumulators.indices where index < other.accumulators.count {
            accumulators[index].merge(other.accumulators[index])
        }
        earlyEmissions = Swift.max(earlyEmissions, other.earlyEmissions)
    }
}
