/// The per-key rule of ``LapseTrigger`` (see there for the semantics).
struct LapseLogic: PatternLogic {
    static let dayMs: Int64 = 86_400_000

    let deadlineWhen: [Predicate]
    let deadlineField: FieldPath
    let activity: [Predicate]
    let started: [Predicate]
    let quietMs: Int64
    let leadMs: Int64

    /// What an event is to the rule; one event may play several roles (a check-in that also
    /// renews).
    struct Input: Sendable, Equatable {
        /// The deadline the event sets, if it is a deadline event.
        var deadlineMs: Int64?
        var isActivity: Bool
        var isStart: Bool
    }

    /// The deadline being watched: the event that set it, and whether it was offered.
    struct Term: Sendable {
        var event: Event
        var deadlineMs: Int64
        var offered: Bool
    }

    struct State: Sendable {
        var term: Term?
        var lastActivityMs: Int64?
        var startedMs: Int64?
    }

    func prepare(_ event: Event, action: ActionTemplate) throws(DecodeFailure) -> Input? {
        let isDeadline = PatternPredicates.all(deadlineWhen, match: event)
        let input = Input(
            deadlineMs: isDeadline ? try deadline(of: event) : nil,
            isActivity: PatternPredicates.all(activity, match: event),
            isStart: !started.isEmpty && PatternPredicates.all(started, match: event)
        )
        guard input.deadlineMs != nil || input.isActivity || input.isStart else { return nil }
        if isDeadline { _ = try action.customerID(of: event) } // the action is attributed to it
        return input
    }

    func onEvent(_ event: Event, _ input: Input, state: inout State?) -> PatternMatch? {
        var next = state ?? State()
        let time = event.eventTimeMs
        if input.isActivity { next.lastActivityMs = time }
        if input.isStart { next.startedMs = time }
        if let deadlineMs = input.deadlineMs {
            if deadlineMs <= time {
                next.term = nil // already expired: nothing to offer, and the old term is over
            } else if next.term?.deadlineMs != deadlineMs {
                next.term = Term(event: event, deadlineMs: deadlineMs, offered: false)
            }
        }
        state = isIdle(next, at: time) ? nil : next
        return nil
    }

    func onTimer(at timeMs: Int64, state: inout State?) -> PatternMatch? {
        guard var current = state else { return nil }
        var match: PatternMatch?
        if let term = current.term {
            if let offerAt = offerTime(current), offerAt <= timeMs {
                current.term?.offered = true
                match = offer(term, at: offerAt, lastActivityMs: current.lastActivityMs)
            }
            if term.deadlineMs <= timeMs { current.term = nil }
        }
        state = isIdle(current, at: timeMs) ? nil : current
        return match
    }

    /// While a term is pending: its offer, else its deadline (which ends it). Without one: when
    /// the quiet baseline has aged out and the key can be dropped. (Never a time the state has
    /// already passed: the driver ignores those after a timer, which would strand the term.)
    func wakeTime(of state: State) -> Int64? {
        if let term = state.term { return offerTime(state) ?? term.deadlineMs }
        return quietBaseline(state).map { PatternTime.adding(quietMs, to: $0) }
    }

    /// When the pending term fires; nil when it was offered or its deadline comes first.
    func offerTime(_ state: State) -> Int64? {
        guard let term = state.term, !term.offered else { return nil }
        var offerAt = max(PatternTime.adding(-leadMs, to: term.deadlineMs), term.event.eventTimeMs)
        if let baseline = quietBaseline(state) { offerAt = max(offerAt, PatternTime.adding(quietMs, to: baseline)) }
        return offerAt < term.deadlineMs ? offerAt : nil
    }

    /// Where the quiet period starts: the last activity, else the start; nil means "never active".
    private func quietBaseline(_ state: State) -> Int64? {
        state.lastActivityMs ?? state.startedMs
    }

    /// No term, and the baseline is at least `quiet` old (or absent): forgetting it changes nothing.
    private func isIdle(_ state: State, at timeMs: Int64) -> Bool {
        guard state.term == nil else { return false }
        guard let baseline = quietBaseline(state) else { return true }
        return PatternTime.adding(quietMs, to: baseline) <= timeMs
    }

    private func offer(_ term: Term, at timeMs: Int64, lastActivityMs: Int64?) -> PatternMatch {
        let daysLeft = (term.deadlineMs - timeMs) / Self.dayMs // positive: timeMs < deadline
        return PatternMatch(
            event: term.event.adding([
                (key: "deadline", value: .number(Double(term.deadlineMs))),
                (key: "last_activity", value: lastActivityMs.map { .number(Double($0)) } ?? .null),
                (key: "days_left", value: .number(Double(daysLeft))),
            ]),
            cause: term.event.source, discriminator: "lapse:\(term.event.source)", timeMs: timeMs
        )
    }

    private func deadline(of event: Event) throws(DecodeFailure) -> Int64 {
        guard let value = event[deadlineField], value != .null else {
            throw DecodeFailure(reason: .missingField,
                                detail: "field '\(deadlineField)' is \(event[deadlineField] == nil ? "missing" : "null"), "
                                    + "expected the lapse deadline")
        }
        return try PatternFieldValue.instant(value, field: deadlineField)
    }
}
