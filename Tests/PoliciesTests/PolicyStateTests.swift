import Operators
import Policies
import Testing

@Suite("ContactPolicy: durable state")
struct PolicyStateTests {
    static let settings = ContactPolicySettings(
        defaultTimeZone: "Europe/Berlin", fallbackChannels: ["sms": ["email"]],
        frequencyCaps: [FrequencyCap(name: "daily", limit: 2, days: 1), FrequencyCap(name: "weekly", limit: 5, days: 7)],
        quietHours: P.nightQuiet, holdout: HoldoutSettings(salt: "exp-2026", share: 0.3), attributionWindowDays: 3
    )

    enum Step {
        case candidate(Action, ActionCategory, CustomerContext, atMs: Int64)
        case conversion(customer: String, atMs: Int64)

        var atMs: Int64 {
            switch self {
            case .candidate(_, _, _, let atMs), .conversion(_, let atMs): atMs
            }
        }
    }

    /// Ten customers in four zones over twelve days around the 2026 spring-forward, at all
    /// hours (so plenty of deferrals), with consent changes, transactional actions and
    /// conversions.
    static func workload(seed: UInt64) -> [Step] {
        var random = LCG(seed: seed)
        let zones: [String?] = ["Asia/Seoul", "America/New_York", nil, "Australia/Lord_Howe"]
        var time = P.ms("2026-03-02T00:00:00Z")
        return (0..<400).map { i in
            time += Int64(random.next(below: 50 * 60_000))
            let customer = "c-\(random.next(below: 10))"
            if random.next(below: 10) == 0 { return .conversion(customer: customer, atMs: time) }
            let context = CustomerContext(
                timeZoneIdentifier: zones[Int(customer.utf8.last ?? 0) % zones.count],
                consent: ["sms": random.next(below: 4) == 0 ? .denied : .granted, "email": .granted],
                doNotContact: random.next(below: 25) == 0, locale: "en-US")
            let category: ActionCategory = random.next(below: 5) == 0 ? .transactional : .marketing
            return .candidate(P.action("a\(i)", customer: customer, channel: "sms", trigger: ["cart", "restock"][i % 2],
                                       offset: Int64(i)),
                              category, context, atMs: time)
        }
    }

    /// Runs `steps` the engine's way, returning every output as JSON lines (decision record
    /// and action of each outcome, conversion records), in order.
    static func run(_ steps: some Sequence<Step>, on policy: Harness) -> [String] {
        func line(_ outcome: PolicyOutcome) -> String {
            String(decoding: outcome.record.encodeJSON() + outcome.action.encodeJSON(), as: UTF8.self)
        }
        var out: [String] = []
        for step in steps {
            out += policy.advance(toMs: step.atMs).map(line)
            switch step {
            case let .candidate(action, category, context, atMs):
                out.append(line(policy.decide(action, category: category, atMs: atMs, context: context)))
            case let .conversion(customer, atMs):
                out += policy.recordConversion(customer: customer, atMs: atMs).map { String(decoding: $0.encodeJSON(), as: UTF8.self) }
            }
        }
        return out
    }

    /// Keys whose stored values differ (a short failure message instead of two byte dumps).
    static func differingKeys(_ a: [String: [UInt8]], _ b: [String: [UInt8]]) -> [String] {
        Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
    }

    static func apply(_ changes: [StateChange], to store: inout [String: [UInt8]]) {
        for change in changes { store[change.key] = change.value }
    }

