/// "A value moved by at least `minChange` from its baseline" → fire on that event: e.g. a
/// flight's `departure_estimate` 15 minutes or more after its `departure_scheduled`.
///
/// The watched `field` is a number or an RFC 3339 time (compared in epoch ms, so
/// `minChange: 900000` is 15 minutes). The baseline is `baselineField` of the same event,
/// else the key's first value. The key fires when `|value − baseline| ≥ minChange`, and fires
/// again only once the value has moved by another `minChange` from the value at its last
/// firing (delayed 15 → fire, 20 → no, 30 → fire). Events without the field (or null) are
/// ignored, as are events without `baselineField` when it is configured; a value of another
/// type is dead-lettered (`missing_field`, or `invalid_time` for a bad timestamp).
///
/// Templates also get `baseline` and `previous` (the value at the last firing, `null` on the
/// first), both as they appear in the events, and `change` (value − baseline, a number; ms
/// for times). The action is attributed to the event.
///
/// State: with a baseline field a key holds state only after it fired; with the first-value
/// baseline it must remember that value. Either lives until an exit criterion (`cancel`,
/// e.g. "flight departed") or, if `idleTimeoutMs` is set, until the key has had no event for
/// that long in event time.
public struct ChangeTrigger: StreamOperator {
    private var driver: PatternDriver<ChangeLogic>

    /// - Parameter idleTimeoutMs: forget a key after this much event time without events
    ///   carrying the field; `nil` keeps it until `cancel`.
    public init(common: PatternCommon, field: FieldPath, baselineField: FieldPath?, minChange: Double,
                idleTimeoutMs: Int64? = nil) {
        driver = PatternDriver(common: common, logic: ChangeLogic(
            field: field, baselineField: baselineField, minChange: minChange,
            idleTimeoutMs: idleTimeoutMs.map { max(0, $0) }
        ))
    }

    /// Keys holding state (a baseline, the value at the last firing, or a running cooldown).
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

struct ChangeLogic: PatternLogic {
    let field: FieldPath
    let baselineField: FieldPath?
    let minChange: Double
    let idleTimeoutMs: Int64?

    /// A value as compared (`quantity`) and as shown to templates (`raw`).
    struct Reading: Sendable {
        var quantity: Double
        var raw: JSONValue
    }

    struct Input: Sendable {
        var value: Reading
        /// From `baselineField`, when configured.
        var baseline: Reading?
    }

    struct State: Sendable {
        /// The key's first value (only without `baselineField`).
        var firstValue: Reading?
        var lastFired: Reading?
        var lastSeenMs: Int64
    }

    func prepare(_ event: Event, action: ActionTemplate) throws(DecodeFailure) -> Input? {
        guard let value = try reading(field, of: event) else { return nil }
        var baseline: Reading?
        if let baselineField {
            guard let configured = try reading(baselineField, of: event) else { return nil }
            baseline = configured
        }
        _ = try action.customerID(of: event) // any reading may fire
        return Input(value: value, baseline: baseline)
    }

    func onEvent(_ event: Event, _ input: Input, state: inout State?) -> PatternMatch? {
        var current = state ?? State(firstValue: nil, lastFired: nil, lastSeenMs: event.eventTimeMs)
        current.lastSeenMs = event.eventTimeMs
        let value = input.value
        let baseline: Reading
        if let configured = input.baseline {
            baseline = configured
        } else if let first = current.firstValue {
            baseline = first
        } else {
            current.firstValue = value
            baseline = value
        }
        let change = value.quantity - baseline.quantity
        var match: PatternMatch?
        if abs(change) >= minChange,
           current.lastFired.map({ abs(value.quantity - $0.quantity) >= minChange }) ?? true {
            match = PatternMatch(
                event: event.adding([
                    (key: "previous", value: current.lastFired?.raw ?? .null),
                    (key: "baseline", value: baseline.raw),
                    (key: "change", value: .number(change)),
                ]),
                cause: event.source, discriminator: nil, timeMs: event.eventTimeMs
            )
            current.lastFired = value
        }
        state = current.firstValue == nil && current.lastFired == nil ? nil : current
        return match
    }

    func onTimer(at timeMs: Int64, state: inout State?) -> PatternMatch? {
        if let current = state, let idleTimeoutMs, PatternTime.adding(idleTimeoutMs, to: current.lastSeenMs) <= timeMs {
            state = nil
        }
        return nil
    }

    func wakeTime(of state: State) -> Int64? {
        idleTimeoutMs.map { PatternTime.adding($0, to: state.lastSeenMs) }
    }

    private func reading(_ path: FieldPath, of event: Event) throws(DecodeFailure) -> Reading? {
        guard let raw = event[path], raw != .null else { return nil }
        return Reading(quantity: try PatternFieldValue.quantity(raw, field: path), raw: raw)
    }
}
