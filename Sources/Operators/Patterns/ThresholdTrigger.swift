/// "At least N As within T" → fire on the Nth: e.g. three failed logins within 10 minutes.
///
/// Per key, a sliding window over the As' event times: the event at time t sees the As in
/// `(t − withinMs, t]` — two As exactly `withinMs` apart are *not* in one window. When the
/// count reaches `count` the key fires on that event and its counts reset, so the next fire
/// needs N fresh As. A redelivered A (same Kafka position) is counted once, see
/// ``EventTimeBuffer``. The action is attributed to the Nth A; templates also get `count`.
///
/// With `distinctBy` (`distinct_by:`), As are counted by distinct value of that field within
/// the window: a second A carrying an id the window already holds — the same contact delivered
/// twice at two offsets — is ignored. Ids counted towards a firing stay remembered until they
/// leave the window, so a late duplicate cannot start the next count either. An A without the
/// field (or with a value that is not a string or integer) is refused in `process` with
/// `missing_field`: counting it would let one malformed contact fire on its own, dropping it
/// silently would hide the problem.
public struct ThresholdTrigger: StreamOperator {
    private var driver: PatternDriver<ThresholdLogic>

    /// A `count` below 1 is treated as 1, a negative `withinMs` as 0.
    public init(common: PatternCommon, start: [Predicate], count: Int, withinMs: Int64, distinctBy: FieldPath? = nil) {
        driver = PatternDriver(common: common, logic: ThresholdLogic(
            start: start, count: max(1, count), withinMs: max(0, withinMs), distinctBy: distinctBy
        ))
    }

    /// Keys holding state (a partial count or a running cooldown), for tests and metrics.
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

struct ThresholdLogic: PatternLogic {
    let start: [Predicate]
    let count: Int
    let withinMs: Int64
    /// `distinct_by`: count distinct values of this field, not events.
    let distinctBy: FieldPath?

    struct Input: Sendable {}

    /// Per key, what the window holds. Dropped (nil) once both lists are empty.
    struct State: Sendable, Equatable {
        /// Event times of the As counted since the last firing, ascending; fewer than `count`.
        var times: [Int64]
        /// With `distinct_by`: the ids seen in the window (counted ones, including those a
        /// firing consumed), ascending by time; empty without it.
        var seen: [SeenID] = []
    }

    /// One `distinct_by` value and the event time it was first seen at.
    struct SeenID: Sendable, Equatable {
        var id: String
        var timeMs: Int64
    }

    func prepare(_ event: Event, action: ActionTemplate) throws(DecodeFailure) -> Input? {
        guard PatternPredicates.all(start, match: event) else { return nil }
        _ = try action.customerID(of: event) // any A may be the Nth
        if let distinctBy, distinctID(of: event) == nil {
            let found = event[distinctBy].map { "is \($0), not a non-empty string or integer" } ?? "is missing"
            throw DecodeFailure(reason: .missingField, detail: "distinct_by field '\(distinctBy)' \(found)")
        }
        return Input()
    }

    func onEvent(_ event: Event, _ input: Input, state: inout State?) -> PatternMatch? {
        let time = event.eventTimeMs
        var times = inWindow(state?.times ?? [], at: time)
        var seen = inWindow(state?.seen ?? [], at: time)
        if let id = distinctID(of: event) {
            guard !seen.contains(where: { $0.id == id }) else {
                state = Self.state(times: times, seen: seen)
                return nil
            }
            seen.append(SeenID(id: id, timeMs: time))
        }
        times.append(time)
        guard times.count >= count else {
            state = State(times: times, seen: seen)
            return nil
        }
        state = Self.state(times: [], seen: seen)
        return PatternMatch(
            event: event.adding([(key: "count", value: .number(Double(times.count)))]),
            cause: event.source, discriminator: nil, timeMs: time
        )
    }

    /// Expires the oldest As; at `timeMs` the window is `(timeMs − within, timeMs]`.
    func onTimer(at timeMs: Int64, state: inout State?) -> PatternMatch? {
        state = Self.state(times: inWindow(state?.times ?? [], at: timeMs), seen: inWindow(state?.seen ?? [], at: timeMs))
        return nil
    }

    func wakeTime(of state: State) -> Int64? {
        [state.times.first, state.seen.first?.timeMs].compactMap { $0 }.min().map { PatternTime.adding(withinMs, to: $0) }
    }

    private static func state(times: [Int64], seen: [SeenID]) -> State? {
        times.isEmpty && seen.isEmpty ? nil : State(times: times, seen: seen)
    }

    /// The event's `distinct_by` value as a key (string or exact integer); nil without the setting.
    private func distinctID(of event: Event) -> String? {
        distinctBy.flatMap { event[$0]?.keyString }
    }

    private func inWindow(_ times: [Int64], at timeMs: Int64) -> [Int64] {
        guard let firstLive = times.firstIndex(where: { PatternTime.adding(withinMs, to: $0) > timeMs }) else { return [] }
        return Array(times[firstLive...])
    }

    private func inWindow(_ seen: [SeenID], at timeMs: Int64) -> [SeenID] {
        guard let firstLive = seen.firstIndex(where: { PatternTime.adding(withinMs, to: $0.timeMs) > timeMs }) else { return [] }
        return Array(seen[firstLive...])
    }
}
