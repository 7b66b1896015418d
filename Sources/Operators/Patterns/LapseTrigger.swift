/// "The deadline is near and the key has gone quiet" → fire once per deadline: e.g. a
/// membership expiring within 30 days whose member has not visited in the last 60 days gets a
/// renewal offer (`kind: lapse`).
///
/// Per key the logic keeps the current *term* (the newest deadline event in event time and the
/// deadline D it carries), the time L of the last activity, and the time S of the newest
/// `started` event. The quiet period runs from L, else from S, else from nowhere (the member has
/// been quiet for as long as this pipeline knows — so "no visit at all" fires as soon as the
/// lead window opens). The term fires at
///
///     T = max(D − lead, L + quiet, the term's own event time)   if T < D,
///
/// once (at T ≥ D the deadline has passed: no offer). An activity moves L and so T; one after
/// the firing changes nothing for that term. A deadline event carrying a *different* D starts a
/// new term (a renewal moves the expiry: a new offer is possible); one repeating the current D
/// (a duplicate or re-sent marker) keeps the term and whether it was offered. A deadline at or
/// before its event's own time ends the term (the membership has expired).
///
/// Times are inclusive for the events that meet them, as in every pattern kind: an activity at
/// exactly T is applied before the timer and re-arms it to T + quiet.
///
/// The action is attributed to the term's deadline event (its fields — the plan, the expiry
/// as sent — and its time; `cause` = that event; ID from `lapse:<its source>`, so one per term)
/// and its templates also get `deadline` (epoch ms), `last_activity` (epoch ms, or null when no
/// activity is known) and `days_left` (whole days from the firing to D, rounded down).
///
/// State is kept while a term is pending (until D) or while L or S is less than `quiet` old;
/// after that a key's quiet baseline is "never", which gives the same answer, so it is dropped.
public struct LapseTrigger: StreamOperator {
    private var driver: PatternDriver<LapseLogic>

    /// - Parameters:
    ///   - deadlineWhen: events that set (or move) the key's deadline.
    ///   - deadlineField: where those events carry it (epoch ms or RFC 3339).
    ///   - activity: events that count as activity (a visit).
    ///   - started: events that start the quiet period when there was no activity yet (a
    ///     membership start); empty means none does.
    ///   - quietMs: how long without activity makes a key quiet.
    ///   - leadMs: how far before the deadline the key may fire.
    public init(common: PatternCommon, deadlineWhen: [Predicate], deadlineField: FieldPath, activity: [Predicate],
                started: [Predicate] = [], quietMs: Int64, leadMs: Int64) {
        driver = PatternDriver(common: common, logic: LapseLogic(
            deadlineWhen: deadlineWhen, deadlineField: deadlineField, activity: activity, started: started,
            quietMs: max(0, quietMs), leadMs: max(0, leadMs)
        ))
    }

    /// Keys holding state (a term, a recent activity or start, or a running cooldown).
    public var pendingKeyCount: Int { driver.keyCount }
    /// Events waiting for the watermark to pass them.
    public var bufferedEventCount: Int { driver.bufferedCount }

    public mutating func process(_ event: Event, into out: inout Emitter) throws(DecodeFailure) {
        try driver.process(event, into: &out)
    }

    public mutating func advance(into out: inout Emitter) {
        driver.advance(into: &out)
    }

    public var nextDueMs: Int64 { driver.nextDueMs }

    public mutating func takeStateChanges() -> [StateChange] { driver.takeStateChanges() }

    public mutating func restoreState(key: String, value: [UInt8]) throws(StateRestoreError) {
        try driver.restoreState(key: key, value: value)
    }

    public mutating func eraseState(key: String) -> Bool { driver.eraseState(key: key) }

    public mutating func migrateState(from: String, to: String) -> Bool { driver.migrateState(from: from, to: to) }

    /// Keys holding a pattern state, a running cooldown or buffered events.
    public var stateKeyCount: Int { driver.stateKeyCount }

    public func stateKey(for event: Event) -> String? { driver.stateKey(for: event) }

    public func isResident(key: String) -> Bool { driver.isResident(key: key) }

    public mutating func evictColdState(keepingAtMost limit: Int) -> [EvictedKey] {
        driver.evictColdState(keepingAtMost: limit)
    }
}
