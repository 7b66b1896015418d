import DaemonConfig
import Operators
import Policies
import Testing
@testable import Engine

/// `policies.consent_events` inside the engine: matching inputs change the customer's consent
/// from their event time on; malformed ones are dead letters; `distinct_by` reaches threshold.

private let base = policyTestPreamble + """
policies:
  profile_table: profiles
  fallback_channels: {push: [sms]}
  quiet_hours: {from: "21:00", to: "08:00"}
  consent_events:
    when: [{field: type, equals: consent_changed}]
    channel_field: consent.channel
    granted_field: consent.granted
pipelines:
  - name: promo
    category: marketing
    where: [{field: type, equals: visit}]
    action: {channel: push, message: "hi"}
  - name: repeat_contact
    kind: threshold
    category: transactional
    start: [{field: type, equals: support_contact}]
    count: 2
    within: 1h
    distinct_by: contact_id
    action: {channel: sms, message: "repeat"}
"""

/// 2030-06-03T00:00:00Z, UTC.
private let day: Int64 = 1_906_675_200_000
private let hour: Int64 = 3_600_000

private final class Run {
    var engine: Engine
    var out = EngineOutputs(nowMs: 0)
    var offset: Int64 = 0
    var actions: [Action] = []
    var decisions: [PolicyDecisionRecord] = []
    var deadLetters: [DeadLetter] = []

    init(_ yaml: String = base) throws {
        engine = try Engine(config: ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: [:]), replay: true)
        let profile = #"{"customer_id":"c-1","consent":{"push":true,"sms":true}}"#
        _ = engine.applyTableRecord(InputRecord(source: EventSource(topic: "cx.profiles", partition: 0, offset: 0), key: nil,
                                                value: Array(profile.utf8), timestampMs: nil, headers: []))
    }

    func send(_ fields: String, at ms: Int64, customer: String = "c-1") {
        out.reset(nowMs: ms)
        let json = #"{"customer_id":"\#(customer)","ts":\#(ms),\#(fields)}"#
        engine.process(InputRecord(source: EventSource(topic: "cx.events", partition: 0, offset: offset), key: nil,
                                   value: Array(json.utf8), timestampMs: nil, headers: []), into: &out)
        offset += 1
        actions += out.emitter.actions
        decisions += out.decisions
        deadLetters += out.deadLetters
    }

    func consent(_ channel: String, _ granted: Bool, at ms: Int64) {
        send(#""type":"consent_changed","consent":{"channel":"\#(channel)","granted":\#(granted)}"#, at: ms)
    }

    var summary: [String] { decisions.map { "\($0.decision.name) \($0.finalChannel ?? $0.reason ?? "-")" } }
}

@Test func aConsentEventChangesLaterDecisions() throws {
    let run = try Run()
    run.send(#""type":"visit""#, at: day + 10 * hour)
    run.consent("push", false, at: day + 11 * hour)
    run.send(#""type":"visit""#, at: day + 12 * hour)
    run.consent("all", false, at: day + 13 * hour)
    run.send(#""type":"visit""#, at: day + 14 * hour)
    run.consent("*", true, at: day + 15 * hour)
    run.send(#""type":"visit""#, at: day + 16 * hour)
    #expect(run.summary == ["sent push", "sent sms", "suppressed no_consent", "sent push"])
    #expect(run.deadLetters.isEmpty)
}

@Test func aRevocationOvernightSuppressesTheDeferredRelease() throws {
    let run = try Run()
    run.send(#""type":"visit""#, at: day + 22 * hour)
    run.consent("*", false, at: day + 23 * hour)
    run.send(#""type":"noise""#, at: day + 33 * hour)
    #expect(run.summary == ["deferred quiet_hours", "suppressed no_consent"])
}

@Test(arguments: [
    (#""consent":{"granted":false}"#, "field 'consent.channel' is missing"),
    (#""consent":{"channel":"","granted":false}"#, "field 'consent.channel' is an empty string"),
    (#""consent":{"channel":7,"granted":false}"#, "field 'consent.channel' is a number"),
    (#""consent":{"channel":"sms"}"#, "field 'consent.granted' is missing, expected a boolean"),
    (#""consent":{"channel":"sms","granted":"no"}"#, "field 'consent.granted' is a string, expected a boolean"),
])
func aMalformedConsentEventIsADeadLetter(fields: String, detail: String) throws {
    let run = try Run()
    run.send(#""type":"consent_changed","# + fields, at: day + 10 * hour)
    let dead = try #require(run.deadLetters.first)
    #expect(run.deadLetters.count == 1)
    #expect(dead.reason == .missingField)
    #expect(dead.detail.hasPrefix("consent event: " + detail), "\(dead.detail)")
    run.send(#""type":"visit""#, at: day + 11 * hour)
    #expect(run.summary == ["sent push"], "nothing was recorded")
}

@Test func anEraseDropsTheConsentOverrides() throws {
    let run = try Run()
    run.consent("*", false, at: day + 10 * hour)
    #expect(run.engine.stateKeyCounts[Engine.policyStore] == 1)
    run.send(#""type":"erase_request""#, at: day + 11 * hour)
    #expect(run.engine.stateKeyCounts[Engine.policyStore] == nil || run.engine.stateKeyCounts[Engine.policyStore] == 0)
    run.send(#""type":"visit""#, at: day + 12 * hour)
    #expect(run.summary == ["sent push"])
}

@Test func distinctByCountsEachContactOnce() throws {
    let run = try Run()
    run.send(#""type":"support_contact","contact_id":"k-1""#, at: day + 10 * hour)
    run.send(#""type":"support_contact","contact_id":"k-1""#, at: day + 10 * hour)   // redelivered
    run.send(#""type":"noise""#, at: day + 10 * hour + 1)
    #expect(run.actions.isEmpty)
    run.send(#""type":"support_contact","contact_id":"k-2""#, at: day + 10 * hour + 2)
    run.send(#""type":"noise""#, at: day + 10 * hour + 3)
    #expect(run.actions.map(\.trigger) == ["repeat_contact"])
    run.send(#""type":"support_contact""#, at: day + 11 * hour)
    #expect(run.deadLetters.map(\.reason) == [.missingField])
    #expect(run.deadLetters.first?.detail.contains("distinct_by field 'contact_id' is missing") == true)
}

@Test(arguments: [
    ("    channel_field: consent.channel\n", "    channel_field: \"consent..channel\"\n", 26, "invalid field path"),
    ("    when: [{field: type, equals: consent_changed}]\n", "    when: []\n", 25, "must not be empty"),
    ("    granted_field: consent.granted\n", "    granted_field: consent.granted\n    granted: x\n", 28, "granted"),
])
func badConsentEventSettingsAreReportedAtTheirPlace(old: String, new: String, line: Int, mentions: String) {
    do {
        _ = try Run(base.replacingOccurrences(of: old, with: new))
        Issue.record("expected a config error")
    } catch let error as ConfigErrors {
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics.first?.location.line == line)
        #expect(error.diagnostics.first?.message.contains(mentions) == true, "\(error)")
    } catch {
        Issue.record("unexpected error \(error)")
    }
}

@Test func distinctWithinNeedsDistinctBy() {
    let misplaced = base.replacingOccurrences(of: "    where: [{field: type, equals: visit}]\n",
                                              with: "    where: [{field: type, equals: visit}]\n    distinct_within: 1d\n")
    #expect(throws: ConfigErrors.self) { _ = try Run(misplaced) }
}
