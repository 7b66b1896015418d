/// "At least N As within T" → fire on the Nth: e.g. three failed logins within 10 minutes.
///
/// Per key, a sliding window over the As' event times: the event at time t sees the As in
/// `(t − withinMs, t]` — two As exactly `withinMs` apart are *not* in one window. When the
/// count reaches `count` the key fires on that event and its counts reset, so the next fire
/// needs N fresh As. A redelivered A (same Kafka position) is counted once, see
/// ``EventTimeBuffer``. The action is attributed to the Nth A; templates also get `count`.
public struct ThresholdTrigger: StreamOperator {
    private var driver: PatternDriver<ThresholdLogic>

    /// A `count` below 1 is treated as 1, a negative `withinMs` as 0.
    public init(common: PatternCommon, start: [Predicate], count: Int, withinMs: Int64) {
        driver = PatternDriver(common: common, logic: ThresholdLogic(
            start: start, count: max(1, count), withinMs: max(0, withinMs)
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

    public mutating func takeStateChanges() -> [StateChange] { driver.takeStateChanges() }

    public mutating func restoreState(key: String, value: [UInt8]) throws(StateRestoreError) {
        try driver.restoreState(key: key, value: value)
    }

    public mutating func eraseState(key: String) -> Bool { driver.eraseState(key: key) }

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

    struct Input: Sendable {}

    /// Event times of the As in the window, ascending; fewer than `count` (it resets there).
    struct State: Sendable { var times: [Int64] }

    func prepare(_ event: Event, action: ActionTemplate) throws(DecodeFailure) -> Input? {
        guard PatternPredicates.all(start, match: event) else { return nil }
        _ = try action.customerID(of: event) // any A may be the Nth
        return Input()
    }

    func onEvent(_ event: Event, _ input: Input, state: inout State?) -> PatternMatch? {
        let time = event.eventTimeMs
        var times = inWindow(state?.times ?? [], at: time)
        times.append(time)
        guard times.count >= count else {
            state = State(times: times)
            return nil
        }
        state = nil
        return PatternMatch(
            event: event.adding([(key: "count", value: .number(Double(times.count)))]),
            cause: event.source, discriminator: nil, timeMs: time
        )
    }

    /// Expires the oldest As; at `timeMs` the window is `(timeMs − within, timeMs]`.
    func onTimer(at timeMs: Int64, state: inout State?) -> PatternMatch? {
        let times = inWindow(state?.times ?? [], at: timeMs)
        state = times.isEmpty ? nil : State(times: times)
        return nil
    }

    func wakeTime(of state: State) -> Int64? {
        state.times.first.map { PatternTime.adding(withinMs, to: $0) }
    }

    private func inWindow(_ times: [Int64], at timeMs: Int64) -> [Int64] {
        guard let firstLive = times.firstIndex(where: { PatternTime.adding(withinMs, to: $0) > timeMs }) else { return [] }
        return Array(times[firstLive...])
    }
}
