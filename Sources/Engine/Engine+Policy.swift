import Operators
import Policies

/// The contact-policy stage: with `policies:`, what a pipeline emits is a *candidate*; the
/// task's `ContactPolicy` decides, per customer, whether it is sent (to `out.emitter`, on the
/// final channel), held out (`out.holdout`), deferred until quiet hours end, capped or
/// suppressed, and every decision is recorded (`out.decisions`).
///
/// Decisions are a function of the task's input alone, so a replay, and a task re-processing
/// its input after a crash, decide exactly as before: a candidate is decided at
/// max(its event time, the task's watermark) — the event's time for an action an event caused,
/// the watermark for one a timer or a window close emitted — and deferred actions due by then
/// are released first (each decided at its own release time). Releases otherwise happen when
/// the watermark moves (`advance`).
extension Engine {
    /// The store holding the contact policy's per-customer state in every task.
    public static let policyStore = "_policy"

    /// Cumulative policy counters over open and closed tasks (process-local); nil without `policies:`.
    public var policyCounters: PolicyCounters? {
        guard policy != nil else { return nil }
        var total = retiredPolicyCounters
        for task in tasks.values {
            if let counters = task.policy?.counters { total.add(counters) }
        }
        return total
    }

    /// Deferred actions waiting for quiet hours to end, over the open tasks (a gauge).
    public var policyDeferredCount: Int {
        tasks.values.reduce(0) { $0 + ($1.policy?.deferredCount ?? 0) }
    }

    /// `advance` for a task with a policy: releases what the watermark made due, then lets each
    /// operator fire its timers into `out.candidates` and decides on what they emitted.
    mutating func advancePoliced(_ id: TaskID, watermarkMs: Int64, _ out: inout EngineOutputs) {
        releaseDeferred(id, toMs: watermarkMs, &out)
        for i in pipelines.indices where tasks[id]?.ops[i] != nil {
            out.prepareCandidates()
            tasks[id]?.ops[i]?.advance(into: &out.candidates)
            decideCandidates(id, pipeline: i, &out)
        }
    }

    /// Decides on every candidate pipeline `i` just emitted into `out.candidates`, in order,
    /// after localizing each to its customer's profile locale when its event named none.
    mutating func decideCandidates(_ id: TaskID, pipeline i: Int, _ out: inout EngineOutputs) {
        guard !out.candidates.actions.isEmpty else { return }
        let watermarkMs = tasks[id]?.watermark.watermarkMs ?? .min
        let category = pipelines[i].category
        for var candidate in out.candidates.actions {
            let atMs = max(candidate.eventTimeMs, watermarkMs)
            releaseDeferred(id, toMs: atMs, &out)
            let context = customerContext(candidate.customerID)
            // A per-locale message the event did not localize takes the profile's locale, the
            // one place the profile is at hand; decided, deferred and held out alike.
            candidate.applyProfileLocale(context.locale)
            guard let outcome = tasks[id]?.policy?.decide(candidate, category: category, atMs: atMs,
                                                          context: context) else { continue }
            route(outcome, released: false, &out)
        }
        out.candidates.removeAll()
    }

    /// A conversion (an input matching `attribution.conversion_when`) of `customer` at its
    /// event time; what was due before it is released first, so its exposures count.
    mutating func recordConversion(_ id: TaskID, customer: String, atMs: Int64, _ out: inout EngineOutputs) {
        guard tasks[id]?.policy != nil else { return }
        releaseDeferred(id, toMs: atMs, &out)
        out.conversions += tasks[id]?.policy?.recordConversion(customer: customer, atMs: atMs) ?? []
    }

