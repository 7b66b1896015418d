import DaemonConfig
import Operators
import Testing
@testable import Engine

/// The values each pipeline kind adds to the event its action is rendered from: `validate`
/// accepts them in templates of an input with `fields:`, and the operators really set them
/// (each renders non-empty), so the field check's list cannot drift from the operators unseen.
@Suite struct KindFieldsTests {
    struct Kind: Sendable, CustomTestStringConvertible {
        var name: String
        /// The pipeline's kind-specific keys, one per line.
        var settings: String
        /// What the kind adds, besides the `key` and `event_time` every template has.
        var added: [String]
        /// `type`, seconds after t0 and `v` of each event (key c-1 unless the type is `tick`).
        var events: [(type: String, at: Int64, v: Int)]
        var testDescription: String { name }
    }

    static let kinds: [Kind] = [
        Kind(name: "window", settings: "window: {type: tumbling, size: 1m}\naggregates: {n: count, total: {sum: v}}",
             added: ["window_start", "window_end", "n", "total"], events: [("a", 0, 2), ("a", 1, 3), ("tick", 300, 0)]),
        Kind(name: "followed_by", settings: "start: [{field: type, equals: a}]\nthen: [{field: type, equals: b}]\nwithin: 1h",
             added: ["elapsed_ms", "start_time"], events: [("a", 0, 0), ("b", 60, 0), ("tick", 300, 0)]),
        Kind(name: "absence", settings: "start: [{field: type, equals: a}]\nthen: [{field: type, equals: b}]\nwithin: 1m",
             added: ["deadline"], events: [("a", 0, 0), ("tick", 300, 0)]),
        Kind(name: "threshold", settings: "start: [{field: type, equals: a}]\ncount: 2\nwithin: 1h",
             added: ["count"], events: [("a", 0, 0), ("a", 10, 0), ("tick", 300, 0)]),
        Kind(name: "inactivity", settings: "start: [{field: type, equals: a}]\nwithin: 1m",
             added: ["inactive_since", "deadline"], events: [("a", 0, 0), ("tick", 300, 0)]),
        Kind(name: "change", settings: "field: v\nmin_change: 5",
             added: ["previous", "baseline", "change"], events: [("a", 0, 10), ("a", 10, 20), ("a", 20, 30), ("tick", 300, 0)]),
    ]

    static func yaml(_ kind: Kind, message: String, fields: String = "fields: [type, v]") -> String {
        let settings = kind.settings.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        return """
            kafka: {brokers: localhost:9092, group_id: g}
            inputs:
              - topic: cx.events
                key_field: customer_id
                time_field: ts
                \(fields)
            output: {actions_topic: cx.actions, dead_letter_topic: cx.deadletter}
            state: {dir: /tmp/x}
            watermark: {max_out_of_orderness: 0s}
            pipelines:
              - name: p
                kind: \(kind.name)
                where: [{field: type, not_equals: tick}]
            \(settings)
                action: {channel: push, message: "\(message)"}
            """
    }

    static func engine(_ yaml: String) throws -> Engine {
        try Engine(config: ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: [:]), replay: true)
    }

    @Test(arguments: kinds) func addedValuesPassTheCheckAndRender(kind: Kind) throws {
        let message = (kind.added + ["key", "event_time", "customer_id", "ts"]).map { "[{{\($0)}}]" }.joined()
        var engine = try Self.engine(Self.yaml(kind, message: message))
        let t0: Int64 = 1_767_225_600_000
        let lines = kind.events.map { event in
            let key = event.type == "tick" ? "other" : "c-1"
            let json = #"{"type":"\#(event.type)","customer_id":"\#(key)","ts":\#(t0 + event.at * 1_000),"v":\#(event.v)}"#
            return ArraySlice(Array(json.utf8))
        }
        var actions: [Action] = []
        _ = Replay.run(engine: &engine, topic: "cx.events", lines: lines, onAction: { actions.append($0) }, onDeadLetter: { _ in })
        let last = try #require(actions.last, "kind \(kind.name) emitted nothing")
        #expect(!last.message.contains("[]"), "an added value rendered empty: \(last.message)")
        // The compiler's list for the kind is exactly this one: nothing accepted that is not set.
        let config = try ConfigLoader.parse(yaml: Self.yaml(kind, message: message), file: "test.yaml", environment: [:])
        #expect(try PipelineCompiler.openNames(#require(config.pipelines.first)) == ["key", "event_time"] + kind.added)
    }

    @Test(arguments: kinds) func namesOfOtherKindsAreRejected(kind: Kind) throws {
        let foreign = ["window_end", "elapsed_ms", "deadline", "count", "inactive_since", "baseline"]
            .first { !kind.added.contains($0) } ?? "nope"
        #expect(throws: ConfigErrors.self) { try Self.engine(Self.yaml(kind, message: "{{\(foreign)}}")) }
        // Without `fields:` nothing is checked.
        #expect(throws: Never.self) { try Self.engine(Self.yaml(kind, message: "{{\(foreign)}}", fields: "")) }
    }
}
