import Testing
@testable import Scenarios

/// A config with nested key and time fields in RFC 3339: `at` and the clock record must fill
/// them in the input's own format.
private let nestedConfig = """
    kafka: {brokers: "localhost:9092", group_id: g}
    inputs:
      - topic: t
        key_field: customer.id
        time_field: meta.when
        time_format: rfc3339
    output: {actions_topic: a, dead_letter_topic: d}
    state: {dir: /tmp/x}
    watermark: {max_out_of_orderness: 10s}
    pipelines:
      - name: quiet
        kind: absence
        start: [{field: type, equals: open}]
        then: [{field: type, equals: close}]
        within: 10m
        action: {channel: email, message: "{{customer.id}} left {{meta.when}} open"}
    """

private func runNested(_ scenarios: String) throws -> FileOutcome {
    let dir = try scratchDirectory()
    try nestedConfig.write(toFile: dir + "/nested.yaml", atomically: true, encoding: .utf8)
    return ScenarioRunner(environment: [:]).run(text: "config: nested.yaml\nstart: \"2026-03-01T10:00:00Z\"\nscenarios:\n" + scenarios,
                                                 path: dir + "/nested.test.yaml")
}

@Test func atFillsANestedRFC3339TimeFieldAndAdvanceToFiresTheTimer() throws {
    let outcome = try runNested("""
          - name: fires
            events: [{type: open, customer: {id: c-1}, at: +0s}]
            advance_to: +10m
            expect_actions:
              - {customer_id: c-1, message: "c-1 left 2026-03-01T10:00:00Z open", event_time: "2026-03-01T10:00:00Z"}
          - name: not yet
            events: [{type: open, customer: {id: c-1}, at: +0s}]
            advance_to: +9m59s999ms
            expect_no_actions: true
        """)
    #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics)")
    #expect(outcome.scenarios.map(\.passed) == [true, true], "\(ScenarioReport.render(outcome))")
}

@Test func eventsMayCarryTheirTimeThemselves() throws {
    let outcome = try runNested("""
          - name: own time
            events: [{type: open, customer: {id: c-1}, meta: {when: "2026-03-01T12:00:00+02:00"}}]
            advance_to: "2026-03-01T10:10:00Z"
            expect_actions: [{event_time: 1772359200000}]
        """)
    #expect(outcome.scenarios.map(\.passed) == [true], "\(ScenarioReport.render(outcome))")
}

@Test func countRepeatsAnExpectationAndTheListIsExact() {
    let outcome = runInline("""
        config: demo.yaml
        start: "2026-01-01T10:00:00Z"
        scenarios:
          - name: two of them
            events:
              - {type: cart_add, customer_id: c-1, at: +0s, sku: A}
              - {type: cart_add, customer_id: c-1, at: +1s, sku: B}
            expect_actions: [{trigger: cart_reminder, count: 2}]
          - name: three is one too many
            events:
              - {type: cart_add, customer_id: c-1, at: +0s, sku: A}
              - {type: cart_add, customer_id: c-1, at: +1s, sku: B}
            expect_actions: [{trigger: cart_reminder, count: 3}]
          - name: one is one too few
            events:
              - {type: cart_add, customer_id: c-1, at: +0s, sku: A}
              - {type: cart_add, customer_id: c-1, at: +1s, sku: B}
            expect_actions: [{message_contains: " A "}]
          - name: order matters
            events:
              - {type: cart_add, customer_id: c-1, at: +0s, sku: A}
              - {type: cart_add, customer_id: c-1, at: +1s, sku: B}
            expect_actions: [{message_contains: " B "}, {message_contains: " A "}]
        """)
    #expect(outcome.scenarios.map(\.passed) == [true, false, false, false])
}

@Test func anUnexpectedDeadLetterFailsAScenario() {
    let outcome = runInline("""
        config: demo.yaml
        scenarios:
          - name: forgot the key
            events: [{type: cart_add, ts: 1767225600000}]
            expect_no_actions: true
        """)
    let scenario = outcome.scenarios.first
    #expect(scenario?.passed == false)
    guard case .unexpected(let dead)? = scenario?.deadLetters.first else {
        Issue.record("expected an unexpected dead letter")
        return
    }
    #expect(dead.reason == "missing_key")
    #expect(dead.event == 1)
}

@Test func whatTheClockRecordCausesIsLeftOut() throws {
    // A filter without `where` matches the clock record too; its action must not count.
    let dir = try scratchDirectory()
    try """
        kafka: {brokers: "localhost:9092", group_id: g}
        inputs: [{topic: t, key_field: k, time_field: ts}]
        output: {actions_topic: a, dead_letter_topic: d}
        state: {dir: /tmp/x}
        pipelines:
          - {name: everything, action: {channel: c, message: "{{type}}"}}
        """.write(toFile: dir + "/all.yaml", atomically: true, encoding: .utf8)
    let outcome = ScenarioRunner(environment: [:]).run(text: """
        config: all.yaml
        scenarios:
          - name: one
            events: [{type: x, k: a, ts: 1000}]
            advance_to: 100000
            expect_actions: [{message: x}]
        """, path: dir + "/all.test.yaml")
    #expect(outcome.scenarios.map(\.passed) == [true], "\(ScenarioReport.render(outcome))")
}

@Test func tablesKeyedByTheRecordKeyTakeKeyedRows() throws {
    let dir = try scratchDirectory()
    try """
        kafka: {brokers: "localhost:9092", group_id: g}
        inputs: [{topic: t, key_field: k, time_field: ts}]
        output: {actions_topic: a, dead_letter_topic: d}
        state: {dir: /tmp/x}
        tables: [{name: people, topic: p}]
        pipelines:
          - {name: hi, join: [{table: people}], action: {channel: c, message: "hi {{people.name}}"}}
        """.write(toFile: dir + "/keyed.yaml", atomically: true, encoding: .utf8)
    let outcome = ScenarioRunner(environment: [:]).run(text: """
        config: keyed.yaml
        tables:
          people:
            a: {name: Ann}
        scenarios:
          - name: joined
            events: [{k: a, ts: 1000}]
            expect_actions: [{message: hi Ann}]
          - name: a list needs a key_field
            tables: {people: [{name: Bob}]}
            events: []
            expect_no_actions: true
        """, path: dir + "/keyed.test.yaml")
    #expect(problems(outcome) == ["10:23: table 'people' is keyed by the record key: write its rows as KEY: {fields}"])
}
