/// "A then B within T" → fire on B: e.g. a payment failure followed by a support visit within
/// an hour.
///
/// Per key, every A is kept pending for `withinMs`; a B fires once, matched with the earliest
/// pending A still in time (`B.time − A.time ≤ withinMs`, so B at exactly A + within counts),
/// and consumes all pending As. An event matching `then` plays only that role: it never also
/// starts a pending A. The action is attributed to B and its templates also get
/// `elapsed_ms` (B − A) and `start_time` (A's event time, epoch ms).
///
/// Event-time order, late events, `cancel` and cooldown: see ``PatternDriver``.
public struct FollowedByTrigger: StreamOperator {
    private var driver: PatternDriver<FollowedByLogic>

    public init(common: PatternCommon, start: [Predicate], then: [Predicate], withinMs: Int64) {
        driver = PatternDriver(common: common, logic: FollowedByLogic(start: start, then: then, withinMs: max(0, withinMs)))
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

struct FollowedByLogic: PatternLogic {
    let start: [Predicate]
    let then: [Predicate]
    let withinMs: Int64

    enum Input: Sendable { case start, then }

    /// Event times of the pending As, ascending (they arrive in event-time order).
    struct State: Sendable { var startTimes: [Int64] }

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
            if state == nil { state = State(startTimes: []) }
            state?.startTimes.append(time) // in place: the driver holds the only reference
            return nil
        case .then:
            guard let pending = state else { return nil }
            state = nil
            guard let first = pending.startTimes.first(where: { PatternTime.adding(withinMs, to: $0) >= time }) else {
                return nil
            }
            // In doubles: exact for event times (< 2^53), and it cannot trap on a corrupt
            // restored time the way `Int64` subtraction would.
            return PatternMatch(
                event: event.adding([
                    (key: "elapsed_ms", value: .number(Double(time) - Double(first))),
                    (key: "start_time", value: .number(Double(first))),
                ]),
                cause: event.source, discriminator: nil, timeMs: time
            )
        }
    }

    /// Drops the As that no B can match any more: at `timeMs` every event at that time has
    /// been applied, so an A with A + within ≤ `timeMs` is out of time for all later ones.
    func onTimer(at timeMs: Int64, state: inout State?) -> PatternMatch? {
        guard let pending = state else { return nil }
        let live = pending.startTimes.filter { PatternTime.adding(withinMs, to: $0) > timeMs }
        state = live.isEmpty ? nil : State(startTimes: live)
        return nil
    }

    func wakeTime(of state: State) -> Int64? {
        state.startTimes.first.map { PatternTime.adding(withinMs, to: $0) }
    }
}
