/// A filter with `distinct_by`: like ``FilterTrigger`` it acts at once on an event matching all
/// predicates, but per key it remembers the ids (the `distinct_by` field) it acted on, and an
/// event whose id was acted on within `withinMs` of that first occurrence is dropped — a record
/// re-sent by a producer retry or a feed replay (same order id, new Kafka offset) sends once.
///
/// Why not a pattern: patterns wait for the watermark to re-sequence events; a filter must act
/// immediately, so decisions follow processing order, which is fixed per partition (replay ==
/// live). An id is live for a decision while `first + withinMs > max(event time, watermark)`:
/// measuring against the watermark too makes the decision independent of when the sweep in
/// ``advance(into:)`` ran (it drops exactly the ids that no decision could still find live),
/// the same rule the contact policy uses for its own decision time.
///
/// An event matching the predicates without a usable id (missing, or not a non-empty string or
/// integer) is refused with `missing_field`, as threshold's `distinct_by` does: acting on it
/// would defeat the deduplication, dropping it would hide bad data. A dropped duplicate is not
/// bad data: it is counted in ``duplicatesDropped``, not dead-lettered.
public struct DistinctFilterTrigger: StreamOperator {
    /// All must match (logical AND); an empty list matches every event.
    public let predicates: [Predicate]
    public let action: ActionTemplate
    /// `distinct_by`: the field whose value identifies a record across re-sends.
    public let distinctBy: FieldPath
    /// `distinct_within`: how long (event time, from the first occurrence) an id is remembered.
    public let withinMs: Int64

    /// Per key, the remembered ids. A key with no ids holds no entry.
    var slots: [String: Slot] = [:]
    /// Keys changed since the last ``takeStateChanges()``.
    var dirtyKeys: Set<String> = []
    /// Keys touched since the last eviction pass, spared by it if possible.
    var recentKeys: Set<String> = []
    /// One live timer per key, at its earliest expiry (`Slot.armedMs`); others are stale.
    var timers = TimerQueue<Void>()

    /// Duplicates dropped since this operator was created (not durable: a metric, not state).
    public private(set) var duplicatesDropped = 0

    /// One key's memory.
    struct Slot: Sendable, Equatable {
        /// id → event time of its first occurrence that produced an action.
        var firstSeenMs: [String: Int64]
        /// Time of the key's live timer, if one is queued.
        var armedMs: Int64?
    }

    /// A negative `withinMs` is treated as 0 (nothing is ever a duplicate).
    public init(trigger: String, predicates: [Predicate], channel: MessageTemplate, message: MessageTemplate,
                customerField: FieldPath?, distinctBy: FieldPath, withinMs: Int64) {
        self.predicates = predicates
        self.action = ActionTemplate(trigger: trigger, channel: channel, message: message, customerField: customerField)
        self.distinctBy = distinctBy
        self.withinMs = max(0, withinMs)
    }

    public mutating func process(_ event: Event, into out: inout Emitter) throws(DecodeFailure) {
        guard predicates.allSatisfy({ $0.matches(event) }) else { return }
        guard let id = event[distinctBy]?.keyString else {
            let found = event[distinctBy].map { "is \($0), not a non-empty string or integer" } ?? "is missing"
            throw DecodeFailure(reason: .missingField, detail: "distinct_by field '\(distinctBy)' \(found)")
        }
        let key = event.key
        recentKeys.insert(key)
        let decisionMs = max(event.eventTimeMs, out.watermarkMs)
        expire(key: key, at: decisionMs)
        if slots[key]?.firstSeenMs[id] != nil {
            duplicatesDropped += 1
            return
        }
        // Made before remembering: an event that cannot become an action must not block the next.
        let made = try action.make(from: event, emittedAtMs: out.nowMs)
        var slot = slots[key] ?? Slot(firstSeenMs: [:], armedMs: nil)
        slot.firstSeenMs[id] = event.eventTimeMs
        slots[key] = slot
        dirtyKeys.insert(key)
        arm(key: key)
        out.emit(made)
    }

    /// Drops the ids that expired by the watermark, so a quiet key's memory goes too.
    public mutating func advance(into out: inout Emitter) {
        let watermark = out.watermarkMs
        while let due = timers.popDue(atOrBefore: watermark) {
            guard let armed = slots[due.key]?.armedMs, armed == due.timeMs else { continue } // stale
            expire(key: due.key, at: watermark)
        }
    }

    /// Keys holding remembered ids in memory.
    public var stateKeyCount: Int { slots.count }

    /// The ids `key` remembers (tests, `state stats`-style inspection).
    public func rememberedIDs(of key: String) -> [String: Int64] { slots[key]?.firstSeenMs ?? [:] }

    /// Forgets the key's ids whose period ended at or before `timeMs`, drops the key when none is
    /// left, and re-arms its timer. Cheap when nothing is due: the armed time is never later than
    /// the earliest expiry, so only a due key is scanned.
    mutating func expire(key: String, at timeMs: Int64) {
        guard var slot = slots[key], let armed = slot.armedMs ?? earliestExpiry(of: slot), armed <= timeMs else { return }
        let before = slot.firstSeenMs.count
        slot.firstSeenMs = slot.firstSeenMs.filter { PatternTime.adding(withinMs, to: $0.value) > timeMs }
        slot.armedMs = nil // a queued entry at the old time is stale now
        if slot.firstSeenMs.count != before { dirtyKeys.insert(key) }
        slots[key] = slot.firstSeenMs.isEmpty ? nil : slot
        arm(key: key)
    }

    /// Queues the key's timer at its earliest expiry unless one at or before it is queued.
    mutating func arm(key: String) {
        guard let slot = slots[key], let expiry = earliestExpiry(of: slot) else { return }
        if let armed = slot.armedMs, armed <= expiry { return }
        slots[key]?.armedMs = expiry
        timers.schedule(at: expiry, key: key, payload: ())
    }

    func earliestExpiry(of slot: Slot) -> Int64? {
        slot.firstSeenMs.values.min().map { PatternTime.adding(withinMs, to: $0) }
    }
}
