import DaemonConfig
import Operators
import Testing
@testable import Engine

/// The engine decodes an input's events with the union of what its pipelines read, and in full
/// when anything else on the event path reads fields (identity, erase, policies, joins, re-key).
@Suite("Engine: projection per input")
struct ProjectionEngineTests {
    static func preamble(keyField: String = "customer_id", state: String = "") -> String {
        EngineTestYAML.head(keyField: keyField, state: state) + "watermark:\n  max_out_of_orderness: 0s\n"
    }

    static let window = """
      - name: busy
        kind: window
        window: {type: tumbling, size: 1m, grace: 0s}
        aggregates: {events: count}
        action: {channel: agent, message: "{{events}} events in one minute"}

    """

    static func engine(_ yaml: String) throws -> Engine {
        try Engine(config: ConfigLoader.parse(yaml: yaml, file: "t.yaml", environment: [:]), replay: true)
    }

    @Test func countingWindowKeepsNoEventMember() throws {
        let engine = try Self.engine(Self.preamble() + "pipelines:\n" + Self.window)
        #expect(engine.projection(forTopic: "cx.events") == .topLevel(["events"]))
        #expect(engine.projection(forTopic: "other") == nil)
    }

    @Test func pipelinesAreUnited() throws {
        let filter = """
          - name: big
            where: [{field: amount, gt: 100}]
            action: {channel: sms, message: "{{sku}}"}

        """
        let engine = try Self.engine(Self.preamble() + "pipelines:\n" + Self.window + filter)
        #expect(engine.projection(forTopic: "cx.events") == .topLevel(["events", "amount", "sku"]))
    }

    @Test func joinsReKeyingEraseAndIdentityReadEverything() throws {
        let join = Self.preamble() + """
        tables:
          - name: profiles
            topic: cx.profiles
            key_field: customer_id
        pipelines:
          - name: greet
            join: [{table: profiles, on: customer_id, as: profile}]
            action: {channel: sms, message: "hi"}

        """
        #expect(try Self.engine(join).projection(forTopic: "cx.events") == .all)
        let rekey = Self.preamble() + "pipelines:\n" + Self.window + "    rekey_by: store\n"
        #expect(try Self.engine(rekey).projection(forTopic: "cx.events") == .all)
        let erase = Self.preamble(state: "  erase_when: [{field: type, equals: erase}]\n") + "pipelines:\n" + Self.window
        #expect(try Self.engine(erase).projection(forTopic: "cx.events") == .all)
        let identity = Self.preamble(keyField: "device_id") + """
        identity:
          link_when: [{field: type, equals: login}]
          anonymous_field: device_id
          known_field: customer_id

        """ + "pipelines:\n" + Self.window
        #expect(try Self.engine(identity).projection(forTopic: "cx.events") == .all)
    }
}
