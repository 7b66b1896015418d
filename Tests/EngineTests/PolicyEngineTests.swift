import DaemonConfig
import Operators
import Policies
import Testing
@testable import Engine

/// The contact-policy stage inside the engine: every candidate action is decided per customer
/// before it is emitted; deferred ones come back when the watermark reaches their release
/// time; the policy's state is one more store of the task.

private let base = policyTestPreamble + """
POLICIES
pipelines:
  - name: promo
    category: marketing
    where: [{field: type, equals: visit}]
    action: {channel: push, message: "hi {{customer_id}}"}
  - name: notice
    where: [{field: type, equals: notice}]
    action: {channel: sms, message: "notice"}
  - name: cart
    kind: absence
    category: marketing
    start: [{field: type, equals: cart_add}]
    then: [{field: type, equals: purchase}]
    within: 30m
    action: {channel: push, message: "cart"}
"""

private let policies = """
policies:
  profile_table: profiles
  quiet_hours: {from: "21:00", to: "08:00"}
  frequency_caps: [{name: daily, limit: 1, days: 1}]
  attribution: {window: 7d, conversion_when: [{field: type, equals: purchase}]}
"""

/// 2030-06-03T00:00:00Z; the default zone is UTC, so hours below are local hours too.
private let day: Int64 = 1_906_675_200_000
private let hour: Int64 = 3_600_000

private func engine(_ section: String = policies, replay: Bool = true) throws -> Engine {
    var e = try Engine(config: ConfigLoader.parse(yaml: base.replacingOccurrences(of: "POLICIES", with: section),
                                                  file: "test.yaml", environment: [:]), replay: replay)
    let consenting = #"{"customer_id":"c-1","time_zone":"UTC","consent":{"push":true,"sms":"granted"}}"#
    _ = e.applyTableRecord(InputRecord(source: EventSource(topic: "cx.profiles", partition: 0, offset: 0), key: nil,
                                       value: Array(consenting.utf8), timestampMs: nil, headers: []))
    return e
}

/// Feeds events (type, customer, time) at offsets 0, 1, …; returns everything they produced.
private final class Run {
    var engine: Engine
    var out = EngineOutputs(nowMs: 0)
    var offset: Int64 = 0
    var actions: [Action] = []
    var decisions: [PolicyDecisionRecord] = []
    var holdout: [Action] = []
    var conversions: [ConversionRecord] = []

    init(_ engine: Engine) { self.engine = engine }

    func event(_ type: String, _ customer: String, at ms: Int64) {
        out.reset(nowMs: ms)
        let json = #"{"type":"\#(type)","customer_id":"\#(customer)","ts":\#(ms)}"#
        engine.process(InputRecord(source: EventSource(topic: "cx.events", partition: 0, offset: offset), key: nil,
                                   value: Array(json.utf8), timestampMs: nil, headers: []), into: &out)
        offset += 1
        collect()
    }

    func collect() {
        actions += out.emitter.actions
        decisions += out.decisions
        holdout += out.holdout
        conversions += out.conversions
    }

    var summary: [String] { decisions.map { "\($0.customerID) \($0.trigger) \($0.decision.name) \($0.reason ?? "-")" } }
}

private let task = TaskID(domain: "", partition: 0)

@Test func withoutPoliciesNothingChanges() throws {
    let run = Run(try engine(""))
    run.event("visit", "c-1", at: day + 12 * hour)
    run.event("visit", "c-2", at: day + 23 * hour)
    #expect(run.actions.map(\.customerID) == ["c-1", "c-2"])
    #expect(run.decisions.isEmpty && run.holdout.isEmpty)
    #expect(run.engine.policyCounters == nil)
    #expect(run.engine.stores(ofDomain: "") == ["cart"])
}

@Test func candidatesAreDecidedAndOnlySentOnesAreEmitted() throws {
    let run = Run(try engine())
    run.event("visit", "c-1", at: day + 12 * hour)       // consented: sent
    run.event("visit", "c-1", at: day + 13 * hour)       // daily cap of 1 reached
    run.event("visit", "c-2", at: day + 14 * hour)       // no profile, so no consent for marketing
    run.event("notice", "c-2", at: day + 15 * hour)      // transactional: unknown consent is enough
    #expect(run.summary == ["c-1 promo sent -", "c-1 promo capped daily", "c-2 promo suppressed no_consent",
                            "c-2 notice sent -"])
    #expect(run.actions.map { "\($0.customerID) \($0.trigger)" } == ["c-1 promo", "c-2 notice"])
    #expect(run.decisions.map(\.atMs) == [12, 13, 14, 15].map { day + $0 * hour })
    let counters = try #require(run.engine.policyCounters)
    #expect(counters.sent == 2 && counters.capped == ["daily": 1] && counters.suppressed == ["no_consent": 1])
}