    /// A consent event (an input matching `policies.consent_events.when`) of its key, the
    /// customer, at its event time. Its channel field must be a non-empty string (`*` or `all`:
    /// every channel) and its granted field a boolean; anything else is a dead letter
    /// `missing_field`, since a consent change silently lost could mean contacting someone who
    /// said no. Decisions after it see it (`ContactPolicy.recordConsent`).
    mutating func recordConsent(_ id: TaskID, _ event: Event, _ record: InputRecord, _ out: inout EngineOutputs) {
        guard let spec = policy?.consentEvents, tasks[id]?.policy != nil else { return }
        guard case .string(let channel)? = event[spec.channelField], !channel.isEmpty else {
            out.deadLetters.append(DeadLetter(record: record, reason: .missingField, detail: "consent event: field '"
                + "\(spec.channelField)' is \(event[spec.channelField]?.consentKind ?? "missing"), expected a channel "
                + "name (or * for every channel)"))
            return
        }
        guard case .bool(let granted)? = event[spec.grantedField] else {
            out.deadLetters.append(DeadLetter(record: record, reason: .missingField, detail: "consent event: field '"
                + "\(spec.grantedField)' is \(event[spec.grantedField]?.consentKind ?? "missing"), expected a boolean"))
            return
        }
        let all = channel == "*" || channel == "all"
        let watermarkMs = tasks[id]?.watermark.watermarkMs ?? .min
        tasks[id]?.policy?.recordConsent(customer: event.key, channel: all ? "*" : channel, granted: granted,
                                         atMs: event.eventTimeMs, horizonMs: watermarkMs)
    }

    /// Releases the task's deferred actions due at or before `toMs`, each decided again with the
    /// customer's current profile (consent may have changed overnight).
    mutating func releaseDeferred(_ id: TaskID, toMs: Int64, _ out: inout EngineOutputs) {
        guard let next = tasks[id]?.policy?.nextTimerMs, next <= toMs else { return }
        // A copy, so the closure does not reach into `self` while the task is being mutated.
        let profiles = policy?.profileTable.flatMap { tables[$0] }
        let outcomes = tasks[id]?.policy?.advance(toMs: toMs) { customer in
            profiles.map { CustomerContext(profile: $0.lookup(customer)) }
        } ?? []
        for outcome in outcomes { route(outcome, released: true, &out) }
    }

    /// The customer's context from the profile table; the default context without one.
    func customerContext(_ customer: String) -> CustomerContext {
        guard let table = policy?.profileTable else { return CustomerContext() }
        return CustomerContext(profile: tables[table]?.lookup(customer))
    }

    /// Sends the outcome where it belongs. A released action is stamped with the time it is
    /// actually emitted (in replay at least its release time, as virtual time never lags it).
    func route(_ outcome: PolicyOutcome, released: Bool, _ out: inout EngineOutputs) {
        out.decisions.append(outcome.record)
        guard var action = outcome.actionToSend ?? outcome.heldOutAction else { return }
        if released {
            action.emittedAtMs = replay ? max(out.emitter.nowMs, outcome.record.atMs) : out.emitter.nowMs
        }
        if outcome.actionToSend != nil {
            out.emitter.emit(action)
        } else {
            out.holdout.append(action)
        }
    }
}

extension JSONValue {
    /// The value's JSON type, for consent-event dead letters ("a string", "null").
    fileprivate var consentKind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string(let text): text.isEmpty ? "an empty string" : "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension PolicyCounters {
    /// Adds another policy's counts (tasks each have their own policy; metrics show the sum).
    mutating func add(_ other: PolicyCounters) {
        decisions += other.decisions
        sent += other.sent
        sentViaFallback += other.sentViaFallback
        suppressed.merge(other.suppressed, uniquingKeysWith: +)
        deferred += other.deferred
        released += other.released
        deferredCancelled += other.deferredCancelled
        capped.merge(other.capped, uniquingKeysWith: +)
        heldOut += other.heldOut
        unknownTimeZones += other.unknownTimeZones
        exposures.merge(other.exposures) { GroupCounts(treated: $0.treated + $1.treated, holdout: $0.holdout + $1.holdout) }
        conversions.merge(other.conversions) { GroupCounts(treated: $0.treated + $1.treated, holdout: $0.holdout + $1.holdout) }
    }
}
