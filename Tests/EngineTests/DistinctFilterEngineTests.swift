import DaemonConfig
import Operators
import Testing
@testable import Engine

/// A filter with `distinct_by` is a stateful pipeline for the engine: it has a store, its
/// memory survives a checkpoint and restore, and an evicted key is loaded before its next event.

private let yaml = EngineTestYAML.head() + """
pipelines:
  - name: ready
    where: [{field: type, equals: order_ready}]
    distinct_by: order_id
    distinct_within: 7d
    action: {channel: sms, message: "{{order_id}} is ready"}
  - name: plain
    where: [{field: type, equals: order_ready}]
    action: {channel: sms, message: "plain"}
"""

private let task = TaskID(domain: "", partition: 0)

private func engine() throws -> Engine {
    var engine = try Engine(config: ConfigLoader.parse(yaml: yaml, file: "t.yaml", environment: [:]), replay: true)
    engine.assign(StreamPartition(topic: "cx.events", partition: 0), nowMs: 0)
    return engine
}

private func record(_ order: String?, offset: Int64, customer: String = "c-1") -> InputRecord {
    let id = order.map { ",\"order_id\":\"\($0)\"" } ?? ""
    let json = "{\"type\":\"order_ready\",\"customer_id\":\"\(customer)\",\"ts\":\(1_767_225_600_000 + offset)\(id)}"
    return InputRecord(source: EventSource(topic: "cx.events", partition: 0, offset: offset),
                       key: nil, value: Array(json.utf8), timestampMs: nil, headers: [])
}

/// The triggers of the actions `r` produces.
private func triggers(_ engine: inout Engine, _ r: InputRecord) -> [String] {
    var out = EngineOutputs(nowMs: 0)
    engine.process(r, into: &out)
    return out.emitter.actions.map(\.trigger)
}

@Test func onlyTheDistinctFilterHasAStore() throws {
    #expect(try engine().stores(ofDomain: "") == ["ready"])
}

@Test func restoredStateKeepsDroppingDuplicates() throws {
    var first = try engine()
    #expect(triggers(&first, record("o-1", offset: 1)) == ["ready", "plain"])
    let changes = first.takeStateChanges(task)
    #expect(changes.map(\.store) == ["ready"])
    var restored = try engine()
    for (store, rows) in changes {
        for row in rows { try restored.restoreState(task, store: store, key: row.key, value: try #require(row.value)) }
    }
    #expect(triggers(&restored, record("o-1", offset: 2)) == ["plain"])
    #expect(triggers(&restored, record("o-2", offset: 3)) == ["ready", "plain"])
}

@Test func anEvictedKeyIsLoadedBeforeItsNextEvent() throws {
    var engine = try engine()
    let backend = MemoryBackend()
    engine.attach(backend, to: task)
    #expect(triggers(&engine, record("o-1", offset: 1)) == ["ready", "plain"])
    for (store, changes) in engine.takeStateChanges(task) {
        for c in changes { backend.rows[store, default: [:]][c.key] = c.value }
    }
    let evicted = engine.evictColdState(task, keepingAtMost: 0)
    #expect(evicted.flatMap(\.keys).map(\.key) == ["c-1"])
    #expect(triggers(&engine, record("o-1", offset: 2)) == ["plain"])
    #expect(backend.loads > 0)
}

@Test func aMissingIDIsADeadLetterNamingThePipeline() throws {
    var engine = try engine()
    var out = EngineOutputs(nowMs: 0)
    engine.process(record(nil, offset: 1), into: &out)
    #expect(out.emitter.actions.map(\.trigger) == ["plain"])
    #expect(out.deadLetters.map(\.reason) == [.missingField])
    #expect(out.deadLetters.first?.detail == "pipeline 'ready': distinct_by field 'order_id' is missing")
}
