import DaemonConfig
import Operators
import Testing
@testable import Engine

/// Identity stitching in the engine: a login links a device to a customer; every event of the
/// stitched input is keyed by the customer from then on, and the device's pending pattern
/// state moves to the customer.

private let yaml = EngineTestYAML.head(topic: "cx.web", keyField: "device_id", state: "  erase_when: [{field: type, equals: erase_request}]\n") + """
watermark:
  max_out_of_orderness: 5s
identity:
  link_when: [{field: type, equals: login}]
  anonymous_field: device_id
  known_field: customer_id
pipelines:
  - name: cart
    kind: absence
    start: [{field: type, equals: cart_add}]
    then: [{field: type, equals: purchase}]
    within: 30m
    cooldown: 24h
    action: {channel: push, message: "left {{sku}}"}
"""

private let minute: Int64 = 60_000
private let t0: Int64 = 1_767_225_600_000
private let task = TaskID(domain: "", partition: 0)

/// Feeds JSON events at offsets 0, 1, …, keeping what they produce.
private final class Run {
    var engine: Engine
    var offset: Int64 = 0
    var actions: [Action] = []
    var deadLetters: [DeadLetter] = []
    var erased: [(key: String, stores: Int)] = []

    init(replay: Bool = true) throws {
        engine = try Engine(config: ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: [:]), replay: replay)
    }

    /// `fields` is the JSON object's body without braces; `ts` is added.
    func send(_ fields: String, at ms: Int64) {
        var out = EngineOutputs(nowMs: ms)
        let json = "{\(fields),\"ts\":\(ms)}"
        engine.process(InputRecord(source: EventSource(topic: "cx.web", partition: 0, offset: offset), key: nil,
                                   value: Array(json.utf8), timestampMs: nil, headers: []), into: &out)
        offset += 1
        actions += out.emitter.actions
        deadLetters += out.deadLetters
        erased += out.erased
    }

    /// Moves the watermark far enough to fire everything due by `ms` (an unrelated device's event).
    func flush(to ms: Int64) { send(#""type":"noop","device_id":"zz""#, at: ms + 5_001) }

    var customers: [String] { actions.map(\.customerID) }
}

@Test func anAnonymousCartIsRemindedToTheCustomerWhoLoggedInAfterIt() throws {
    let run = try Run()
    run.send(#""type":"cart_add","device_id":"d","sku":"S1""#, at: t0)
    run.send(#""type":"login","device_id":"d","customer_id":"c""#, at: t0 + minute)
    run.flush(to: t0 + 31 * minute)
    #expect(run.customers == ["c"])
    #expect(run.actions.first?.message == "left S1")
    #expect(run.engine.identityLink(of: "d", in: task) == IdentityMap.Link(knownID: "c", linkedAtMs: t0 + minute))
}

@Test(arguments: [#""type":"purchase","device_id":"d""#, #""type":"purchase","device_id":"d","customer_id":"c""#,
                  #""type":"purchase","device_id":"d2","customer_id":"c""#])
func aPurchaseAfterTheLoginIsTheExit(purchase: String) throws {
    let run = try Run()
    run.send(#""type":"cart_add","device_id":"d","sku":"S1""#, at: t0)
    run.send(#""type":"login","device_id":"d","customer_id":"c""#, at: t0 + minute)
    run.send(purchase, at: t0 + 10 * minute)
    run.flush(to: t0 + 2 * 60 * minute)
    #expect(run.actions.isEmpty)
}

@Test func eventsAfterTheLinkLandOnTheCustomerKey() throws {
    let run = try Run()
    run.send(#""type":"login","device_id":"d","customer_id":"c""#, at: t0)
    _ = run.engine.takeStateChanges(task)
    run.send(#""type":"cart_add","device_id":"d","sku":"S1""#, at: t0 + minute)
    run.flush(to: t0 + minute)
    let cart = run.engine.takeStateChanges(task).first { $0.store == "cart" }?.changes.map(\.key)
    #expect(cart == ["c"])
    run.flush(to: t0 + 31 * minute)
    #expect(run.customers == ["c"])
}

@Test func aSecondDeviceMergesIntoTheCustomerWhoseOwnStateWins() throws {
    let run = try Run()
    run.send(#""type":"cart_add","device_id":"d1","sku":"FIRST""#, at: t0)
    run.send(#""type":"login","device_id":"d1","customer_id":"c""#, at: t0 + minute)
    run.send(#""type":"cart_add","device_id":"d2","sku":"SECOND""#, at: t0 + 2 * minute)
    run.send(#""type":"login","device_id":"d2","customer_id":"c""#, at: t0 + 3 * minute)
    run.flush(to: t0 + 2 * 24 * 60 * minute)
    #expect(run.actions.map { "\($0.customerID) \($0.message)" } == ["c left FIRST"], "one reminder per customer")
}

@Test func theIdentityStoreRoundTripsThroughTakeAndRestore() throws {
    let first = try Run()
    #expect(first.engine.stores(ofDomain: "") == ["cart", Engine.identityStore])
    #expect(first.engine.stores(ofDomain: "g-x-repartition").isEmpty)
    first.send(#""type":"cart_add","device_id":"d","sku":"S1""#, at: t0)
    first.send(#""type":"login","device_id":"d","customer_id":"c""#, at: t0 + minute)
    #expect(first.engine.stateKeyCounts[Engine.identityStore] == 1)
    let changes = first.engine.takeStateChanges(task)
    #expect(changes.map(\.store) == ["cart", Engine.identityStore])
    let identity = try #require(changes.first { $0.store == Engine.identityStore }?.changes)
    #expect(identity.map(\.key) == ["d"])
    #expect(first.engine.takeStateChanges(task).isEmpty)

    // Restored elsewhere: the cart and the link survive; a later device event still counts for c.
    let second = try Run()
    for (store, list) in changes {
        for change in list where change.value != nil {
            try second.engine.restoreState(task, store: store, key: change.key, value: try #require(change.value))
        }
    }
    second.offset = 2
    second.send(#""type":"purchase","device_id":"d""#, at: t0 + 2 * minute)
    second.flush(to: t0 + 2 * 60 * minute)
    #expect(second.actions.isEmpty)
    #expect(second.engine.identityLink(of: "d", in: task)?.knownID == "c")
}

@Test func erasingTheCustomerDropsTheLinksToThem() throws {
    let run = try Run()
    run.send(#""type":"login","device_id":"d","customer_id":"c""#, at: t0)
    _ = run.engine.takeStateChanges(task)
    run.send(#""type":"erase_request","device_id":"d","customer_id":"c""#, at: t0 + minute)
    #expect(run.erased.map(\.key) == ["c"])
    #expect(run.engine.identityLink(of: "d", in: task) == nil)
    let tombstones = run.engine.takeStateChanges(task).first { $0.store == Engine.identityStore }?.changes
    #expect(tombstones == [StateChange(key: "d", value: nil)])
    // The device is anonymous again.
    run.send(#""type":"cart_add","device_id":"d","sku":"S1""#, at: t0 + 2 * minute)
    run.flush(to: t0 + 40 * minute)
    #expect(run.customers == ["d"])
}

@Test func aLoginArrivingBeforeAnEarlierCartWithinTheBoundStillStitches() throws {
    let run = try Run()
    run.send(#""type":"login","device_id":"d","customer_id":"c""#, at: t0 + 3_000)
    run.send(#""type":"cart_add","device_id":"d","sku":"S1""#, at: t0)          // 3 s older: not late
    run.flush(to: t0 + 31 * minute)
    #expect(run.customers == ["c"] && run.deadLetters.isEmpty)
}

@Test func aLoginArrivingAfterALaterCartWithinTheBoundMovesTheBufferedCart() throws {
    let run = try Run()
    run.send(#""type":"cart_add","device_id":"d","sku":"S1""#, at: t0 + 3_000)  // still buffered
    run.send(#""type":"login","device_id":"d","customer_id":"c""#, at: t0)
    run.flush(to: t0 + 31 * minute)
    #expect(run.customers == ["c"] && run.deadLetters.isEmpty)
}

@Test func liveModeStitchesLikeReplay() throws {
    func actions(replay: Bool) throws -> [Action] {
        let run = try Run(replay: replay)
        run.engine.assign(StreamPartition(topic: "cx.web", partition: 0), nowMs: t0)
        run.send(#""type":"cart_add","device_id":"d","sku":"S1""#, at: t0)
        run.send(#""type":"login","device_id":"d","customer_id":"c""#, at: t0 + minute)
        run.send(#""type":"cart_add","device_id":"d2","sku":"S2""#, at: t0 + 2 * minute)
        run.flush(to: t0 + 40 * minute)
        return run.actions.map { var a = $0; a.emittedAtMs = 0; return a }
    }
    let live = try actions(replay: false)
    #expect(live.map(\.customerID) == ["c", "d2"])
    #expect(live == (try actions(replay: true)))
}

@Test func migrationLoadsEvictedKeysFirst() throws {
    let run = try Run()
    let backend = MemoryBackend()
    run.engine.attach(backend, to: task)
    run.send(#""type":"cart_add","device_id":"d","sku":"S1""#, at: t0)
    run.flush(to: t0 + minute)                        // released: d holds a pending cart
    for (store, list) in run.engine.takeStateChanges(task) {
        for change in list { backend.rows[store, default: [:]][change.key] = change.value }
    }
    let evicted = run.engine.evictColdState(task, keepingAtMost: 0)
    #expect(evicted.first?.keys.map(\.key) == ["d"])
    backend.wake = []                                 // only the migration can bring d back
    run.send(#""type":"login","device_id":"d","customer_id":"c""#, at: t0 + 2 * minute)
    run.flush(to: t0 + 31 * minute)
    #expect(run.customers == ["c"])
}

@Test func reKeyedPipelinesStillReKeyTheStitchedEvent() throws {
    let rekeyed = yaml + """

      - name: per_sku
        kind: threshold
        start: [{field: type, equals: cart_add}]
        count: 1
        within: 1m
        rekey_by: sku
        action: {channel: ops, message: "sku {{sku}}"}
    """
    let config = try ConfigLoader.parse(yaml: rekeyed, file: "test.yaml", environment: [:])
    // Live: the stitched event goes to the repartition topic keyed by its sku.
    var live = try Engine(config: config, replay: false)
    #expect(live.stores(ofDomain: "") == ["cart", Engine.identityStore])
    var out = EngineOutputs(nowMs: t0)
    for (offset, json) in [#"{"type":"login","device_id":"d","customer_id":"c","ts":\#(t0)}"#,
                           #"{"type":"cart_add","device_id":"d","sku":"S1","ts":\#(t0 + 1)}"#].enumerated() {
        live.process(InputRecord(source: EventSource(topic: "cx.web", partition: 0, offset: Int64(offset)), key: nil,
                                 value: Array(json.utf8), timestampMs: nil, headers: []), into: &out)
    }
    #expect(out.repartition.map { String(decoding: $0.key, as: UTF8.self) } == ["S1"])
    // Replay: re-keyed in place, the sku pipeline's action is keyed by the sku, the cart by the customer.
    var replay = try Engine(config: config, replay: true)
    var actions: [Action] = []
    for (offset, json) in [#"{"type":"login","device_id":"d","customer_id":"c","ts":\#(t0)}"#,
                           #"{"type":"cart_add","device_id":"d","sku":"S1","ts":\#(t0 + 1)}"#,
                           #"{"type":"noop","device_id":"zz","ts":\#(t0 + 40 * minute)}"#].enumerated() {
        var step = EngineOutputs(nowMs: t0)
        replay.process(InputRecord(source: EventSource(topic: "cx.web", partition: 0, offset: Int64(offset)), key: nil,
                                   value: Array(json.utf8), timestampMs: nil, headers: []), into: &step)
        actions += step.emitter.actions
    }
    #expect(actions.map { "\($0.trigger) \($0.customerID)" }.sorted() == ["cart c", "per_sku S1"])
}
