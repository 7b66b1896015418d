/// A firing of ``FanOutLogic``: which members are told, in which order, and when.
///
/// Order: with `order`, members at the firing event's store (their kept home-store field
/// equals the event's store field) first, then the others; each group in roster order (add
/// time, then id). With `nearby`, the others qualify only if their home store is in the
/// event's list of nearby stores and is itself out (level ≤ 0 or never reported): a customer
/// whose own store has the item is not sent elsewhere. `limit` then takes the first
/// `floor(units × factor)`; the rest stay on the roster for the next firing.
extension FanOutLogic {
    /// A member chosen for a firing; `atHome` is nil without `order` (no home store to compare).
    struct Pick {
        var member: Member
        var atHome: Bool?
    }

    /// Builds the firing's actions: those due now are returned, later ones (pacing) queued.
    /// - Parameters:
    ///   - extra: fields the firing condition adds (`change`, `previous`).
    ///   - final: rendered as `{{final}}`.
    func fire(_ event: Event, budget: Double?, extra: [(key: String, value: JSONValue)], final: Bool,
              state: inout State) -> [PatternMatch] {
        let eligible = candidates(for: event, in: state)
        let chosen = eligible.prefix(Self.count(budget: budget, of: eligible.count))
        let time = event.eventTimeMs
        let source = event.source
        // Names the firing: its event's Kafka position, unique per key and stable across runs.
        let firing = "fan_out:\(source.topic)/\(source.partition)@\(source.offset)"
        var now: [PatternMatch] = []
        for (index, pick) in chosen.enumerated() {
            let member = pick.member
            let memberObject = JSONObject([(key: "id", value: .string(member.id))] + member.fields.fields)
            let rendered = event.adding(extra + [
                (key: "member", value: .object(memberObject)),
                (key: "at_home_store", value: pick.atHome.map(JSONValue.bool) ?? .null),
                (key: "rank", value: .number(Double(index + 1))),
                (key: "final", value: .bool(final)),
            ])
            let discriminator = "\(firing)/\(member.id)"
            let due = dueTime(ofIndex: index, firedAt: time)
            if due <= time {
                now.append(PatternMatch(event: rendered, cause: source, discriminator: discriminator, timeMs: time))
            } else {
                state.queue.append(Pending(dueMs: due, memberID: member.id, event: rendered, discriminator: discriminator))
            }
        }
        if spec.members.removeWhenNotified, !chosen.isEmpty {
            let told = Set(chosen.map(\.member.id))
            state.members.removeAll { told.contains($0.id) }
        }
        return now
    }

    /// How many of `available` members a budget allows: all without one, none below 1.
    static func count(budget: Double?, of available: Int) -> Int {
        guard let budget else { return available }
        guard budget >= 1 else { return 0 }
        return budget >= Double(available) ? available : Int(budget)
    }

    /// Member `index` (0-based) of a firing at `time`: `index / perMinute` whole minutes later.
    func dueTime(ofIndex index: Int, firedAt time: Int64) -> Int64 {
        guard let perMinute = spec.pacePerMinute, perMinute > 0 else { return time }
        let (minutes, overflow) = Int64(index / perMinute).multipliedReportingOverflow(by: 60_000)
        return overflow ? .max : PatternTime.adding(minutes, to: time)
    }

    private func candidates(for event: Event, in state: State) -> [Pick] {
        guard let order = spec.order else { return state.members.map { Pick(member: $0, atHome: nil) } }
        let store = event[order.eventField]?.keyString
        let nearby: Set<String>? = spec.nearbyField.map { field in
            guard case .array(let stores)? = event[field] else { return [] }
            return Set(stores.compactMap(\.keyString))
        }
        var home: [Pick] = []
        var others: [Pick] = []
        for member in state.members {
            let memberStore = member.fields[order.memberField]?.keyString
            if let store, memberStore == store {
                home.append(Pick(member: member, atHome: true))
                continue
            }
            if let nearby {
                guard let memberStore, nearby.contains(memberStore), (state.levels[memberStore] ?? 0) <= 0 else { continue }
            }
            others.append(Pick(member: member, atHome: false))
        }
        return home + others
    }
}
