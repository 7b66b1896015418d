import DaemonConfig
import Operators
import Testing
@testable import Engine

private let yaml = EngineTestYAML.head(input: "    max_value_bytes: 200\n") + """
pipelines:
  - name: cart_reminder
    where:
      - field: type
        equals: cart_add
    action:
      channel: push
      message: "You left {{sku}} in your cart"
  - name: big_spender
    where:
      - field: total
        gte: 100
    action:
      channel: email
      message: "Thanks {{name}}"
      customer_field: account.id
"""

private func engine(_ text: String = yaml) throws -> Engine {
    try Engine(config: ConfigLoader.parse(yaml: text, file: "test.yaml", environment: [:]))
}

private func record(_ json: String, offset: Int64 = 0, key: String? = nil) -> InputRecord {
    InputRecord(source: EventSource(topic: "cx.events", partition: 1, offset: offset),
                key: key.map { Array($0.utf8) }, value: Array(json.utf8), timestampMs: 1_000, headers: [])
}

@Test func matchingEventBecomesAnActionWithDeterministicID() throws {
    var e = try engine()
    var out = EngineOutputs(nowMs: 5_000)
    e.process(record(#"{"type":"cart_add","customer_id":"c-1","ts":1767225600000,"sku":"SKU-9"}"#, offset: 42), into: &out)
    #expect(out.deadLetters.isEmpty)
    let action = try #require(out.emitter.actions.first)
    #expect(out.emitter.actions.count == 1)
    #expect(action.trigger == "cart_reminder")
    #expect(action.customerID == "c-1")
    #expect(action.channel == "push")
    #expect(action.message == "You left SKU-9 in your cart")
    #expect(action.eventTimeMs == 1_767_225_600_000)
    #expect(action.emittedAtMs == 5_000)
    #expect(action.cause == EventSource(topic: "cx.events", partition: 1, offset: 42))
    #expect(action.actionID == ActionID.make(trigger: "cart_reminder", key: "c-1", cause: action.cause))
}

@Test func nonMatchingEventProducesNothing() throws {
    var e = try engine()
    var out = EngineOutputs(nowMs: 0)
    e.process(record(#"{"type":"page_view","customer_id":"c-1","ts":1767225600000}"#), into: &out)
    #expect(out.emitter.actions.isEmpty)
    #expect(out.deadLetters.isEmpty)
}

@Test func everyMalformedInputBecomesADeadLetterWithItsReason() throws {
    var e = try engine()
    let cases: [(String, DeadLetterReason)] = [
        ("{not json", .invalidJSON),
        ("[1,2]", .notAnObject),
        (#"{"type":"cart_add","ts":1767225600000}"#, .missingKey),
        (#"{"type":"cart_add","customer_id":"c","ts":"soon"}"#, .invalidTime),
        (#"{"type":"cart_add","customer_id":"c"}"#, .missingTime),
        (String(repeating: " ", count: 201), .oversized),
        ("", .emptyValue),
    ]
    for (json, reason) in cases {
        var out = EngineOutputs(nowMs: 0)
        let rec = record(json, offset: 7)
        e.process(rec, into: &out)
        #expect(out.emitter.actions.isEmpty, "\(json)")
        let dead = try #require(out.deadLetters.first, "\(json)")
        #expect(dead.reason == reason, "\(json): \(dead.detail)")
        #expect(dead.record.value == rec.value)
        #expect(!dead.detail.isEmpty)
    }
    var out = EngineOutputs(nowMs: 0)
    e.process(InputRecord(source: EventSource(topic: "cx.events", partition: 0, offset: 1), key: nil,
                          value: [0x7B, 0xFF, 0x7D], timestampMs: nil, headers: []), into: &out)
    #expect(out.deadLetters.first?.reason == .invalidUTF8)
}

@Test func operatorFailureNamesThePipelineAndKeepsOtherPipelinesOutput() throws {
    var e = try engine()
    var out = EngineOutputs(nowMs: 0)
    // Matches both pipelines; big_spender needs account.id, which is missing.
    e.process(record(#"{"type":"cart_add","customer_id":"c-1","ts":1767225600000,"sku":"S","total":500}"#), into: &out)
    #expect(out.emitter.actions.map(\.trigger) == ["cart_reminder"])
    let dead = try #require(out.deadLetters.first)
    #expect(dead.reason == .missingField)
    #expect(dead.pipeline == "big_spender")
    #expect(dead.detail.contains("big_spender"))
}

@Test func invalidTemplateIsReportedAtItsConfigLocation() {
    let bad = yaml.replacingOccurrences(of: "\"You left {{sku}} in your cart\"", with: "\"You left {{#sku}} in your cart\"")
    do {
        _ = try engine(bad)
        Issue.record("expected a template error")
    } catch let error as ConfigErrors {
        let d = error.diagnostics
        #expect(d.count == 1)
        #expect(d.first?.location.file == "test.yaml")
        #expect(d.first?.location.line == 21)
        #expect(d.first?.location.column == 16)
        #expect(d.first?.message.contains("message template") == true)
    } catch {
        Issue.record("unexpected error \(error)")
    }
}

@Test func outputsResetBetweenInputs() throws {
    var e = try engine()
    var out = EngineOutputs(nowMs: 0)
    e.process(record(#"{"type":"cart_add","customer_id":"c-1","ts":1767225600000}"#), into: &out)
    e.process(record("{bad"), into: &out)
    #expect(out.emitter.actions.count == 1)
    #expect(out.deadLetters.count == 1)
    out.reset(nowMs: 1)
    #expect(out.emitter.actions.isEmpty && out.deadLetters.isEmpty)
}
