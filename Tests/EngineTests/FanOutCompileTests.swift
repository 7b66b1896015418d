import DaemonConfig
import Operators
import Testing
@testable import Engine

/// `kind: fan_out` through the engine: the template field check knows `member.id`, the kept
/// fields and the values a fan-out adds; the actions go to the members.
@Suite struct FanOutCompileTests {
    static let yaml = """
        kafka:
          brokers: localhost:9092
          group_id: g
        inputs:
          - topic: cx.events
            key_field: sku
            time_field: ts
            fields: [type, sku, units, customer_id, name]
        output:
          actions_topic: cx.actions
          dead_letter_topic: cx.deadletter
        state:
          dir: /tmp/x
        pipelines:
          - name: restock
            kind: fan_out
            members: {add_when: [{field: type, equals: wait}], id_field: customer_id, keep: [name]}
            fire: {rises: {field: units}}
            action:
              channel: push
              message: "{{member.name}} {{member.id}} {{sku}} {{rank}} {{at_home_store}} {{final}} {{previous}}"
        """

    static func problems(_ yaml: String) -> [String] {
        do {
            _ = try Engine(config: ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: [:]))
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func memberFieldsAndAddedValuesAreKnown() {
        #expect(Self.problems(Self.yaml).isEmpty)
    }

    @Test func aMemberFieldThatIsNotKeptIsReported() {
        let yaml = Self.yaml.replacingOccurrences(of: "{{member.name}}", with: "{{member.nmae}}")
        #expect(Self.problems(yaml) == [
            "test.yaml:21:16: message template uses field 'member.nmae' that input 'cx.events' does not declare "
                + "(did you mean 'member.name'?)",
        ])
    }

    @Test func eachMemberGetsAnActionAddressedToThem() throws {
        var engine = try Engine(config: ConfigLoader.parse(yaml: Self.yaml, file: "test.yaml", environment: [:]), replay: true)
        let lines = [
            #"{"sku":"A","units":0,"ts":1000}"#,
            #"{"sku":"A","type":"wait","customer_id":"c-1","name":"Ann","ts":2000}"#,
            #"{"sku":"A","type":"wait","customer_id":"c-2","name":"Bob","ts":3000}"#,
            #"{"sku":"A","units":4,"ts":4000}"#,
            #"{"sku":"B","units":0,"ts":60000}"#,
        ]
        var out = EngineOutputs(nowMs: 0)
        for (offset, line) in lines.enumerated() {
            let record = InputRecord(source: EventSource(topic: "cx.events", partition: 0, offset: Int64(offset)),
                                     key: nil, value: Array(line.utf8), timestampMs: nil, headers: [])
            engine.process(record, into: &out)
        }
        #expect(out.deadLetters.isEmpty)
        let actions = out.emitter.actions
        #expect(actions.map(\.customerID) == ["c-1", "c-2"])
        #expect(actions.map(\.message) == ["Ann c-1 A 1  false 0", "Bob c-2 A 2  false 0"])
    }
}
