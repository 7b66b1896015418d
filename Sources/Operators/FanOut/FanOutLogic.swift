/// The per-key rules of ``FanOutTrigger``: roster bookkeeping, the firing conditions, expiry
/// and the paced queue. Choosing and ordering the members of a firing is in
/// `FanOutLogic+Firing.swift`, the checkpoint layout in `FanOutLogic+Coding.swift`.
///
/// Everything is a function of the key's events in event-time order (the driver's order), and
/// time is only ever event time, so replay and a re-processing after a crash decide the same.
struct FanOutLogic: PatternLogicCore {
    let spec: FanOutSpec

    /// A roster entry.
    struct Member: Sendable, Equatable {
        var id: String
        /// Event time of the first add (a repeated add keeps it: the place in the queue and the
        /// expiry run from when the customer first asked).
        var addedMs: Int64
        /// The kept fields of the latest add, in `keep` order.
        var fields: JSONObject
    }

    /// An action chosen by a firing but not due yet (pacing); already rendered into its event.
    struct Pending: Sendable, Equatable {
        var dueMs: Int64
        var memberID: String
        /// The firing event with the member's fields added: what the action renders from.
        var event: Event
        var discriminator: String
    }

    /// What an event means to its key, decided once on arrival.
    enum Input: Sendable, Equatable {
        case add(id: String, fields: JSONObject)
        case remove(id: String)
        /// Matches `final_when`; `budget` is the limit (`units × factor`) if one is configured.
        case final(budget: Double?)
        /// `change`: the value minus its baseline (ms for times).
        case change(delta: Double)
        /// `rises`: the level at one store (`per`; "" without it).
        case level(store: String, level: Double, budget: Double?)
        /// `when`: fires.
        case fire(budget: Double?)
    }

    struct State: Sendable, Equatable {
        /// Ordered by (addedMs, id): the order in which members are served.
        var members: [Member] = []
        /// `change`: the delta at the last notice.
        var lastAnnounced: Double?
        /// `rises`: the latest level per store.
        var levels: [String: Double] = [:]
        /// Paced actions, in emission order.
        var queue: [Pending] = []
        /// Event time of the key's latest applied event: with nothing else to wait for, the key
        /// is forgotten `expireAfterMs` later (its members would all have expired by then).
        var lastEventMs: Int64
        /// Set by the final firing: the key ignores its events until `expireAfterMs` later.
        var finishedAtMs: Int64?

        init(lastEventMs: Int64) { self.lastEventMs = lastEventMs }
    }

    static var stateKind: StateFormat.Kind { .fanOut }

    // MARK: - Classifying events

    func prepare(_ event: Event, action: ActionTemplate) throws(DecodeFailure) -> Input? {
        let members = spec.members
        if PatternPredicates.all(members.addWhen, match: event) {
            let id = try memberID(of: event)
            var kept: [(key: String, value: JSONValue)] = []
            for name in members.keep {
                if let value = event.fields[name] { kept.append((key: name, value: value)) }
            }
            return .add(id: id, fields: JSONObject(kept))
        }
        if !members.removeWhen.isEmpty, PatternPredicates.all(members.removeWhen, match: event) {
            return .remove(id: try memberID(of: event))
        }
        if !spec.finalWhen.isEmpty, PatternPredicates.all(spec.finalWhen, match: event) {
            return .final(budget: try budget(of: event))
        }
        switch spec.fire {
        case .change(let field, let baselineField, _, _):
            guard let value = event[field], value != .null, let baseline = event[baselineField], baseline != .null else {
                return nil
            }
            let delta = try PatternFieldValue.quantity(value, field: field)
                - PatternFieldValue.quantity(baseline, field: baselineField)
            return .change(delta: delta)
        case .rises(let field, let per):
            // A level that is not a number (`"12"`) is not a reading, as for the other kinds'
            // `gt`/`lte` predicates: ignored rather than dead-lettered.
            guard case .number(let level)? = event[field], level.isFinite else { return nil }
            var store = ""
            if let per {
                guard let value = event[per]?.keyString else {
                    throw DecodeFailure(reason: .missingField,
                                        detail: "field '\(per)' is missing or not a string/integer store id")
                }
                store = value
            }
            return .level(store: store, level: level, budget: try budget(of: event))
        case .when(let predicates):
            guard PatternPredicates.all(predicates, match: event) else { return nil }
            return .fire(budget: try budget(of: event))
        }
    }

    private func memberID(of event: Event) throws(DecodeFailure) -> String {
        let field = spec.members.idField
        guard let id = event[field]?.keyString else {
            throw DecodeFailure(reason: .missingField,
                                detail: "member field '\(field)' is missing or not a non-empty string/integer id")
        }
        return id
    }

    /// `event[limit.field] × factor`, or nil without a limit; a firing event must carry it.
    private func budget(of event: Event) throws(DecodeFailure) -> Double? {
        guard let limit = spec.limit else { return nil }
        guard case .number(let value)? = event[limit.field], value.isFinite else {
            throw DecodeFailure(reason: .missingField, detail: "limit field '\(limit.field)' is missing or not a number")
        }
        return (value * limit.factor).rounded(.down)
    }

