/// Runs a ``PatternLogic`` over a stream: the machinery every pattern trigger shares.
///
/// Event time, precisely. At watermark `W` the engine promises no more events with time
/// `< W`, so everything at times `≤ W − 1` is final. `advance` therefore releases buffered
/// events with time `< W` and fires timers due `< W`, merged in time order, and at equal
/// times **events before timers**. A timer "due at D" thus means "after every event at D":
/// deadlines are inclusive for the events that meet them (B at exactly A + within is in
/// time), and a timer never fires while an event that could still meet it may arrive.
/// Releasing at `W ≥ time` instead would race with events at exactly `W`, which are not
/// late, and make the output depend on arrival order.
///
/// An arriving event with time `< W` (the highest watermark seen) is late: the pattern has
/// already moved past it, so it goes to ``Emitter/emitLate(_:detail:)`` untouched.
///
/// Per key, in order: an exit criterion clears the state; otherwise the logic updates it
/// and may match. A match during the cooldown is suppressed — its state is consumed as if it
/// had fired, so nothing stale is left — else it becomes an action and starts the cooldown.
/// A key with no state and no running cooldown is dropped; each key has at most one live
/// timer, at the earlier of its state's wake time and its cooldown's end.
///
/// Durable state: a key's slot plus its events still in the buffer (see
/// `PatternDriver+State.swift`). Everything that changes either marks the key dirty.
struct PatternDriver<Logic: PatternLogicCore>: Sendable {
    let common: PatternCommon
    let logic: Logic
    // Internal rather than private for `PatternDriver+State.swift`.
    var buffer = EventTimeBuffer<PatternStep<Logic.Input>>()
    /// Payload: the token of the slot's timer, so superseded timers are recognised (lazily
    /// cancelled, as ``TimerQueue`` intends).
    var timers = TimerQueue<UInt64>()
    var slots: [String: PatternKeySlot<Logic.State>] = [:]
    /// Not key state: the engine persists the watermark per task and passes it in.
    private var watermarkMs: Int64 = .min
    var lastToken: UInt64 = 0
    /// Keys whose slot or buffered events changed since the last `takeStateChanges()`.
    var dirtyKeys: Set<String> = []
    /// Keys changed in the interval before the last `takeStateChanges()`, spared by eviction.
    var recentKeys: Set<String> = []

    init(common: PatternCommon, logic: Logic) {
        self.common = common
        self.logic = logic
    }

    /// Keys with state held: something pending or a cooldown running.
    var keyCount: Int { slots.count }
    /// Events waiting for the watermark.
    var bufferedCount: Int { buffer.count }

    mutating func process(_ event: Event, into out: inout Emitter) throws(DecodeFailure) {
        watermarkMs = max(watermarkMs, out.watermarkMs)
        guard common.admits(event) else { return }
        let step: PatternStep<Logic.Input>
        if common.cancels(event) {
            step = .cancel
        } else {
            guard let input = try logic.prepare(event, action: common.action) else { return }
            step = .input(input)
        }
        guard event.eventTimeMs >= watermarkMs else {
            out.emitLate(event, detail: "event time \(event.eventTimeMs) is before the pattern's watermark \(watermarkMs): "
                + "its matches up to then are final")
            return
        }
        if buffer.insert(event, payload: step) { dirtyKeys.insert(event.key) }
    }

    mutating func advance(into out: inout Emitter) {
        watermarkMs = max(watermarkMs, out.watermarkMs)
        guard watermarkMs > .min else { return }
        let horizon = watermarkMs - 1
        while true {
            let timerTime = timers.nextTimeMs
            if let eventTime = buffer.nextTimeMs, timerTime.map({ eventTime <= $0 }) ?? true,
               let entry = buffer.popFirst(atOrBefore: horizon) {
                release(entry, into: &out)
            } else if let timer = timers.popDue(atOrBefore: horizon) {
                fire(timer, into: &out)
            } else {
                return
            }
        }
    }

    /// `advance` releases events and fires timers at or before `watermark - 1`: nothing is due
    /// until the watermark passes the earlier of the two queues' heads. The driver's own
    /// watermark only ever follows the engine's (which never goes back), so it cannot make
    /// anything due earlier than this.
    var nextDueMs: Int64 {
        let next = Swift.min(buffer.nextTimeMs ?? .max, timers.nextTimeMs ?? .max)
        return next == .max ? .max : next + 1
    }

