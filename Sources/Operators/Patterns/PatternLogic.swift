/// The part of a pattern kind that differs between kinds: how one key's events and timers
/// change that key's state, and when the key matches.
///
/// Everything else — the `where` filter, re-sequencing by event time, late events, exit
/// criteria, cooldown, timers and dropping idle keys — is ``PatternDriver``'s job, so every
/// kind gets those semantics identically. A logic is an immutable value (its configuration);
/// the driver owns the per-key `State` and hands it in already in event-time order.
///
/// Both `State` and `Input` are checkpointed (an input rides along with its event while the
/// event waits in the driver's buffer), so each kind spells out their layout in its
/// `+Coding.swift` file, under its own ``StateFormat/Kind``.
///
/// ``PatternDriver`` itself runs any ``PatternLogicCore``, whose step functions return any
/// number of matches: a fan-out turns one firing into one action per member. The kinds that
/// match at most once per step conform to this protocol instead and get the many-match forms
/// for free (see the extension below), so none of them has to know fan-outs exist.
protocol PatternLogic: PatternLogicCore {
    /// Applies a released event, in event-time order, to its key's state.
    func onEvent(_ event: Event, _ input: Input, state: inout State?) -> PatternMatch?

    /// Applies the key's timer, due at `timeMs`. Called at the time ``wakeTime(of:)`` asked for
    /// or at the end of a cooldown, whichever is earlier, so it must check what is actually due.
    /// Must leave the state with a wake time after `timeMs` (or none).
    func onTimer(at timeMs: Int64, state: inout State?) -> PatternMatch?
}

extension PatternLogic {
    func onEventMatches(_ event: Event, _ input: Input, state: inout State?) -> [PatternMatch] {
        onEvent(event, input, state: &state).map { [$0] } ?? []
    }

    func onTimerMatches(at timeMs: Int64, state: inout State?) -> [PatternMatch] {
        onTimer(at: timeMs, state: &state).map { [$0] } ?? []
    }
}

/// What ``PatternDriver`` needs of a pattern kind: ``PatternLogic`` with steps that may match
/// any number of times (in emission order; the cooldown, if any, runs from the first).
protocol PatternLogicCore: Sendable {
    /// What `prepare` extracts from an event once, on arrival.
    associatedtype Input: StateCodable
    /// One key's state. `nil` means nothing pending, so the driver can drop the key.
    associatedtype State: StateCodable

    /// Tags this kind's checkpoints, so another kind's state is refused on restore.
    static var stateKind: StateFormat.Kind { get }

    /// Classifies an arriving event that passed `where` and is not an exit criterion.
    ///
    /// Runs in `process` (not on release) so that bad data — an unreadable deadline, a
    /// customer field missing on an event that may fire — is thrown while the engine can
    /// still dead-letter the record; `advance` cannot throw.
    /// - Returns: `nil` if the event cannot affect the pattern (it is then not even buffered).
    func prepare(_ event: Event, action: ActionTemplate) throws(DecodeFailure) -> Input?

    /// Applies a released event, in event-time order, to its key's state.
    func onEventMatches(_ event: Event, _ input: Input, state: inout State?) -> [PatternMatch]

    /// Applies the key's timer, due at `timeMs`; the same contract as ``PatternLogic/onTimer(at:state:)``.
    func onTimerMatches(at timeMs: Int64, state: inout State?) -> [PatternMatch]

    /// When the state next needs a timer (a deadline, or the expiry of its oldest entry so
    /// state is dropped on time); `nil` if it never does.
    func wakeTime(of state: State) -> Int64?
}

/// A key's pattern completed: the driver turns this into an action unless the key is cooling
/// down.
struct PatternMatch: Sendable {
    /// The event whose fields feed the templates and the customer ID, with the pattern's
    /// extra fields (`elapsed_ms`, `count`, …) added.
    var event: Event
    /// The input the action is attributed to.
    var cause: EventSource
    /// Names a timer-caused match (e.g. `absence:orders/0@17`); `nil` for event-caused ones,
    /// whose action ID derives from `cause`.
    var discriminator: String?
    /// Event time at which the key fired; the cooldown runs from here.
    var timeMs: Int64
}
