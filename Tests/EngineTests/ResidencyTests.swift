import DaemonConfig
import Operators
import Testing
@testable import Engine

/// Bounded memory must not change results: a task that keeps only a couple of keys in memory,
/// loading the others from its store on demand and for due timers, emits exactly what a task
/// holding everything emits.

private let yaml = EngineTestYAML.head(state: "  erase_when:\n    - field: type\n      equals: erase_request\n") + """
watermark:
  max_out_of_orderness: 2s
pipelines:
  - name: cart_abandoned
    kind: absence
    start: [{field: type, equals: cart_add}]
    then: [{field: type, equals: purchase}]
    within: 30m
    cooldown: 2h
    action: {channel: push, message: "left {{sku}}"}
  - name: views
    kind: window
    where: [{field: type, equals: page_view}]
    window: {type: tumbling, size: 1m}
    aggregates: {views: count}
    having: [{field: views, gte: 2}]
    action: {channel: agent, message: "{{views}} views"}
  - name: logins
    kind: threshold
    start: [{field: type, equals: login_failed}]
    count: 2
    within: 1h
    action: {channel: agent, message: "{{count}} failures"}
"""

/// An in-memory stand-in for the task's SQLite file and wake index.
final class MemoryBackend: TaskStateBackend, @unchecked Sendable {
    var rows: [String: [String: [UInt8]]] = [:]
    var wake: [(store: String, key: String, due: Int64)] = []
    var loads = 0
    /// Always true here: the tests want every lookup to go through `load`.
    var mayHoldEvictedKeys: Bool { true }

    func load(store: String, key: String) -> [UInt8]? {
        loads += 1
        return rows[store]?[key]
    }

    func takeDue(store: String, atOrBefore watermarkMs: Int64) -> [String] {
        let due = wake.filter { $0.store == store && $0.due <= watermarkMs }
        wake.removeAll { $0.store == store && $0.due <= watermarkMs }
        return due.sorted { ($0.due, $0.key) < ($1.due, $1.key) }.map(\.key)
    }
}

private struct Generated {
    var records: [InputRecord] = []
}

/// A seeded stream over many customers: carts (some purchased), page views, failed logins,
/// erase requests, with out-of-order jitter inside the 2 s bound.
private func stream(seed: UInt64, count: Int) -> [InputRecord] {
    var state = seed
    func next() -> UInt64 { state &+= 0x9E37_79B9_7F4A_7C15; var z = state; z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9; z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB; return z ^ (z >> 31) }
    var out: [InputRecord] = []
    var t: Int64 = 1_767_225_600_000
    for i in 0..<count {
        t += Int64(next() % 20_000)
        let jitter = Int64(next() % 1_500)
        let customer = "c\(next() % 40)"
        let types = ["cart_add", "purchase", "page_view", "page_view", "login_failed", "cart_add"]
        var type = types[Int(next() % UInt64(types.count))]
        if next() % 97 == 0 { type = "erase_request" }
        let json = "{\"type\":\"\(type)\",\"customer_id\":\"\(customer)\",\"ts\":\(t - jitter),\"sku\":\"S\(i % 7)\"}"
        out.append(InputRecord(source: EventSource(topic: "cx.events", partition: 0, offset: Int64(i)),
                               key: nil, value: Array(json.utf8), timestampMs: nil, headers: []))
    }
    // Far ahead: every pending deadline and window passes.
    let end = "{\"type\":\"noop\",\"customer_id\":\"c0\",\"ts\":\(t + 86_400_000)}"
    out.append(InputRecord(source: EventSource(topic: "cx.events", partition: 0, offset: Int64(count)),
                           key: nil, value: Array(end.utf8), timestampMs: nil, headers: []))
    return out
}