    // MARK: - Applying events and timers

    func onEventMatches(_ event: Event, _ input: Input, state: inout State?) -> [PatternMatch] {
        let time = event.eventTimeMs
        var current = state ?? State(lastEventMs: time)
        defer { state = current.isIdle ? nil : current }
        expireMembers(&current, at: time)
        guard current.finishedAtMs == nil else { return [] } // a finished key ignores its events
        current.lastEventMs = max(current.lastEventMs, time)
        switch input {
        case .add(let id, let fields):
            add(Member(id: id, addedMs: time, fields: fields), to: &current)
            return []
        case .remove(let id):
            current.members.removeAll { $0.id == id }
            current.queue.removeAll { $0.memberID == id }
            return []
        case .final(let budget):
            let matches = fire(event, budget: budget, extra: [], final: true, state: &current)
            current.finishedAtMs = time
            current.members = []
            current.levels = [:]
            current.lastAnnounced = nil
            return matches
        case .change(let delta):
            guard case .change(_, _, let minChange, let growsOnly) = spec.fire else { return [] }
            let last = current.lastAnnounced
            let fires: Bool
            if growsOnly {
                fires = delta >= minChange && last.map { delta >= $0 + minChange } ?? true
            } else {
                fires = abs(delta) >= minChange && last.map { abs(delta - $0) >= minChange } ?? true
            }
            guard fires else { return [] }
            current.lastAnnounced = delta
            let extra: [(key: String, value: JSONValue)] = [
                (key: "change", value: .number(delta)), (key: "previous", value: last.map(JSONValue.number) ?? .null),
            ]
            return fire(event, budget: nil, extra: extra, final: false, state: &current)
        case .level(let store, let level, let budget):
            let previous = current.levels[store]
            current.levels[store] = level
            guard let previous, previous <= 0, level > 0 else { return [] }
            return fire(event, budget: budget, extra: [(key: "previous", value: .number(previous))], final: false,
                        state: &current)
        case .fire(let budget):
            return fire(event, budget: budget, extra: [], final: false, state: &current)
        }
    }

    func onTimerMatches(at timeMs: Int64, state: inout State?) -> [PatternMatch] {
        guard var current = state else { return [] }
        // Due ones in (due time, queue order): firings queue in event-time order, so this is
        // also the order a live run emits them in, one timer at a time.
        let due = current.queue.enumerated().filter { $0.element.dueMs <= timeMs }
            .sorted { ($0.element.dueMs, $0.offset) < ($1.element.dueMs, $1.offset) }
            .map { PatternMatch(event: $0.element.event, cause: $0.element.event.source,
                                discriminator: $0.element.discriminator, timeMs: timeMs) }
        if !due.isEmpty { current.queue.removeAll { $0.dueMs <= timeMs } }
        expireMembers(&current, at: timeMs)
        if let end = forgetTime(of: current), end <= timeMs {
            state = nil
        } else {
            state = current.isIdle ? nil : current
        }
        return due
    }

    func wakeTime(of state: State) -> Int64? {
        let expiry = spec.members.expireAfterMs
        let candidates: [Int64?] = [
            state.queue.lazy.map(\.dueMs).min(),
            state.members.lazy.map { PatternTime.adding(expiry, to: $0.addedMs) }.min(),
            forgetTime(of: state),
        ]
        return candidates.compactMap { $0 }.min()
    }

    /// When the whole key is dropped: `expireAfterMs` after its final firing, or after its
    /// latest event once no paced action is waiting.
    private func forgetTime(of state: State) -> Int64? {
        if let finished = state.finishedAtMs { return PatternTime.adding(spec.members.expireAfterMs, to: finished) }
        guard state.queue.isEmpty else { return nil }
        return PatternTime.adding(spec.members.expireAfterMs, to: state.lastEventMs)
    }

    /// Members added at `A` are gone at `A + expireAfterMs` (so a restock at exactly 90 days
    /// after the wait began no longer notifies).
    private func expireMembers(_ state: inout State, at timeMs: Int64) {
        let expiry = spec.members.expireAfterMs
        // Members are ordered by add time: if the first has not expired, none has.
        guard let first = state.members.first, PatternTime.adding(expiry, to: first.addedMs) <= timeMs else { return }
        state.members.removeAll { PatternTime.adding(expiry, to: $0.addedMs) <= timeMs }
    }

    /// A repeated add keeps the first add time (and so the member's place and expiry) but takes
    /// the latest kept fields.
    private func add(_ member: Member, to state: inout State) {
        if let index = state.members.firstIndex(where: { $0.id == member.id }) {
            state.members[index].fields = member.fields
            return
        }
        let index = state.members.firstIndex { ($0.addedMs, $0.id) > (member.addedMs, member.id) } ?? state.members.endIndex
        state.members.insert(member, at: index)
    }
}

extension FanOutLogic.State {
    /// Nothing left to remember; a finished key is not idle (it must keep ignoring its events).
    var isIdle: Bool {
        members.isEmpty && lastAnnounced == nil && levels.isEmpty && queue.isEmpty && finishedAtMs == nil
    }
}
