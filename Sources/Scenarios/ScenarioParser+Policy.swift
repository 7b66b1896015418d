import DaemonConfig
import Foundation

/// The contact-policy parts of a scenario: `profiles`, `expect_decisions`, `expect_holdout`
/// and `expect_conversions`.
extension ScenarioParser {
    static let policyScenarioKeys = ["profiles", "expect_decisions", "expect_holdout", "expect_conversions"]
    static let decisionKeys = ["trigger", "customer_id", "decision", "reason", "channel", "category", "until", "at",
                               "deferred_at", "event", "count"]
    static let conversionKeys = ["trigger", "customer_id", "group", "channel", "exposed_at", "converted_at", "count"]
    static let profileKeys = ["customer_id", "time_zone", "consent", "do_not_contact", "locale"]
    static let decisionNames = ["sent", "suppressed", "deferred", "capped", "held_out"]

    mutating func policyExpectations(_ entries: [ScenarioNode.Entry], start: Int64?, eventCount: Int) -> PolicyExpectations {
        func value(_ key: String) -> ScenarioNode? { entries.first { $0.key == key }?.value }
        var p = PolicyExpectations()
        p.profiles = value("profiles").map { profiles($0) } ?? []
        if let items = value("expect_decisions").flatMap({ items($0, "expect_decisions") }) {
            p.decisions = items.compactMap { decision($0, start: start, eventCount: eventCount) }
        }
        if let items = value("expect_holdout").flatMap({ items($0, "expect_holdout") }) {
            p.holdout = items.compactMap { action($0, start: start) }
        }
        if let items = value("expect_conversions").flatMap({ items($0, "expect_conversions") }) {
            p.conversions = items.compactMap { conversion($0, start: start) }
        }
        return p
    }

    /// The items of an expectation list; `[]` is a valid (empty) one: "none may occur".
    private mutating func items(_ node: ScenarioNode, _ key: String) -> [ScenarioNode]? {
        guard case .sequence(let items, _) = node else {
            error(node.location, "expected a list for '\(key)', got \(node.kindDescription)")
            return nil
        }
        return items
    }

    private mutating func decision(_ node: ScenarioNode, start: Int64?, eventCount: Int) -> DecisionExpectation? {
        guard let entries = entries(node, of: "an expected decision", allowed: Self.decisionKeys) else { return nil }
        var d = DecisionExpectation(location: node.location)
        for e in entries {
            switch e.key {
            case "trigger": d.trigger = string(e.value, e.key)
            case "customer_id": d.customerID = string(e.value, e.key)
            case "decision": d.decision = oneOf(e.value, e.key, Self.decisionNames)
            case "reason": d.reason = string(e.value, e.key)
            case "channel": d.channel = string(e.value, e.key)
            case "category": d.category = oneOf(e.value, e.key, ["transactional", "marketing"])
            case "until": d.untilMs = time(e.value, e.key, start: start)
            case "at": d.atMs = time(e.value, e.key, start: start)
            case "deferred_at": d.deferredAtMs = time(e.value, e.key, start: start)
            case "event":
                guard let n = positiveInt(e.value, e.key) else { continue }
                if n > eventCount { error(e.value.location, "'event: \(n)' but the scenario has \(eventCount) event(s) (events count from 1)") }
                d.event = n
            case "count": d.count = positiveInt(e.value, e.key) ?? 1
            default: break
            }
        }
        return d
    }

    private mutating func conversion(_ node: ScenarioNode, start: Int64?) -> ConversionExpectation? {
        guard let entries = entries(node, of: "an expected conversion", allowed: Self.conversionKeys) else { return nil }
        var c = ConversionExpectation(location: node.location)
        for e in entries {
            switch e.key {
            case "trigger": c.trigger = string(e.value, e.key)
            case "customer_id": c.customerID = string(e.value, e.key)
            case "group": c.group = oneOf(e.value, e.key, ["treated", "holdout"])
            case "channel": c.channel = string(e.value, e.key)
            case "exposed_at": c.exposedAtMs = time(e.value, e.key, start: start)
            case "converted_at": c.convertedAtMs = time(e.value, e.key, start: start)
            case "count": c.count = positiveInt(e.value, e.key) ?? 1
            default: break
            }
        }
        return c
    }

    private mutating func oneOf(_ node: ScenarioNode, _ key: String, _ allowed: [String]) -> String? {
        guard let text = string(node, key) else { return nil }
        guard allowed.contains(text) else {
            let hint = Self.closest(to: text, in: allowed).map { "did you mean '\($0)'? " } ?? ""
            error(node.location, "unknown \(key) '\(text)' (\(hint)known: \(allowed.joined(separator: ", ")))")
            return nil
        }
        return text
    }

    /// `profiles: [{customer_id: c-1, ...}]` or `profiles: {c-1: {...}}`.
    mutating func profiles(_ node: ScenarioNode) -> [ProfileRow] {
        switch node {
        case .sequence(let rows, _):
            return rows.compactMap { profile($0, key: nil) }
        case .mapping(let keyed, _):
            return keyed.compactMap { profile($0.value, key: ($0.key, $0.keyLocation)) }
        default:
            error(node.location, "expected a list of profile rows or a mapping of customer id to row for 'profiles', got \(node.kindDescription)")
            return []
        }
    }

    private mutating func profile(_ node: ScenarioNode, key: (String, ConfigLocation)?) -> ProfileRow? {
        guard let entries = entries(node, of: "a profile row (other columns go under tables:)", allowed: Self.profileKeys) else { return nil }
        func value(_ k: String) -> ScenarioNode? { entries.first { $0.key == k }?.value }
        let id = value("customer_id").flatMap { string($0, "customer_id") }
        if let key, let id, id != key.0 {
            error(node.location, "profile row under '\(key.0)' gives customer_id '\(id)'; give one or make them agree")
        }
        guard let customer = key?.0 ?? id else {
            error(node.location, "a profile row needs customer_id (or write it as CUSTOMER_ID: {row})")
            return nil
        }
        var row = ProfileRow(customerID: customer, location: key?.1 ?? node.location)
        if let zone = value("time_zone") {
            row.timeZone = string(zone, "time_zone")
            if let name = row.timeZone, TimeZone(identifier: name) == nil {
                // The engine would quietly use the default zone: write the row under tables: to test that.
                error(zone.location, "unknown time zone '\(name)' (an IANA identifier such as Asia/Seoul; "
                    + "to test an unknown zone, give the row under tables:)")
            }
        }
        row.doNotContact = value("do_not_contact").flatMap { bool($0, "do_not_contact") }
        row.locale = value("locale").flatMap { string($0, "locale") }
        if let consent = value("consent") { row.consent = self.consent(consent) }
        return row
    }

    /// `{push: true, sms: denied}`: booleans or `granted`/`denied`, anything else is an error
    /// (the engine would read it as unknown consent).
    private mutating func consent(_ node: ScenarioNode) -> [(channel: String, granted: Bool)] {
        guard case .mapping(let channels, _) = node else {
            error(node.location, "expected a mapping of channel to consent for 'consent', got \(node.kindDescription)")
            return []
        }
        return channels.compactMap { c in
            if case .scalar(let s) = c.value {
                switch CoreScalar.value(of: s) {
                case .bool(let b): return (c.key, b)
                case .string("granted"): return (c.key, true)
                case .string("denied"): return (c.key, false)
                default: break
                }
            }
            error(c.value.location, "expected true, false, granted or denied for consent '\(c.key)', got \(c.value.kindDescription) "
                + "(leave the channel out for unknown consent)")
            return nil
        }
    }
}