@Test func quietHoursDeferUntilTheWatermarkReachesTheirEnd() throws {
    let run = Run(try engine())
    run.event("visit", "c-1", at: day + 22 * hour)
    #expect(run.summary == ["c-1 promo deferred quiet_hours"])
    #expect(run.decisions.first?.untilMs == day + 32 * hour)
    #expect(run.actions.isEmpty && run.engine.policyDeferredCount == 1)
    run.event("notice", "c-9", at: day + 32 * hour - 1)  // not yet
    #expect(run.actions.map(\.trigger) == ["notice"])
    // An event at 08:00: what is due by its time is released before it is decided.
    run.event("notice", "c-9", at: day + 32 * hour)
    let released = try #require(run.actions.first { $0.trigger == "promo" })
    #expect(run.summary.suffix(2) == ["c-1 promo sent -", "c-9 notice sent -"])
    let release = try #require(run.decisions.first { $0.deferredAtMs != nil })
    #expect(release.deferredAtMs == day + 22 * hour)
    #expect(release.atMs == day + 32 * hour)
    #expect(released.actionID == run.decisions.first?.actionID)
    #expect(released.emittedAtMs == day + 32 * hour)
    #expect(run.engine.policyDeferredCount == 0)
}

@Test func aReleaseIsDecidedWithTheProfileOfThatMoment() throws {
    let run = Run(try engine())
    run.event("visit", "c-1", at: day + 22 * hour)
    let withdrawn = #"{"customer_id":"c-1","consent":{"push":false}}"#
    _ = run.engine.applyTableRecord(InputRecord(source: EventSource(topic: "cx.profiles", partition: 0, offset: 1),
                                                key: nil, value: Array(withdrawn.utf8), timestampMs: nil, headers: []))
    run.event("notice", "c-9", at: day + 33 * hour)
    #expect(run.summary == ["c-1 promo deferred quiet_hours", "c-1 promo suppressed no_consent", "c-9 notice sent -"])
}

@Test func timerActionsAreDecidedAtTheWatermark() throws {
    let run = Run(try engine())
    run.event("cart_add", "c-1", at: day + 20 * hour)    // due 20:30 ...
    run.event("visit", "c-9", at: day + 21 * hour + 1)   // ... fired when the watermark passes 21:00: quiet
    #expect(run.summary == ["c-9 promo suppressed no_consent", "c-1 cart deferred quiet_hours"])
    #expect(run.decisions.last?.atMs == day + 21 * hour + 1)
}

@Test func heldOutActionsGoToTheirOwnList() throws {
    let run = Run(try engine("policies: {profile_table: profiles, holdout: {share: 1, salt: s}}"))
    run.event("visit", "c-1", at: day + 12 * hour)
    run.event("notice", "c-1", at: day + 13 * hour)      // transactional: never held out
    #expect(run.summary == ["c-1 promo held_out holdout", "c-1 notice sent -"])
    #expect(run.holdout.map(\.trigger) == ["promo"])
    #expect(run.actions.map(\.trigger) == ["notice"])
}

@Test func conversionsAreAttributedToEarlierMarketing() throws {
    let run = Run(try engine())
    run.event("visit", "c-1", at: day + 12 * hour)
    run.event("purchase", "c-1", at: day + 36 * hour)
    let conversion = try #require(run.conversions.first)
    #expect(run.conversions.count == 1)
    #expect(conversion.trigger == "promo" && conversion.group == .treated && conversion.customerID == "c-1")
    #expect(conversion.actionID == run.actions.first?.actionID)
    #expect(conversion.lagMs == 24 * hour)
    #expect(run.engine.policyCounters?.conversions == ["promo": GroupCounts(treated: 1)])
}

