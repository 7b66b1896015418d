import Testing
@testable import Scenarios

/// Runs scenario text as a file in config/policies/, so `config: contact.yaml` resolves.
private func runPolicies(_ scenarios: String, profiles: String = "") -> FileOutcome {
    runInline("config: contact.yaml\nstart: \"2026-06-01T10:00:00Z\"\n" + profiles + "scenarios:\n" + scenarios,
              name: "policies/inline.test.yaml")
}

private let amsterdam = """
    profiles:
      c-ams: {time_zone: Europe/Amsterdam, consent: {push: true, sms: true}}

    """

@Test func aWrongDecisionIsReportedAsExpectedAgainstActual() {
    let outcome = runPolicies("""
          - name: night
            events:
              - {type: price_drop, customer_id: c-ams, at: "2026-06-01T23:00:00+02:00", sku: A}
            expect_no_actions: true
            expect_decisions:
              - {decision: sent, customer_id: c-ams}
        """, profiles: amsterdam)
    #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics)")
    #expect(outcome.scenarios.map(\.passed) == [false])
    let report = ScenarioReport.render(outcome)
    #expect(report.contains("decisions (expected 1, got 1):"), "\(report)")
    #expect(report.contains("- decision=sent customer_id=c-ams  (line 11)"), "\(report)")
    #expect(report.contains("+ deferred price_drop c-ams [push] reason=quiet_hours until=2026-06-02T06:00:00Z @2026-06-01T21:00:00Z (event 1)"),
            "\(report)")
    #expect(report.contains("decision: expected \"sent\", got \"deferred\""), "\(report)")
}

@Test func holdoutAndConversionListsAreComparedExactly() {
    let outcome = runPolicies("""
          - name: treated buyer
            events:
              - {type: price_drop, customer_id: c-ams, at: +0s, sku: A}
              - {type: purchase, customer_id: c-ams, at: +1h}
            expect_actions: [{customer_id: c-ams}]
            expect_holdout: [{customer_id: c-ams}]
            expect_conversions: [{group: holdout}]
        """, profiles: amsterdam)
    let report = ScenarioReport.render(outcome)
    #expect(outcome.scenarios.map(\.passed) == [false])
    #expect(report.contains("holdout (expected 1, got 0):\n          - customer_id=c-ams"), "\(report)")
    #expect(report.contains("+ treated price_drop c-ams push exposed@2026-06-01T10:00:00Z converted@2026-06-01T11:00:00Z"), "\(report)")
    #expect(report.contains("group: expected \"holdout\", got \"treated\""), "\(report)")
}

@Test func unstatedPolicyListsAreNotComparedAndAnEmptyListMeansNone() {
    let outcome = runPolicies("""
          - name: decisions not stated
            events: [{type: price_drop, customer_id: c-ams, at: +0s, sku: A}]
            expect_actions: [{customer_id: c-ams}]
          - name: decisions stated empty
            events: [{type: price_drop, customer_id: c-ams, at: +0s, sku: A}]
            expect_actions: [{customer_id: c-ams}]
            expect_decisions: []
        """, profiles: amsterdam)
    #expect(outcome.scenarios.map(\.passed) == [true, false])
}

@Test func aDeferredActionIsReleasedByAdvanceTo() {
    let outcome = runPolicies("""
          - name: released at 08:00
            events: [{type: price_drop, customer_id: c-ams, at: "2026-06-01T22:00:00+02:00", sku: A}]
            advance_to: "2026-06-02T08:00:00+02:00"
            expect_actions: [{customer_id: c-ams, event_time: "2026-06-01T22:00:00+02:00"}]
            expect_decisions:
              - {decision: deferred, until: "2026-06-02T08:00:00+02:00", event: 1}
              - {decision: sent, at: "2026-06-02T08:00:00+02:00", deferred_at: "2026-06-01T22:00:00+02:00", event: 1}
          - name: still waiting at 07:59
            events: [{type: price_drop, customer_id: c-ams, at: "2026-06-01T22:00:00+02:00", sku: A}]
            advance_to: "2026-06-02T07:59:00+02:00"
            expect_no_actions: true
            expect_decisions: [{decision: deferred}]
        """, profiles: amsterdam)
    #expect(outcome.scenarios.map(\.passed) == [true, true], "\(ScenarioReport.render(outcome))")
}

@Test func profilesRowsAreChecked() {
    let outcome = runPolicies("""
          - name: bad rows
            profiles:
              - {time_zone: Europe/Amsterdam}
              - {customer_id: c-2, time_zone: Europe/Amsterdm, consent: {push: "yes"}, do_not_contact: 1, timezone: UTC}
            events: []
            expect_no_actions: true
            expect_decisions:
              - {decision: send, group: x, event: 2}
        """)
    #expect(problems(outcome) == [
        "6:9: a profile row needs customer_id (or write it as CUSTOMER_ID: {row})",
        "7:39: unknown time zone 'Europe/Amsterdm' (an IANA identifier such as Asia/Seoul; to test an unknown zone, give the row under tables:)",
        "7:72: expected true, false, granted or denied for consent 'push', got a string (leave the channel out for unknown consent)",
        "7:96: expected true or false for 'do_not_contact', got a number",
        "7:99: unknown key 'timezone' in a profile row (other columns go under tables:) (did you mean 'time_zone'?)",
        "11:20: unknown decision 'send' (did you mean 'sent'? known: sent, suppressed, deferred, capped, held_out)",
        "11:26: unknown key 'group' in an expected decision",
        "11:43: 'event: 2' but the scenario has 0 event(s) (events count from 1)",
    ])
}

@Test func policyKeysNeedAConfigWithPolicies() {
    let outcome = runInline("""
        config: demo.yaml
        profiles: {c-1: {time_zone: UTC}}
        scenarios:
          - name: no policies
            events: []
            expect_no_actions: true
            expect_decisions: []
            expect_conversions: []
        """)
    #expect(problems(outcome) == [
        "2:12: 'profiles' needs a config with a policies: section and a profile_table",
        "4:11: scenario 'no policies' expects expect_decisions, expect_conversions but the config has no policies: section",
    ])
}

@Test func aProfileRowKeyedByCustomerIDMustAgreeWithItsField() {
    let outcome = runPolicies("""
          - name: mismatch
            profiles: {c-1: {customer_id: c-2}}
            events: []
            expect_no_actions: true
        """)
    #expect(problems(outcome) == ["5:21: profile row under 'c-1' gives customer_id 'c-2'; give one or make them agree"])
}
