import Foundation
import Operators
import Policies

/// Builders shared by the policy tests: actions, instants written as local ISO-8601 times,
/// and a policy driven the way the engine drives it (advance, then decide).
enum P {
    static let seoul = CustomerContext(timeZoneIdentifier: "Asia/Seoul", consent: ["sms": .granted, "email": .granted, "push": .granted])
    static let newYork = CustomerContext(timeZoneIdentifier: "America/New_York",
                                         consent: ["sms": .granted, "email": .granted, "push": .granted])

    static func action(_ id: String, customer: String = "c-1", channel: String = "sms", trigger: String = "promo",
                       offset: Int64 = 0) -> Action {
        Action(actionID: id, trigger: trigger, customerID: customer, channel: channel, message: "hi \(customer)",
               eventTimeMs: 1_000, emittedAtMs: 2_000, cause: EventSource(topic: "events", partition: 0, offset: offset))
    }

    /// Epoch ms of an ISO-8601 time with an explicit offset, e.g. `2026-03-07T22:00:00-05:00`.
    static func ms(_ iso: String) -> Int64 {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: iso) else { fatalError("bad test time \(iso)") }
        return Int64((date.timeIntervalSince1970 * 1_000).rounded())
    }

    static let hourMs: Int64 = 3_600_000
    static let dayMs: Int64 = 86_400_000

    static func settings(caps: [FrequencyCap] = [], quietHours: QuietHours? = nil, holdout: HoldoutSettings? = nil,
                         attributionDays: Int = 7) -> ContactPolicySettings {
        ContactPolicySettings(defaultTimeZone: "UTC", fallbackChannels: ["sms": ["email"], "push": ["sms", "email"]],
                              frequencyCaps: caps, quietHours: quietHours, holdout: holdout,
                              attributionWindowDays: attributionDays)
    }

    static let nightQuiet = QuietHours(from: (21, 0), to: (8, 0))
}

/// A policy behind a reference, so tests can write `#expect(policy.decide(…) == …)`: the
/// `#expect` macro cannot call a mutating method on a value. Forwards to the value type.
final class Harness {
    var policy: ContactPolicy

    init(_ settings: ContactPolicySettings) {
        policy = ContactPolicy(settings: settings)
    }

    var counters: PolicyCounters { policy.counters }
    var stateKeyCount: Int { policy.stateKeyCount }
    var deferredCount: Int { policy.deferredCount }
    var nextTimerMs: Int64? { policy.nextTimerMs }

    func decide(_ action: Action, category: ActionCategory, atMs: Int64, context: CustomerContext) -> PolicyOutcome {
        policy.decide(action, category: category, atMs: atMs, context: context)
    }

    func advance(toMs: Int64, context: (String) -> CustomerContext? = { _ in nil }) -> [PolicyOutcome] {
        policy.advance(toMs: toMs, context: context)
    }

    func recordConversion(customer: String, atMs: Int64) -> [ConversionRecord] {
        policy.recordConversion(customer: customer, atMs: atMs)
    }

    func takeStateChanges() -> [StateChange] { policy.takeStateChanges() }

    func restoreState(key: String, value: [UInt8]) throws(StateRestoreError) {
        try policy.restoreState(key: key, value: value)
    }

    func eraseState(key: String) -> Bool { policy.eraseState(key: key) }

    /// Releases what is due, then decides: the engine's order.
    func run(_ action: Action, _ category: ActionCategory = .marketing, at atMs: Int64,
             _ context: CustomerContext) -> (released: [PolicyOutcome], outcome: PolicyOutcome) {
        let released = advance(toMs: atMs)
        return (released, decide(action, category: category, atMs: atMs, context: context))
    }

    /// Just the decision of ``run(_:_:at:_:)``.
    func decision(_ action: Action, _ category: ActionCategory = .marketing, at atMs: Int64,
                  _ context: CustomerContext) -> PolicyDecision {
        run(action, category, at: atMs, context).outcome.decision
    }
}