@Test func thePolicyIsOneMoreStoreOfTheTask() throws {
    let first = Run(try engine())
    #expect(first.engine.stores(ofDomain: "") == ["cart", Engine.policyStore])
    first.event("visit", "c-1", at: day + 12 * hour)
    #expect(first.engine.stateKeyCount(of: task) == 1)
    #expect(first.engine.stateKeyCounts[Engine.policyStore] == 1)
    let changes = first.engine.takeStateChanges(task)
    let policyChanges = try #require(changes.first { $0.store == Engine.policyStore }?.changes)
    #expect(policyChanges.map(\.key) == ["c-1"])
    #expect(first.engine.takeStateChanges(task).isEmpty)

    // Restored elsewhere, the send still counts against today's cap.
    let second = Run(try engine())
    for change in policyChanges {
        try second.engine.restoreState(task, store: Engine.policyStore, key: change.key, value: try #require(change.value))
    }
    second.event("visit", "c-1", at: day + 13 * hour)
    #expect(second.summary == ["c-1 promo capped daily"])
    // Never evicted: the policy's state is held in memory in full.
    #expect(second.engine.evictColdState(task, keepingAtMost: 0).allSatisfy { $0.store != Engine.policyStore })
    #expect(second.engine.stateKeyCounts[Engine.policyStore] == 1)
}

@Test func closingATaskKeepsItsCountersInTheTotals() throws {
    let run = Run(try engine())
    run.event("visit", "c-1", at: day + 12 * hour)
    run.engine.closeTask(task)
    #expect(run.engine.policyCounters?.sent == 1)
}

@Test func eraseForgetsTheCustomersPolicyHistory() throws {
    let run = Run(try engine())
    run.event("visit", "c-1", at: day + 22 * hour)       // deferred: state held for c-1
    _ = run.engine.takeStateChanges(task)
    run.event("erase_request", "c-1", at: day + 23 * hour)
    #expect(run.out.erased.first?.stores == 1)
    let tombstones = run.engine.takeStateChanges(task).first { $0.store == Engine.policyStore }?.changes
    #expect(tombstones == [StateChange(key: "c-1", value: nil)])
    run.event("notice", "c-9", at: day + 40 * hour)
    #expect(!run.summary.contains("c-1 promo sent -"))
    #expect(run.engine.policyCounters?.deferredCancelled == 1)
}

@Test func aPipelineNamedLikeThePolicyStoreIsRejected() {
    let yaml = base.replacingOccurrences(of: "POLICIES", with: policies)
        .replacingOccurrences(of: "  - name: notice", with: "  - name: _policy")
    #expect(throws: ConfigErrors.self) {
        _ = try Engine(config: ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: [:]))
    }
    do {
        _ = try Engine(config: ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: [:]))
    } catch {
        #expect(error.diagnostics.map(\.description)
            == ["test.yaml:30:5: pipeline name '_policy' is reserved for the contact policy's state when policies: "
                + "is configured; rename the pipeline"])
    }
}

@Test func replayHandsOutEveryDecision() throws {
    var e = try engine()
    let lines = [
        #"{"type":"visit","customer_id":"c-1","ts":\#(day + 22 * hour)}"#,
        #"{"type":"notice","customer_id":"c-9","ts":\#(day + 33 * hour)}"#,
    ].map { Array($0.utf8)[...] }
    var decisions: [String] = []
    var actions: [String] = []
    let summary = Replay.run(engine: &e, topic: "cx.events", lines: lines, onAction: { actions.append($0.trigger) },
                             onDeadLetter: { _ in }, onDecision: { decisions.append($0.decision.name) })
    #expect(decisions == ["deferred", "sent", "sent"])
    #expect(actions == ["promo", "notice"])
    #expect(summary.decisions == 3 && summary.actions == 2)
}

@Test func profileRowsGiveTheContextAndBadFieldsCountAsAbsent() throws {
    let row = try #require(JSONReader.parse(Array(#"""
        {"time_zone":"Asia/Seoul","locale":"ko-KR","do_not_contact":true,
         "consent":{"push":true,"sms":false,"email":"granted","app":"denied","fax":"maybe","pager":null}}
        """#.utf8)).objectValue)
    let context = CustomerContext(profile: row)
    #expect(context == CustomerContext(timeZoneIdentifier: "Asia/Seoul",
                                       consent: ["push": .granted, "sms": .denied, "email": .granted, "app": .denied],
                                       doNotContact: true, locale: "ko-KR"))
    let bad = try #require(JSONReader.parse(Array(#"{"time_zone":9,"do_not_contact":"yes","consent":[1]}"#.utf8)).objectValue)
    #expect(CustomerContext(profile: bad) == CustomerContext())
    #expect(CustomerContext(profile: nil) == CustomerContext())
}

private extension JSONValue {
    var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }
}
