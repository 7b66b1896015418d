import Testing
@testable import Scenarios

/// The scenario files shipped with the sample configs pass: `stream-daemon test config/*.test.yaml`
/// exits 0. They are the sample configs' specification, so a change to the engine or a config
/// that alters their behaviour shows up here.
@Test func shippedScenarioFilesAllPass() throws {
    let files = try shippedScenarioFiles()
    #expect(files.count >= 3)
    let outcomes = files.map { ScenarioRunner().run(path: $0) }
    for outcome in outcomes where !outcome.passed {
        Issue.record("\(ScenarioReport.render(outcome))")
    }
    #expect(ScenarioReport.exitCode(outcomes) == 0)
    #expect(outcomes.map(\.scenarios.count).reduce(0, +) >= 40)
}

/// A deliberately wrong expectation fails, the report shows expected against actual, and
/// the exit code is 1.
@Test func wrongExpectationIsReportedWithExitCodeOne() {
    let outcome = runInline("""
        config: cart-abandonment.yaml
        start: "2026-01-01T10:00:00Z"
        scenarios:
          - name: right
            events:
              - {type: cart_add, customer_id: c-1, at: +0s, sku: SNEAKER-42}
            advance_to: +1h
            expect_actions:
              - {customer_id: c-1, message: You left SNEAKER-42 in your cart}
          - name: wrong customer
            events:
              - {type: cart_add, customer_id: c-1, at: +0s, sku: SNEAKER-42}
            advance_to: +1h
            expect_actions:
              - {customer_id: c-9}
        """)
    #expect(outcome.diagnostics.isEmpty)
    #expect(outcome.scenarios.map(\.passed) == [true, false])
    #expect(ScenarioReport.exitCode([outcome]) == 1)
    let report = ScenarioReport.render(outcome)
    #expect(report.contains("  PASS  right\n"))
    #expect(report.contains("  FAIL  wrong customer"))
    #expect(report.contains("actions (expected 1, got 1):"))
    #expect(report.contains("- customer_id=c-9  (line 15)"))
    #expect(report.contains("+ cart_abandoned c-1 push \"You left SNEAKER-42 in your cart\" @2026-01-01T10:00:00Z (event 1)"))
    #expect(report.contains("customer_id: expected \"c-9\", got \"c-1\""))
    #expect(report.contains("1 passed, 1 failed"))
}

@Test func aFileWithProblemsExitsTwo() {
    let outcome = runInline("config: demo.yaml\nscenarios: []\n")
    #expect(!outcome.diagnostics.isEmpty)
    #expect(ScenarioReport.exitCode([outcome]) == 2)
    #expect(ScenarioReport.render(outcome).contains("inline.test.yaml:2:12: expected a non-empty list of scenarios, got a list"))
}

@Test func nameFilterRunsOnlyMatchingScenarios() throws {
    let file = try #require(try shippedScenarioFiles().first { $0.hasSuffix("demo.test.yaml") })
    let outcome = ScenarioRunner(nameFilter: "flight").run(path: file)
    #expect(!outcome.scenarios.isEmpty)
    #expect(outcome.scenarios.allSatisfy { $0.name.contains("flight") })
}
