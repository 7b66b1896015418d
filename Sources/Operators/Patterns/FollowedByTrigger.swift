/// "A then B within T" → fire on B: e.g. a payment failure followed by a support visit within
/// an hour.
///
/// Per key, every A is kept pending for `withinMs`. A B is *correlated* with the pending As
/// whose `same` fields equal B's (all of them when `same` is empty; a missing or null value
/// correlates with nothing). B fires once, matched with the oldest correlated A still in time
/// (`B.time − A.time ≤ withinMs`, so B at exactly A + within counts) for which the `then`
/// predicates naming `start.*` hold, and consumes every correlated A, matched or not (so a
/// second arrival, or a delivery judged on time, cannot fire later for the same As); As of
/// other `same` values stay pending. An event matching `then` plays only that role: it never
/// also starts a pending A. The action is attributed to B and its templates also get
/// `elapsed_ms` (B − A), `start_time` (A's event time, epoch ms) and, when anything reads
/// them, A's kept fields under `start` (``FollowedByStartFields``).
///
/// Event-time order, late events, `cancel` and cooldown: see ``PatternDriver``.
public struct FollowedByTrigger: StreamOperator {
    private var driver: PatternDriver<FollowedByLogic>

    /// - Parameters:
    ///   - same: fields whose values a B must share with the A it matches (`same:`).
    ///   - templates: the action's template sources, scanned for the `start.*` fields to keep.
    public init(common: PatternCommon, start: [Predicate], then: [Predicate], withinMs: Int64,
                same: [FieldPath] = [], templates: [String] = []) {
        driver = PatternDriver(common: common, logic: FollowedByLogic(
            start: start, then: then, withinMs: max(0, withinMs), same: same, templates: templates
        ))
    }

    /// Keys holding state (pending As or a running cooldown), for tests and metrics.
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

struct FollowedByLogic: PatternLogic {
    let start: [Predicate]
    /// `then` predicates on B alone: checked on arrival, they decide whether B is a B at all.
    let then: [Predicate]
    /// `then` predicates naming `start.*`: checked against each correlated A on release.
    let thenWithStart: [Predicate]
    let withinMs: Int64
    let same: [FieldPath]
    /// A's top-level fields kept in its pending entry.
    let keptFields: [String]

    init(start: [Predicate], then: [Predicate], withinMs: Int64, same: [FieldPath] = [], templates: [String] = []) {
        self.start = start
        self.then = then.filter { !FollowedByStartFields.needsStart($0) }
        self.thenWithStart = then.filter(FollowedByStartFields.needsStart)
        self.withinMs = withinMs
        self.same = same
        self.keptFields = FollowedByStartFields.keptFields(then: then, templates: templates, same: same)
    }

    enum Input: Sendable { case start, then }

    /// One pending A: its event time and kept fields.
    struct Pending: Sendable, Equatable {
        var timeMs: Int64
        var fields: JSONObject
    }

    /// The pending As, ascending by event time (they arrive in event-time order).
    struct State: Sendable { var pending: [Pending] }

    func prepare(_ event: Event, action: ActionTemplate) throws(DecodeFailure) -> Input? {
        if PatternPredicates.all(then, match: event) {
            _ = try action.customerID(of: event) // B is what fires
            return .then
        }
        return PatternPredicates.all(start, match: event) ? .start : nil
    }

    func onEvent(_ event: Event, _ input: Input, state: inout State?) -> PatternMatch? {
        let time = event.eventTimeMs
        switch input {
        case .start:
            let kept = JSONObject(keptFields.compactMap { name in event.fields[name].map { (key: name, value: $0) } })
            if state == nil { state = State(pending: []) }
            state?.pending.append(Pending(timeMs: time, fields: kept)) // in place: the driver holds the only reference
            return nil
        case .then:
            guard let pending = state?.pending else { return nil }
            let values = same.map { event[$0] }
            let isCorrelated = { (a: Pending) in zip(same, values).allSatisfy { path, value in
                guard let value, value != .null else { return false }
                return a.fields.value(at: path) == value
            } }
            let rest = pending.filter { !isCorrelated($0) }
            state = rest.isEmpty ? nil : State(pending: rest)
            for a in pending where isCorrelated(a) && PatternTime.adding(withinMs, to: a.timeMs) >= time {
                let startFields: [(key: String, value: JSONValue)] =
                    keptFields.isEmpty ? [] : [(key: FollowedByStartFields.prefix, value: .object(a.fields))]
                if !thenWithStart.isEmpty,
                   !PatternPredicates.all(thenWithStart, match: event.adding(startFields)) { continue }
                // In doubles: exact for event times (< 2^53), and it cannot trap on a corrupt
                // restored time the way `Int64` subtraction would.
                return PatternMatch(
                    event: event.adding([
                        (key: "elapsed_ms", value: .number(Double(time) - Double(a.timeMs))),
                        (key: "start_time", value: .number(Double(a.timeMs))),
                    ] + startFields),
                    cause: event.source, discriminator: nil, timeMs: time
                )
            }
            return nil
        }
    }

    /// Drops the As that no B can match any more: at `timeMs` every event at that time has
    /// been applied, so an A with A + within ≤ `timeMs` is out of time for all later ones.
    func onTimer(at timeMs: Int64, state: inout State?) -> PatternMatch? {
        guard let pending = state else { return nil }
        let live = pending.pending.filter { PatternTime.adding(withinMs, to: $0.timeMs) > timeMs }
        state = live.isEmpty ? nil : State(pending: live)
        return nil
    }

    func wakeTime(of state: State) -> Int64? {
        state.pending.first.map { PatternTime.adding(withinMs, to: $0.timeMs) }
    }
}
