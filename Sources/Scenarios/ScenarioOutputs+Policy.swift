/// A contact-policy decision record produced during a scenario, as the report shows it.
public struct ObservedDecision: Sendable, Equatable {
    public var actionID: String
    public var trigger: String
    public var customerID: String
    public var category: String
    public var decision: String
    public var reason: String?
    public var candidateChannel: String
    /// nil when nothing was (or would be) sent: suppressed, capped, deferred.
    public var finalChannel: String?
    public var untilMs: Int64?
    public var deferredAtMs: Int64?
    public var atMs: Int64
    /// 1-based position of the event that caused the action; nil for an action a window or a
    /// timer derived from state rather than from one record.
    public var causeEvent: Int?
}

/// A conversion record produced during a scenario.
public struct ObservedConversion: Sendable, Equatable {
    public var trigger: String
    public var customerID: String
    public var channel: String
    public var group: String
    public var exposedAtMs: Int64
    public var convertedAtMs: Int64
}

/// An expected decision, one per repetition of its `count`.
public struct ExpectedDecision: Sendable {
    var spec: DecisionExpectation

    func matches(_ d: ObservedDecision) -> Bool { mismatches(d).isEmpty }

    /// `field: expected X, got Y` for every field that differs, to explain a near miss.
    func mismatches(_ d: ObservedDecision) -> [String] {
        var out: [String] = []
        func check(_ name: String, _ want: String?, _ got: String?) {
            if let want, want != got { out.append("\(name): expected \(quoted(want)), got \(got.map(quoted) ?? "none")") }
        }
        func check(_ name: String, _ want: Int64?, _ got: Int64?) {
            if let want, want != got { out.append("\(name): expected \(UTCTime.format(want)), got \(got.map(UTCTime.format) ?? "none")") }
        }
        check("trigger", spec.trigger, d.trigger)
        check("customer_id", spec.customerID, d.customerID)
        check("decision", spec.decision, d.decision)
        check("reason", spec.reason, d.reason)
        check("channel", spec.channel, d.finalChannel)
        check("category", spec.category, d.category)
        check("until", spec.untilMs, d.untilMs)
        check("at", spec.atMs, d.atMs)
        check("deferred_at", spec.deferredAtMs, d.deferredAtMs)
        if let want = spec.event, want != d.causeEvent {
            out.append("event: expected \(want), got \(d.causeEvent.map(String.init) ?? "none")")
        }
        return out
    }

    /// Only what the expectation states, e.g. `decision=deferred customer_id=c-1 until=…`.
    var summary: String {
        var parts: [String] = []
        func add(_ name: String, _ v: String?) { if let v { parts.append("\(name)=\(v)") } }
        add("decision", spec.decision)
        add("trigger", spec.trigger)
        add("customer_id", spec.customerID)
        add("channel", spec.channel)
        add("reason", spec.reason)
        add("category", spec.category)
        add("until", spec.untilMs.map(UTCTime.format))
        add("at", spec.atMs.map(UTCTime.format))
        add("deferred_at", spec.deferredAtMs.map(UTCTime.format))
        add("event", spec.event.map(String.init))
        return (parts.isEmpty ? "any decision" : parts.joined(separator: " ")) + "  (line \(spec.location.line))"
    }
}

/// An expected conversion, one per repetition of its `count`.
public struct ExpectedConversion: Sendable {
    var spec: ConversionExpectation

    func matches(_ c: ObservedConversion) -> Bool { mismatches(c).isEmpty }

    func mismatches(_ c: ObservedConversion) -> [String] {
        var out: [String] = []
        func check(_ name: String, _ want: String?, _ got: String) {
            if let want, want != got { out.append("\(name): expected \(quoted(want)), got \(quoted(got))") }
        }
        func check(_ name: String, _ want: Int64?, _ got: Int64) {
            if let want, want != got { out.append("\(name): expected \(UTCTime.format(want)), got \(UTCTime.format(got))") }
        }
        check("trigger", spec.trigger, c.trigger)
        check("customer_id", spec.customerID, c.customerID)
        check("group", spec.group, c.group)
        check("channel", spec.channel, c.channel)
        check("exposed_at", spec.exposedAtMs, c.exposedAtMs)
        check("converted_at", spec.convertedAtMs, c.convertedAtMs)
        return out
    }

    var summary: String {
        var parts: [String] = []
        func add(_ name: String, _ v: String?) { if let v { parts.append("\(name)=\(v)") } }
        add("group", spec.group)
        add("trigger", spec.trigger)
        add("customer_id", spec.customerID)
        add("channel", spec.channel)
        add("exposed_at", spec.exposedAtMs.map(UTCTime.format))
        add("converted_at", spec.convertedAtMs.map(UTCTime.format))
        return (parts.isEmpty ? "any conversion" : parts.joined(separator: " ")) + "  (line \(spec.location.line))"
    }
}

extension ObservedDecision {
    /// `deferred cart_abandoned c-1 push reason=quiet_hours until=… @2026-01-01T22:00:00Z (event 1)`:
    /// the final channel, or the candidate's in brackets when nothing is sent on it (yet).
    var summary: String {
        var text = "\(decision) \(trigger) \(customerID) " + (finalChannel ?? "[\(candidateChannel)]")
        if let reason { text += " reason=\(reason)" }
        if let untilMs { text += " until=\(UTCTime.format(untilMs))" }
        if let deferredAtMs { text += " deferred_at=\(UTCTime.format(deferredAtMs))" }
        return text + " @\(UTCTime.format(atMs))" + (causeEvent.map { " (event \($0))" } ?? "")
    }
}

extension ObservedConversion {
    /// `treated cart_abandoned c-1 push exposed@… converted@…`.
    var summary: String {
        "\(group) \(trigger) \(customerID) \(channel) exposed@\(UTCTime.format(exposedAtMs)) converted@\(UTCTime.format(convertedAtMs))"
    }
}
