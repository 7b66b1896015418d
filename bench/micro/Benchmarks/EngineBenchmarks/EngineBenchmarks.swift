// Output side and the whole per-record path.
// - Action.encodeJSON: the bytes produced to the actions topic, once per action;
// - ActionTemplate.make: action ID (stable hash) + channel and message Mustache renders;
// - Engine.process with config/demo.yaml (three filter pipelines on cx.events): a record that
//   triggers `cart_reminder` (decode + 3 pipelines + 1 action) and one that matches nothing.
//   Each op resets the outputs as Daemon.process does (same batch, same nowMs).
import Benchmark
import DaemonConfig
import Engine
import Foundation
import MicroSupport
import Operators

/// config/demo.yaml of the main package, found from this file's location.
let demoConfigPath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // EngineBenchmarks
    .deletingLastPathComponent()  // Benchmarks
    .deletingLastPathComponent()  // micro
    .deletingLastPathComponent()  // bench
    .deletingLastPathComponent()  // repo root
    .appendingPathComponent("config/demo.yaml").path

final class EngineFixture {
    var engine: Engine
    var outputs: EngineOutputs
    let record: InputRecord
    let expectedActions: Int

    init(eventJSON: String, expectedActions: Int) throws {
        let yaml = try String(contentsOfFile: demoConfigPath, encoding: .utf8)
        let config = try ConfigLoader.parse(yaml: yaml, file: demoConfigPath, environment: [:])
        engine = try Engine(config: config)
        outputs = EngineOutputs(nowMs: Fixtures.baseTimeMs)
        record = InputRecord(source: Fixtures.source(offset: 7), key: Array("c-1042".utf8),
                             value: Array(eventJSON.utf8), timestampMs: Fixtures.baseTimeMs)
        self.expectedActions = expectedActions
        step()
        precondition(outputs.emitter.actions.count == expectedActions && outputs.deadLetters.isEmpty,
                      "demo config produced \(outputs.emitter.actions.count) actions and "
                      + "\(outputs.deadLetters.map(\.detail)) for \(eventJSON)")
    }

    @inline(__always)
    func step() {
        outputs.reset(nowMs: Fixtures.baseTimeMs)
        engine.process(record, into: &outputs)
    }
}

let benchmarks: @Sendable () -> Void = {
    Fixtures.configure()

    let action = Action(
        actionID: "4f1c2a9be07d3c5581a6f0e2d4b7c913", trigger: "cart_reminder", customerID: "c-1042",
        channel: "push", message: "You left SNEAKER-42 in your cart",
        eventTimeMs: Fixtures.baseTimeMs + 123, emittedAtMs: Fixtures.baseTimeMs + 250,
        cause: Fixtures.source(offset: 123_456)
    )

    Benchmark("Action: Action.encodeJSON (\(action.encodeJSON().count) B)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(action.encodeJSON())
        }
    }

    let template = Fixtures.actionTemplate(trigger: "cart_reminder", message: "You left {{sku}} in your cart")
    let event = Fixtures.event(key: "c-1042", type: "cart_add", timeMs: Fixtures.baseTimeMs + 123, offset: 123_456)
    Benchmark("Action: ActionTemplate.make (ID + 2 template renders)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? template.make(from: event, emittedAtMs: Fixtures.baseTimeMs))
        }
    }

    // The parts of `make`, to attribute its cost.
    Benchmark("Action: ActionID.make (stable hash + 32 hex digits)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ActionID.make(trigger: "cart_reminder", key: event.key, cause: event.source))
        }
    }

    Benchmark("Action: MessageTemplate.render, no tags (\"push\")") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(template.channel.render(event))
        }
    }

    Benchmark("Action: MessageTemplate.render, one variable (\"You left {{sku}} in your cart\")") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(template.message.render(event))
        }
    }

    Benchmark("Engine: process demo config, cart_add → 1 action") { benchmark, fixture in
        for _ in benchmark.scaledIterations { fixture.step() }
    } setup: {
        try EngineFixture(eventJSON: Fixtures.cxEventJSON, expectedActions: 1)
    }

    Benchmark("Engine: process demo config, non-matching event") { benchmark, fixture in
        for _ in benchmark.scaledIterations { fixture.step() }
    } setup: {
        try EngineFixture(eventJSON: Fixtures.cxEventJSON.replacingOccurrences(of: "cart_add", with: "page_view"),
                          expectedActions: 0)
    }
}
