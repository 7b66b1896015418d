import Testing
@testable import Scenarios

/// Mistakes in a scenario file are reported as `file:line:col: message`, all at once.
@Test func unknownKeysAreErrorsWithSuggestions() {
    let outcome = runInline("""
        config: demo.yaml
        scenarios:
          - name: typo
            events: []
            expect_action: []
        """)
    #expect(problems(outcome) == [
        "3:5: scenario 'typo' states no expectation: add 'expect_actions' or 'expect_no_actions: true'",
        "5:5: unknown key 'expect_action' in a scenario (did you mean 'expect_actions'?)",
    ])
}

@Test func everyProblemIsReportedInFileOrder() {
    let outcome = runInline("""
        config: demo.yaml
        scenarios:
          - name: one
            events:
              - {type: cart_add, at: tomorrow}
              - "   "
              - 42
            expect_no_actions: true
            expect_dead_letters:
              - {reason: lat, event: 9}
          - name: two
            events: []
            expect_actions: [{trigger: x, count: 0}]
            expect_no_actions: true
        """)
    #expect(problems(outcome) == [
        "5:30: invalid time 'tomorrow' for 'at' (expected RFC 3339 such as 2026-03-01T10:00:00Z, epoch milliseconds, or +DURATION after 'start')",
        "6:9: a raw event must not be blank (replay skips blank lines)",
        "10:18: unknown dead-letter reason 'lat' (did you mean 'late'? known: oversized, empty_value, invalid_utf8, invalid_json, "
            + "not_an_object, missing_key, invalid_key, missing_time, invalid_time, missing_field, late, processing_error)",
        "10:30: 'event: 9' but the scenario has 2 event(s) (events count from 1)",
        "13:5: give either 'expect_actions' or 'expect_no_actions: true', not both",
    ])
}

@Test func relativeTimesNeedAStart() {
    let outcome = runInline("""
        config: demo.yaml
        scenarios:
          - name: no start
            events: [{type: cart_add, customer_id: c-1, at: +1m}]
            expect_no_actions: true
        """)
    #expect(problems(outcome) == ["4:53: relative time '+1m' for 'at' needs a 'start' time (on the scenario or the file)"])
}

@Test func yamlSyntaxErrorsPointAtTheProblem() {
    let outcome = runInline("config: demo.yaml\nscenarios:\n  - name: [unclosed\n")
    #expect(outcome.diagnostics.count == 1)
    #expect(outcome.diagnostics.first?.message.hasPrefix("invalid YAML:") == true)
    #expect(outcome.diagnostics.first?.location.line == 4)
}

@Test func duplicateScenarioNamesAreErrors() {
    let outcome = runInline("""
        config: demo.yaml
        scenarios:
          - {name: same, events: [], expect_no_actions: true}
          - {name: same, events: [], expect_no_actions: true}
        """)
    #expect(problems(outcome) == ["4:12: duplicate scenario name 'same' (first at 3:12)"])
}

@Test func aMissingConfigIsReportedAtTheConfigKey() {
    let outcome = runInline("""
        config: no-such.yaml
        scenarios:
          - {name: a, events: [], expect_no_actions: true}
        """)
    #expect(problems(outcome).count == 1)
    #expect(problems(outcome).first?.hasPrefix("1:9: cannot read config '") == true)
}

@Test func problemsThatDependOnTheConfigPointIntoTheScenarioFile() {
    let outcome = runInline("""
        config: restock.yaml
        topic: cx.events
        tables:
          shops: [{store_id: s-1}]
        scenarios:
          - name: a
            tables:
              stores: [{name: no key}]
            events: [{sku: S, units: 1, at: 0, ts: 5}]
            expect_no_actions: true
        """)
    #expect(problems(outcome) == [
        "2:8: topic 'cx.events' is not an input of the config (inputs: cx.inventory)",
        "4:3: the config has no table 'shops' (tables: stores)",
        "8:16: row rejected by the table: missing_key: table 'stores': record has no key",
    ])
}

@Test func anEventMayNotGiveBothAtAndTheTimeField() {
    let outcome = runInline("""
        config: restock.yaml
        scenarios:
          - name: a
            events: [{sku: S, units: 1, at: 0, ts: 5}]
            expect_no_actions: true
        """)
    #expect(problems(outcome) == ["4:14: event gives both 'at' and the time field 'ts'; give one"])
}

@Test func anInvalidConfigIsReportedWithItsOwnDiagnostics() throws {
    let dir = try scratchDirectory()
    try "kafka: {brokers: x, group_id: g}\n".write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
    let outcome = ScenarioRunner(environment: [:]).run(text: """
        config: bad.yaml
        scenarios:
          - {name: a, events: [], expect_no_actions: true}
        """, path: dir + "/t.test.yaml")
    #expect(outcome.diagnostics.count > 1)
    #expect(outcome.diagnostics.first?.message.hasPrefix("config '\(dir)/bad.yaml' has") == true)
    #expect(outcome.diagnostics.dropFirst().allSatisfy { $0.location.file == dir + "/bad.yaml" })
}
