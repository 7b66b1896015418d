import Foundation
import DaemonConfig

/// An action the engine emitted during a scenario, as the report shows it.
public struct ObservedAction: Sendable, Equatable {
    public var trigger: String
    public var customerID: String
    public var channel: String
    public var message: String
    public var eventTimeMs: Int64
    /// 1-based position of the causing event in the scenario's `events`; nil when the cause is
    /// not one record (a window's result).
    public var causeEvent: Int?
}

/// A dead letter the engine produced during a scenario.
public struct ObservedDeadLetter: Sendable, Equatable {
    public var reason: String
    public var detail: String
    /// 1-based position of the dead-lettered event in the scenario's `events`.
    public var event: Int
}

/// The outcome of one scenario: pass/fail and the comparisons behind it.
public struct ScenarioOutcome: Sendable {
    public var name: String
    public var location: ConfigLocation
    public var actions: [DiffLine<ExpectedAction, ObservedAction>]
    public var deadLetters: [DiffLine<ExpectedDeadLetter, ObservedDeadLetter>]
    /// Contact-policy comparisons; empty when the scenario states no such expectation.
    public var decisions: [DiffLine<ExpectedDecision, ObservedDecision>] = []
    public var holdout: [DiffLine<ExpectedAction, ObservedAction>] = []
    public var conversions: [DiffLine<ExpectedConversion, ObservedConversion>] = []
    public var passed: Bool {
        actions.allSatisfy(\.isSame) && deadLetters.allSatisfy(\.isSame) && decisions.allSatisfy(\.isSame)
            && holdout.allSatisfy(\.isSame) && conversions.allSatisfy(\.isSame)
    }
}

/// The outcome of one scenario file: problems with the file (or its config) that kept it from
/// running, or its scenarios' outcomes.
public struct FileOutcome: Sendable {
    public var path: String
    public var configPath: String?
    public var diagnostics: [ConfigDiagnostic]
    public var scenarios: [ScenarioOutcome]
    public var passed: Bool { diagnostics.isEmpty && scenarios.allSatisfy(\.passed) }
}

/// An expected action, one per repetition of its `count`.
public struct ExpectedAction: Sendable {
    var spec: ActionExpectation

    func matches(_ a: ObservedAction) -> Bool { mismatches(a).isEmpty }

    /// `field: expected X, got Y` for every field that differs, to explain a near miss.
    func mismatches(_ a: ObservedAction) -> [String] {
        var out: [String] = []
        func check(_ name: String, _ want: String?, _ got: String) {
            if let want, want != got { out.append("\(name): expected \(quoted(want)), got \(quoted(got))") }
        }
        check("trigger", spec.trigger, a.trigger)
        check("customer_id", spec.customerID, a.customerID)
        check("channel", spec.channel, a.channel)
        check("message", spec.message, a.message)
        if let part = spec.messageContains, !a.message.contains(part) {
            out.append("message: expected to contain \(quoted(part)), got \(quoted(a.message))")
        }
        if let t = spec.eventTimeMs, t != a.eventTimeMs {
            out.append("event_time: expected \(UTCTime.format(t)), got \(UTCTime.format(a.eventTimeMs))")
        }
        return out
    }

    /// Only what the expectation states, e.g. `trigger=cart_abandoned customer_id=c-1`.
    var summary: String {
        var parts: [String] = []
        if let v = spec.trigger { parts.append("trigger=\(v)") }
        if let v = spec.customerID { parts.append("customer_id=\(v)") }
        if let v = spec.channel { parts.append("channel=\(v)") }
        if let v = spec.message { parts.append("message=\(quoted(v))") }
        if let v = spec.messageContains { parts.append("message~\(quoted(v))") }
        if let v = spec.eventTimeMs { parts.append("event_time=\(UTCTime.format(v))") }
        return (parts.isEmpty ? "any action" : parts.joined(separator: " ")) + "  (line \(spec.location.line))"
    }
}

public struct ExpectedDeadLetter: Sendable {
    var spec: DeadLetterExpectation

    func matches(_ d: ObservedDeadLetter) -> Bool {
        (spec.reason.map { $0 == d.reason } ?? true) && (spec.event.map { $0 == d.event } ?? true)
            && (spec.detailContains.map { d.detail.contains($0) } ?? true)
    }

    var summary: String {
        var parts: [String] = []
        if let v = spec.reason { parts.append("reason=\(v)") }
        if let v = spec.event { parts.append("event=\(v)") }
        if let v = spec.detailContains { parts.append("detail~\(quoted(v))") }
        return (parts.isEmpty ? "any dead letter" : parts.joined(separator: " ")) + "  (line \(spec.location.line))"
    }
}

extension ObservedAction {
    /// `cart_abandoned c-1 push "You left X in your cart" @2026-01-01T00:00:00Z (event 1)`.
    var summary: String {
        "\(trigger) \(customerID) \(channel) \(quoted(message)) @\(UTCTime.format(eventTimeMs))"
            + (causeEvent.map { " (event \($0))" } ?? "")
    }
}

extension ObservedDeadLetter {
    var summary: String { "\(reason) (event \(event)): \(detail)" }
}

func quoted(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\n", with: "\\n") + "\""
}