    @Test(arguments: [UInt64(1), 7, 0xC0FFEE])
    func restoringAtACutAndContinuingDecidesExactlyAsAnUninterruptedRun(seed: UInt64) throws {
        let steps = Self.workload(seed: seed)
        let reference = Harness(Self.settings)
        var referenceStore: [String: [UInt8]] = [:]
        var outputs: [[String]] = []
        var stores: [[String: [UInt8]]] = []
        for step in steps {
            outputs.append(Self.run([step], on: reference))
            Self.apply(reference.takeStateChanges(), to: &referenceStore)
            stores.append(referenceStore)
        }
        #expect(reference.counters.deferred > 10 && reference.counters.capped.values.reduce(0, +) > 5)
        #expect(reference.counters.heldOut > 5 && reference.counters.conversions.count == 2)

        for cut in [1, 57, 133, 200, 399] {
            let restored = Harness(Self.settings)
            for (key, value) in stores[cut - 1].sorted(by: { $0.key < $1.key }) {
                try restored.restoreState(key: key, value: value)
            }
            #expect(restored.takeStateChanges().isEmpty, "restoring marks nothing changed")
            #expect(restored.stateKeyCount == stores[cut - 1].count)
            var store = stores[cut - 1]
            for index in cut..<steps.count {
                let output = Self.run(steps[index...index], on: restored)
                Self.apply(restored.takeStateChanges(), to: &store)
                let differing = Self.differingKeys(store, stores[index])
                guard output == outputs[index], differing.isEmpty else {
                    Issue.record("cut \(cut), step \(index): outputs \(output) expected \(outputs[index]); store differs for \(differing)")
                    break
                }
            }
        }
    }

    @Test func everythingExpiresAndTheLastChangesOnlyDelete() {
        let policy = Harness(Self.settings)
        var store: [String: [UInt8]] = [:]
        _ = Self.run(Self.workload(seed: 3), on: policy)
        Self.apply(policy.takeStateChanges(), to: &store)
        #expect(!store.isEmpty)
        let released = policy.advance(toMs: P.ms("2026-04-01T00:00:00Z"))
        #expect(released.allSatisfy { if case .deferred = $0.decision { false } else { true } })
        let last = policy.takeStateChanges()
        #expect(!last.isEmpty && last.allSatisfy { $0.value == nil })
        Self.apply(last, to: &store)
        #expect(store.isEmpty)
        #expect(policy.stateKeyCount == 0 && policy.nextTimerMs == nil && policy.deferredCount == 0)
    }

    @Test func historyIsKeptForTheLongestCapPlusTwoDaysAndExposuresForTheAttributionWindow() {
        let policy = Harness(P.settings(caps: [FrequencyCap(name: "weekly", limit: 9, days: 7)], attributionDays: 3))
        let context = CustomerContext(consent: ["sms": .granted])
        _ = policy.decide(P.action("a1"), category: .marketing, atMs: 0, context: context)
        _ = policy.takeStateChanges()
        #expect(policy.nextTimerMs == 3 * P.dayMs + 1, "the exposure expires first")
        #expect(policy.advance(toMs: 3 * P.dayMs + 1).isEmpty)
        #expect(policy.takeStateChanges().map(\.key) == ["c-1"], "the exposure was pruned, the send is kept")
        #expect(policy.recordConversion(customer: "c-1", atMs: 3 * P.dayMs + 1).isEmpty)
        #expect(policy.nextTimerMs == 9 * P.dayMs + 1)
        _ = policy.advance(toMs: 9 * P.dayMs)
        #expect(policy.stateKeyCount == 1)
        _ = policy.advance(toMs: 9 * P.dayMs + 1)
        #expect(policy.takeStateChanges() == [StateChange(key: "c-1", value: nil)])
        #expect(policy.stateKeyCount == 0 && policy.nextTimerMs == nil)
    }

    @Test func changesListEachChangedCustomerOnceSortedAndOnlyWhenChanged() {
        let policy = Harness(P.settings(caps: [FrequencyCap(name: "daily", limit: 9, days: 1)]))
        let context = CustomerContext(consent: ["sms": .granted])
        for customer in ["b", "a", "b"] {
            _ = policy.decide(P.action("x", customer: customer), category: .marketing, atMs: 1_000, context: context)
        }
        _ = policy.decide(P.action("t", customer: "c"), category: .transactional, atMs: 1_000, context: context)
        let changes = policy.takeStateChanges()
        #expect(changes.map(\.key) == ["a", "b"])
        #expect(changes.first?.value?.prefix(2) == [3, 0x50], "version and kind bytes")
        #expect(policy.takeStateChanges().isEmpty)
        _ = policy.decide(P.action("s", customer: "a"), category: .marketing, atMs: 1_000,
                          context: CustomerContext(consent: ["sms": .denied]))
        #expect(policy.takeStateChanges().isEmpty, "a suppression changes nothing")
    }

