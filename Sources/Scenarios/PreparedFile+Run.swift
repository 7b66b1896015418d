import Engine
import Operators

extension PreparedFile {
    /// Runs scenario `index` on a fresh copy of the engine and compares its outputs with the
    /// expectations.
    func run(_ index: Int) -> ScenarioOutcome {
        let scenario = file.scenarios[index]
        var engine = prototype
        for r in tableRecords + scenarioTableRecords[index] { _ = engine.applyTableRecord(r.record) }
        let recording = ScenarioRecording.replay(&engine, topic: topic, lines: records[index] + (clockRecords[index].map { [$0] } ?? []))
        let observed = Observations(recording, topic: topic, eventCount: records[index].count)
        let expectedActions = scenario.expectedActions.flatMap { Array(repeating: ExpectedAction(spec: $0), count: $0.count) }
        let expectedDead = scenario.expectedDeadLetters.flatMap { Array(repeating: ExpectedDeadLetter(spec: $0), count: $0.count) }
        var outcome = ScenarioOutcome(
            name: scenario.name, location: scenario.location,
            actions: ScenarioDiff.diff(expectedActions, observed.actions) { $0.matches($1) },
            deadLetters: ScenarioDiff.diff(expectedDead, observed.deadLetters) { $0.matches($1) })
        let policy = scenario.policy
        if let specs = policy.decisions {
            let expected = specs.flatMap { Array(repeating: ExpectedDecision(spec: $0), count: $0.count) }
            outcome.decisions = ScenarioDiff.diff(expected, observed.decisions) { $0.matches($1) }
        }
        if let specs = policy.holdout {
            let expected = specs.flatMap { Array(repeating: ExpectedAction(spec: $0), count: $0.count) }
            outcome.holdout = ScenarioDiff.diff(expected, observed.holdout) { $0.matches($1) }
        }
        if let specs = policy.conversions {
            let expected = specs.flatMap { Array(repeating: ExpectedConversion(spec: $0), count: $0.count) }
            outcome.conversions = ScenarioDiff.diff(expected, observed.conversions) { $0.matches($1) }
        }
        return outcome
    }
}

/// A recording as the report shows it: causes as positions in `events`, and without what the
/// clock record (the one after the events) caused itself — that is not the config's behaviour
/// under test. Releases and timers the clock's watermark fires are kept: they are what it is for.
struct Observations {
    var actions: [ObservedAction]
    var deadLetters: [ObservedDeadLetter]
    var decisions: [ObservedDecision]
    var holdout: [ObservedAction]
    var conversions: [ObservedConversion]

    init(_ r: ScenarioRecording, topic: String, eventCount: Int) {
        let clockOffset = Int64(eventCount)
        func observed(_ a: Action) -> ObservedAction? {
            let fromInput = a.cause.topic == topic && a.cause.partition == 0
            guard !(fromInput && a.cause.offset == clockOffset) else { return nil }
            return ObservedAction(trigger: a.trigger, customerID: a.customerID, channel: a.channel, message: a.message,
                                  eventTimeMs: a.eventTimeMs,
                                  causeEvent: fromInput && a.cause.offset < clockOffset ? Int(a.cause.offset) + 1 : nil)
        }
        actions = r.actions.compactMap(observed)
        holdout = r.holdout.compactMap(observed)
        deadLetters = r.deadLetters.filter { $0.record.source.offset != clockOffset }.map {
            ObservedDeadLetter(reason: $0.reason.rawValue, detail: $0.detail, event: Int($0.record.source.offset) + 1)
        }
        // A decision record names its action only by id: find the input record whose action
        // of that trigger and customer has it (ids are a hash of trigger, key and cause), else
        // the cause of the emitted action with that id — a timer-driven trigger's id hashes a
        // discriminator instead, so for those only a sent or held-out action tells.
        var emittedCause: [String: Int64] = [:]
        for a in r.actions + r.holdout where a.cause.topic == topic && a.cause.partition == 0 { emittedCause[a.actionID] = a.cause.offset }
        func causeOffset(_ trigger: String, _ customer: String, _ id: String) -> Int64? {
            (0...clockOffset).first { ActionID.make(trigger: trigger, key: customer, cause: EventSource(topic: topic, partition: 0, offset: $0)) == id }
                ?? emittedCause[id]
        }
        decisions = r.decisions.compactMap { d in
            let cause = causeOffset(d.trigger, d.customerID, d.actionID)
            guard cause != clockOffset, d.customerID != EventEncoder.clockKey else { return nil }
            return ObservedDecision(actionID: d.actionID, trigger: d.trigger, customerID: d.customerID, category: d.category.rawValue,
                                    decision: d.decision.name, reason: d.reason, candidateChannel: d.candidateChannel,
                                    finalChannel: d.finalChannel, untilMs: d.untilMs, deferredAtMs: d.deferredAtMs, atMs: d.atMs,
                                    causeEvent: cause.map { Int($0) + 1 })
        }
        conversions = r.conversions.filter { $0.customerID != EventEncoder.clockKey }.map {
            ObservedConversion(trigger: $0.trigger, customerID: $0.customerID, channel: $0.channel, group: $0.group.description,
                               exposedAtMs: $0.exposedAtMs, convertedAtMs: $0.convertedAtMs)
        }
    }
}