private func run(_ records: [InputRecord], cacheLimit: Int?, checkpointEvery: Int) throws -> (actions: [Action], dead: [String], backend: MemoryBackend) {
    var engine = try Engine(config: ConfigLoader.parse(yaml: yaml, file: "t.yaml", environment: [:]), replay: true)
    let task = TaskID(domain: "", partition: 0)
    engine.assign(StreamPartition(topic: "cx.events", partition: 0), nowMs: 0)
    let backend = MemoryBackend()
    if cacheLimit != nil { engine.attach(backend, to: task) }
    var actions: [Action] = []
    var dead: [String] = []
    var out = EngineOutputs(nowMs: 0)
    for (i, r) in records.enumerated() {
        out.reset(nowMs: max(0, engine.watermarkMs))
        engine.process(r, into: &out)
        actions += out.emitter.actions
        dead += out.deadLetters.map { "\($0.record.source.offset):\($0.reason.rawValue)" }
        if let limit = cacheLimit, i % checkpointEvery == 0 {
            for (store, changes) in engine.takeStateChanges(task) {
                for c in changes { backend.rows[store, default: [:]][c.key] = c.value }
            }
            for (store, keys) in engine.evictColdState(task, keepingAtMost: limit) {
                for k in keys { if let due = k.wakeMs { backend.wake.append((store, k.key, due)) } }
            }
        }
    }
    out.reset(nowMs: max(0, engine.watermarkMs))
    engine.tick(into: &out)
    actions += out.emitter.actions
    return (actions, dead, backend)
}

@Test(arguments: [(1, 1), (2, 7), (5, 50)])
func evictingAndLoadingOnDemandChangesNothing(limit: Int, checkpointEvery: Int) throws {
    let records = stream(seed: UInt64(limit * 31 + checkpointEvery), count: 3_000)
    let all = try run(records, cacheLimit: nil, checkpointEvery: checkpointEvery)
    let bounded = try run(records, cacheLimit: limit, checkpointEvery: checkpointEvery)
    #expect(all.actions.count > 50)  // the stream does exercise the triggers
    let expected = all.actions.map { "\($0.actionID) \($0.trigger) \($0.customerID) \($0.message) \($0.eventTimeMs)" }
    let actual = bounded.actions.map { "\($0.actionID) \($0.trigger) \($0.customerID) \($0.message) \($0.eventTimeMs)" }
    #expect(actual == expected, "missing: \(Set(expected).subtracting(actual).sorted().prefix(5)), extra: \(Set(actual).subtracting(expected).sorted().prefix(5)), counts \(actual.count) vs \(expected.count)")
    #expect(bounded.dead == all.dead)
    #expect(bounded.backend.loads > 0)  // keys really left memory and came back
}

@Test func eraseReachesStateThatIsNotInMemory() throws {
    var engine = try Engine(config: ConfigLoader.parse(yaml: yaml, file: "t.yaml", environment: [:]), replay: true)
    let task = TaskID(domain: "", partition: 0)
    engine.assign(StreamPartition(topic: "cx.events", partition: 0), nowMs: 0)
    let backend = MemoryBackend()
    engine.attach(backend, to: task)
    var out = EngineOutputs(nowMs: 0)
    func send(_ json: String, _ offset: Int64) {
        out.reset(nowMs: 0)
        engine.process(InputRecord(source: EventSource(topic: "cx.events", partition: 0, offset: offset), key: nil,
                                   value: Array(json.utf8), timestampMs: nil, headers: []), into: &out)
    }
    send("{\"type\":\"cart_add\",\"customer_id\":\"c1\",\"ts\":1000,\"sku\":\"A\"}", 0)
    send("{\"type\":\"noop\",\"customer_id\":\"c2\",\"ts\":10000}", 1)  // the watermark releases the cart_add
    for (store, changes) in engine.takeStateChanges(task) {
        for c in changes { backend.rows[store, default: [:]][c.key] = c.value }
    }
    _ = engine.evictColdState(task, keepingAtMost: 0)
    #expect(engine.stateKeyCount(of: task) == 0)
    send("{\"type\":\"erase_request\",\"customer_id\":\"c1\",\"ts\":11000}", 2)
    #expect(out.erased.count == 1 && out.erased[0].stores == 1)
    let changes = engine.takeStateChanges(task)
    #expect(backend.loads > 0)
    #expect(changes.contains { $0.store == "cart_abandoned" && $0.changes == [StateChange(key: "c1", value: nil)] })
}