    @Test func eraseCancelsDeferredActionsAndForgetsHistory() {
        let policy = Harness(P.settings(caps: [FrequencyCap(name: "daily", limit: 1, days: 1)],
                                                        quietHours: P.nightQuiet))
        let morning = P.ms("2026-06-01T10:00:00+09:00")
        #expect(policy.decision(P.action("a1"), at: morning, P.seoul) == .sent(channel: "sms"))
        #expect(policy.decision(P.action("a2"), at: P.ms("2026-06-01T22:00:00+09:00"), P.seoul)
            == .deferred(untilMs: P.ms("2026-06-02T08:00:00+09:00")))
        #expect(policy.decision(P.action("b1", customer: "c-2"), at: P.ms("2026-06-01T22:00:00+09:00"), P.seoul)
            == .deferred(untilMs: P.ms("2026-06-02T08:00:00+09:00")))
        _ = policy.takeStateChanges()
        #expect(policy.eraseState(key: "c-1"))
        #expect(!policy.eraseState(key: "c-1"))
        #expect(!policy.eraseState(key: "nobody"))
        #expect(policy.takeStateChanges() == [StateChange(key: "c-1", value: nil)])
        #expect(policy.counters.deferredCancelled == 1)
        #expect(policy.advance(toMs: P.ms("2026-06-03T00:00:00+09:00")).map(\.action.actionID) == ["b1"])
        #expect(policy.recordConversion(customer: "c-1", atMs: morning + 1).isEmpty)
        #expect(policy.decision(P.action("a3"), at: morning + 2, P.seoul) == .sent(channel: "sms"), "the cap forgot a1")
    }

    @Test func restoreReplacesWhatWasHeldAndReArmsTimers() throws {
        let source = Harness(P.settings(quietHours: P.nightQuiet))
        _ = source.decide(P.action("a1"), category: .marketing, atMs: P.ms("2026-06-01T22:00:00+09:00"), context: P.seoul)
        let value = try #require(source.takeStateChanges().first?.value)
        let target = Harness(P.settings(quietHours: P.nightQuiet))
        _ = target.decide(P.action("old"), category: .marketing, atMs: P.ms("2026-06-01T23:00:00+09:00"), context: P.seoul)
        try target.restoreState(key: "c-1", value: value)
        try target.restoreState(key: "c-1", value: value)
        let released = target.advance(toMs: P.ms("2026-06-03T00:00:00Z"))
        #expect(released.map(\.action) == [P.action("a1")], "the restored action, once, with its message and cause")
        #expect(released.first?.record.deferredAtMs == P.ms("2026-06-01T22:00:00+09:00"))
    }

    @Test func badValuesAreRefusedWithTheKeyAndChangeNothing() throws {
        let policy = Harness(P.settings(quietHours: P.nightQuiet))
        _ = policy.decide(P.action("a1"), category: .marketing, atMs: P.ms("2026-06-01T22:00:00+09:00"), context: P.seoul)
        let value = try #require(policy.takeStateChanges().first?.value)
        let fresh = Harness(P.settings(quietHours: P.nightQuiet))
        for bad in [[], [3, 0x50, 0, 0, 0], [2, 4, 0, 0, 0], Array(value.dropLast()), value + [0]] {
            #expect(throws: StateRestoreError.self) { try fresh.restoreState(key: "c-9", value: bad) }
        }
        let error = #expect(throws: StateRestoreError.self) { try fresh.restoreState(key: "c-9", value: [1, 4]) }
        #expect(error?.description == "cannot restore state of key 'c-9': state kind 4 is not contact policy state (80) at byte 1")
        #expect(fresh.stateKeyCount == 0 && fresh.nextTimerMs == nil)
    }
}

/// A tiny deterministic generator so workloads are the same on every run.
struct LCG {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next(below bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}
