import Testing
import Operators

/// The pattern triggers' shared test surface (their state metrics), so ``PatternHarness``
/// can drive any of them.
protocol PatternOperator: StreamOperator {
    var pendingKeyCount: Int { get }
    var bufferedEventCount: Int { get }
}

extension FollowedByTrigger: PatternOperator {}
extension AbsenceTrigger: PatternOperator {}
extension ThresholdTrigger: PatternOperator {}
extension InactivityTrigger: PatternOperator {}
extension ChangeTrigger: PatternOperator {}

/// Builders for the pattern tests: events typed by a `type` field, and templates that echo
/// the fields each pattern adds so assertions can see them.
enum PatternFixture {
    static let trigger = "cx"
    static let topic = "events"

    static func isType(_ type: String) -> [Predicate] {
        [Predicate(field: "type", test: .equals(.string(type)))]
    }

    static func common(
        message: String,
        predicates: [Predicate] = [],
        cancel: [Predicate] = isType("X"),
        cooldownMs: Int64? = nil,
        customerField: FieldPath? = nil
    ) throws -> PatternCommon {
        PatternCommon(
            predicates: predicates, cancel: cancel, cooldownMs: cooldownMs,
            action: ActionTemplate(trigger: trigger, channel: try MessageTemplate("sms"),
                                   message: try MessageTemplate(message), customerField: customerField)
        )
    }

    static func source(_ offset: Int64, partition: Int32 = 0) -> EventSource {
        EventSource(topic: topic, partition: partition, offset: offset)
    }

    /// `{"type":<type>, <extra>}` for key `key` at `time`, from offset `offset`.
    static func event(_ type: String, at time: Int64, offset: Int64, key: String = "k", extra: String = "") -> Event {
        let json = extra.isEmpty ? #"{"type":"\#(type)"}"# : #"{"type":"\#(type)",\#(extra)}"#
        return TestSupport.event(json, key: key, eventTimeMs: time, source: source(offset))
    }

    /// The action an event-caused fire produces.
    static func actionID(key: String = "k", cause: EventSource) -> String {
        ActionID.make(trigger: trigger, key: key, cause: cause)
    }

    /// The action a timer fire produces (`absence:` / `inactivity:` + the start's source).
    static func actionID(key: String = "k", discriminator: String) -> String {
        ActionID.make(trigger: trigger, key: key, discriminator: discriminator)
    }
}

/// Drives a pattern operator with a virtual clock: each call builds an `Emitter` with the
/// given watermark, as the engine would, and collects what it emits.
struct PatternHarness<Operator: PatternOperator> {
    var op: Operator
    var actions: [Action] = []
    var late: [LateEvent] = []
    var nowMs: Int64 = 1_000_000

    init(_ op: Operator) { self.op = op }

    /// Processes `event` under `watermark` (no advance).
    mutating func send(_ event: Event, watermark: Int64 = .min) throws(DecodeFailure) {
        var out = Emitter(nowMs: nowMs, watermarkMs: watermark)
        defer { collect(out) }
        try op.process(event, into: &out)
    }

    mutating func send(_ events: [Event], watermark: Int64 = .min) throws(DecodeFailure) {
        for event in events { try send(event, watermark: watermark) }
    }

    /// Moves the watermark and fires what is due.
    mutating func advance(to watermark: Int64) {
        nowMs += 1
        var out = Emitter(nowMs: nowMs, watermarkMs: watermark)
        op.advance(into: &out)
        collect(out)
    }

    /// The messages emitted so far, the most readable view of what fired.
    var messages: [String] { actions.map(\.message) }

    private mutating func collect(_ out: Emitter) {
        actions += out.actions
        late += out.late
    }
}
