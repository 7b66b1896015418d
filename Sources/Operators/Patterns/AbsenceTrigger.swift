/// "A not followed by B by the deadline" → fire when the deadline passes: e.g. a `cart_add`
/// with no `purchase` within 30 minutes (cart abandonment).
///
/// One pending instance per key, started by the first A; later As while it is pending are
/// ignored, so an abandoned cart fires once, 30 minutes after the first unpurchased add. A B
/// at any time up to and including the deadline clears it (events at the deadline's
/// millisecond are applied before the timer). After it fires or is cleared, the next A
/// starts a new one (subject to the cooldown). An event matching `then` only plays that
/// role, it never also starts one.
///
/// The deadline is A's time + `withinMs`, or the instant in A's `deadlineField` (epoch-ms
/// number or RFC 3339 string) when present — falling back to `withinMs` when the field is
/// absent or null and `withinMs` is set, else the A is dead-lettered (`missing_field`); a
/// deadline before A's own time is treated as A's time. The action is attributed to A
/// (its fields and event time, `cause` = A, ID from `absence:<A's source>`) and its
/// templates also get `deadline` (epoch ms).
public struct AbsenceTrigger: StreamOperator {
    private var driver: PatternDriver<AbsenceLogic>

    /// - Precondition: `withinMs` or `deadlineField` is set (the config schema requires it).
    public init(common: PatternCommon, start: [Predicate], then: [Predicate], withinMs: Int64?,
                deadlineField: FieldPath?) {
        precondition(withinMs != nil || deadlineField != nil, "absence needs `within` or a deadline field")
        driver = PatternDriver(common: common, logic: AbsenceLogic(
            start: start, then: then, withinMs: withinMs.map { max(0, $0) }, deadlineField: deadlineField
        ))
    }

    /// Keys holding state (a pending A or a running cooldown), for tests and metrics.
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

struct AbsenceLogic: PatternLogic {
    let start: [Predicate]
    let then: [Predicate]
    let withinMs: Int64?
    let deadlineField: FieldPath?

    enum Input: Sendable {
        case start(deadlineMs: Int64)
        case then
    }

    struct State: Sendable {
        var start: Event
        var deadlineMs: Int64
    }

    func prepare(_ event: Event, action: ActionTemplate) throws(DecodeFailure) -> Input? {
        if PatternPredicates.all(then, match: event) { return .then }
        guard PatternPredicates.all(start, match: event) else { return nil }
        _ = try action.customerID(of: event) // the action is attributed to A
        return .start(deadlineMs: try deadline(of: event))
    }

    func onEvent(_ event: Event, _ input: Input, state: inout State?) -> PatternMatch? {
        switch input {
        case .then:
            state = nil
        case .start(let deadlineMs):
            if state == nil { state = State(start: event, deadlineMs: deadlineMs) }
        }
        return nil
    }

    func onTimer(at timeMs: Int64, state: inout State?) -> PatternMatch? {
        guard let pending = state, pending.deadlineMs <= timeMs else { return nil }
        state = nil
        let start = pending.start
        return PatternMatch(
            event: start.adding([(key: "deadline", value: .number(Double(pending.deadlineMs)))]),
            cause: start.source, discriminator: "absence:\(start.source)", timeMs: pending.deadlineMs
        )
    }

    func wakeTime(of state: State) -> Int64? { state.deadlineMs }

    private func deadline(of event: Event) throws(DecodeFailure) -> Int64 {
        if let deadlineField {
            switch event[deadlineField] {
            case let value? where value != .null:
                return max(event.eventTimeMs, try PatternFieldValue.instant(value, field: deadlineField))
            case let value:
                guard withinMs != nil else {
                    throw DecodeFailure(
                        reason: .missingField,
                        detail: "field '\(deadlineField)' is \(value == nil ? "missing" : "null"), expected the absence deadline"
                    )
                }
            }
        }
        return PatternTime.adding(withinMs ?? 0, to: event.eventTimeMs)
    }
}
