import Engine
import Operators

extension PreparedFile {
    /// Runs scenario `index` on a fresh copy of the engine and compares its outputs with the
    /// expectations.
    func run(_ index: Int) -> ScenarioOutcome {
        let scenario = file.scenarios[index]
        var engine = prototype
        for r in tableRecords + scenarioTableRecords[index] { _ = engine.applyTableRecord(r.record) }
        var lines = records[index].map { ArraySlice($0) }
        let clockOffset = Int64(lines.count)
        if let clock = clockRecords[index] { lines.append(ArraySlice(clock)) }
        var actions: [ObservedAction] = []
        var deadLetters: [ObservedDeadLetter] = []
        let eventCount = Int64(records[index].count)
        _ = Replay.run(engine: &engine, topic: topic, partition: 0, lines: lines, onAction: { a in
            let fromInput = a.cause.topic == topic && a.cause.partition == 0
            // Whatever the clock record causes itself is not the config's behaviour under test.
            guard !(fromInput && a.cause.offset == clockOffset) else { return }
            actions.append(ObservedAction(trigger: a.trigger, customerID: a.customerID, channel: a.channel, message: a.message,
                                          eventTimeMs: a.eventTimeMs,
                                          causeEvent: fromInput && a.cause.offset < eventCount ? Int(a.cause.offset) + 1 : nil))
        }, onDeadLetter: { d in
            guard d.record.source.offset != clockOffset else { return }
            deadLetters.append(ObservedDeadLetter(reason: d.reason.rawValue, detail: d.detail, event: Int(d.record.source.offset) + 1))
        })
        let expectedActions = scenario.expectedActions.flatMap { Array(repeating: ExpectedAction(spec: $0), count: $0.count) }
        let expectedDead = scenario.expectedDeadLetters.flatMap { Array(repeating: ExpectedDeadLetter(spec: $0), count: $0.count) }
        return ScenarioOutcome(
            name: scenario.name, location: scenario.location,
            actions: ScenarioDiff.diff(expectedActions, actions) { $0.matches($1) },
            deadLetters: ScenarioDiff.diff(expectedDead, deadLetters) { $0.matches($1) })
    }
}