    private mutating func release(_ entry: EventTimeBuffer<PatternStep<Logic.Input>>.Entry, into out: inout Emitter) {
        let key = entry.event.key
        dirtyKeys.insert(key)
        // Taken out of the dictionary so the state is uniquely referenced while it changes.
        var slot = slots.removeValue(forKey: key) ?? PatternKeySlot()
        let matches: [PatternMatch]
        switch entry.payload {
        case .cancel:
            slot.state = nil
            matches = []
        case .input(let input):
            matches = logic.onEventMatches(entry.event, input, state: &slot.state)
        }
        settle(slot, key: key, at: entry.event.eventTimeMs, matches: matches, into: &out)
    }

    private mutating func fire(_ timer: TimerEntry<UInt64>, into out: inout Emitter) {
        guard slots[timer.key]?.timer?.token == timer.payload, var slot = slots.removeValue(forKey: timer.key) else {
            return // superseded by an earlier timer, or the key was dropped
        }
        slot.timer = nil
        dirtyKeys.insert(timer.key)
        let matches = logic.onTimerMatches(at: timer.timeMs, state: &slot.state)
        settle(slot, key: timer.key, at: timer.timeMs, matches: matches, afterTimer: true, into: &out)
    }

    /// Applies cooldown to `matches` (all of one step: emitted together or suppressed together,
    /// the cooldown running from the first), then stores the slot (or drops it) and schedules its timer.
    /// - Parameter afterTimer: the slot's timer just fired at `timeMs`. Its next one must be
    ///   later, or `advance` would pop it again forever; ``PatternLogic`` promises that, and
    ///   this enforces it (ignoring earlier wake times) so a logic bug cannot hang the daemon.
    private mutating func settle(_ slot: PatternKeySlot<Logic.State>, key: String, at timeMs: Int64,
                                 matches: [PatternMatch], afterTimer: Bool = false, into out: inout Emitter) {
        var slot = slot
        if let until = slot.cooldownUntilMs, until <= timeMs { slot.cooldownUntilMs = nil }
        if let first = matches.first, slot.cooldownUntilMs == nil {
            for match in matches {
                emit(match.addressed(to: key), into: &out) // the slot's key: a migrated state fires for its new key
            }
            if let cooldown = common.cooldownMs, cooldown > 0 {
                slot.cooldownUntilMs = PatternTime.adding(cooldown, to: first.timeMs)
            }
        }
        guard !slot.isIdle else {
            compactTimersIfMostlyStale()
            return
        }
        armTimer(&slot, key: key, after: afterTimer ? timeMs : nil)
        slots[key] = slot
        compactTimersIfMostlyStale()
    }

    /// Schedules the slot's timer at the earlier of its state's wake time and its cooldown's
    /// end, unless its live timer is already due no later.
    /// - Parameter after: the time a timer just fired at; wake times not after it are ignored.
    mutating func armTimer(_ slot: inout PatternKeySlot<Logic.State>, key: String, after: Int64?) {
        let wake = [slot.state.flatMap(logic.wakeTime(of:)), slot.cooldownUntilMs].compactMap { $0 }
            .filter { wake in after.map { wake > $0 } ?? true }.min()
        if let wake, slot.timer.map({ wake < $0.atMs }) ?? true {
            lastToken &+= 1
            timers.schedule(at: wake, key: key, payload: lastToken)
            slot.timer = (wake, lastToken)
        }
    }

    private func emit(_ match: PatternMatch, into out: inout Emitter) {
        do {
            out.emit(try common.action.make(from: match.event, cause: match.cause, discriminator: match.discriminator,
                                            emittedAtMs: out.nowMs))
        } catch {
            // `prepare` already checked the customer field of every event that can fire, so
            // this needs an added field to shadow it; still, never drop a match silently.
            out.emitLate(match.event, detail: "pattern matched but its action could not be built: \(error)")
        }
    }

    /// Superseded timers stay queued until due; with far-future deadlines that could be
    /// forever, so once they outnumber the live ones (at most one per key) they are swept.
    /// Amortised O(1) per schedule.
    mutating func compactTimersIfMostlyStale() {
        guard timers.count > 64, timers.count > 2 * slots.count else { return }
        let live = slots
        timers.removeAll { live[$0.key]?.timer?.token != $0.payload }
    }
}

/// A buffered event as the driver will replay it.
enum PatternStep<Input: Sendable>: Sendable {
    /// Matches the exit criteria: clears the key's state.
    case cancel
    case input(Input)
}
