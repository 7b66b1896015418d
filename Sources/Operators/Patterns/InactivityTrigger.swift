/// "No A for T after the key's last A" → fire when T has passed: e.g. a subscriber who has
/// not opened the app for 14 days.
///
/// Per key, only the latest A matters; its deadline is A + `withinMs`, and an A at exactly
/// the deadline still counts as activity (events at the deadline's millisecond are applied
/// before the timer). The key fires once per quiet spell; the next A starts watching again.
/// The action is attributed to the last A (its fields and event time, `cause` = A, ID from
/// `inactivity:<A's source>`); templates also get `inactive_since` (A's event time) and
/// `deadline` (epoch ms).
public struct InactivityTrigger: StreamOperator {
    private var driver: PatternDriver<InactivityLogic>

    public init(common: PatternCommon, start: [Predicate], withinMs: Int64) {
        driver = PatternDriver(common: common, logic: InactivityLogic(start: start, withinMs: max(0, withinMs)))
    }

    /// Keys holding state (a watched last A or a running cooldown), for tests and metrics.
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

struct InactivityLogic: PatternLogic {
    let start: [Predicate]
    let withinMs: Int64

    struct Input: Sendable {}

    struct State: Sendable { var last: Event }

    func prepare(_ event: Event, action: ActionTemplate) throws(DecodeFailure) -> Input? {
        guard PatternPredicates.all(start, match: event) else { return nil }
        _ = try action.customerID(of: event) // the action is attributed to the last A
        return Input()
    }

    func onEvent(_ event: Event, _ input: Input, state: inout State?) -> PatternMatch? {
        state = State(last: event)
        return nil
    }

    func onTimer(at timeMs: Int64, state: inout State?) -> PatternMatch? {
        guard let last = state?.last else { return nil }
        let deadline = PatternTime.adding(withinMs, to: last.eventTimeMs)
        guard deadline <= timeMs else { return nil }
        state = nil
        return PatternMatch(
            event: last.adding([
                (key: "inactive_since", value: .number(Double(last.eventTimeMs))),
                (key: "deadline", value: .number(Double(deadline))),
            ]),
            cause: last.source, discriminator: "inactivity:\(last.source)", timeMs: deadline
        )
    }

    func wakeTime(of state: State) -> Int64? {
        PatternTime.adding(withinMs, to: state.last.eventTimeMs)
    }
}
