import DaemonConfig
import Operators

/// The parts of a scenario: its events, tables and expectations.
extension ScenarioParser {
    static let scenarioKeys = ["name", "description", "start", "tables", "events", "advance_to", "end_at",
                               "expect_actions", "expect_no_actions", "expect_dead_letters"] + policyScenarioKeys
    static let actionKeys = ["trigger", "customer_id", "channel", "message", "message_contains", "event_time", "count"]
    static let deadLetterKeys = ["reason", "event", "detail_contains", "count"]

    mutating func scenario(_ node: ScenarioNode, start fileStart: Int64?) -> Scenario? {
        guard let entries = entries(node, of: "a scenario", allowed: Self.scenarioKeys) else { return nil }
        func value(_ key: String) -> ScenarioNode? { entries.first { $0.key == key }?.value }
        guard let nameNode = value("name") else {
            error(node.location, "missing key 'name' in a scenario")
            return nil
        }
        let name = string(nameNode, "name")
        let start = value("start").flatMap { time($0, "start", start: nil) } ?? fileStart
        var events: [ScenarioEvent] = []
        if let list = value("events") {
            if case .sequence(let items, _) = list {
                events = items.compactMap { event($0, start: start) }
            } else {
                error(list.location, "expected a list of events, got \(list.kindDescription)")
            }
        } else {
            error(node.location, "missing key 'events' in scenario '\(name ?? "?")'")
        }
        if value("advance_to") != nil, let endAt = entries.first(where: { $0.key == "end_at" }) {
            error(endAt.keyLocation, "'end_at' and 'advance_to' are the same setting; give one")
        }
        let advance = (value("advance_to").map { ("advance_to", $0) } ?? value("end_at").map { ("end_at", $0) })
            .flatMap { time($0.1, $0.0, start: start) }
        let expected = expectedActions(entries, at: node.location, name: name, start: start)
        var deadLetters: [DeadLetterExpectation] = []
        if let list = value("expect_dead_letters") {
            if case .sequence(let items, _) = list {
                deadLetters = items.compactMap { deadLetter($0, eventCount: events.count) }
            } else {
                error(list.location, "expected a list for 'expect_dead_letters', got \(list.kindDescription)")
            }
        }
        let policy = policyExpectations(entries, start: start, eventCount: events.count)
        guard let name, let expected else { return nil }
        return Scenario(name: name, location: nameNode.location, tables: value("tables").map { tableRows($0) } ?? [],
                        events: events, advanceToMs: advance, expectedActions: expected, expectedDeadLetters: deadLetters,
                        policy: policy)
    }

    /// `expect_actions: [...]` or `expect_no_actions: true`, exactly one: a scenario that
    /// states neither would pass whatever the config does.
    private mutating func expectedActions(_ entries: [ScenarioNode.Entry], at location: ConfigLocation, name: String?,
                                          start: Int64?) -> [ActionExpectation]? {
        let list = entries.first { $0.key == "expect_actions" }
        let none = entries.first { $0.key == "expect_no_actions" }
        let noActions = none.flatMap { bool($0.value, "expect_no_actions") }
        switch (list, noActions) {
        case (let list?, true?):
            error(list.keyLocation, "give either 'expect_actions' or 'expect_no_actions: true', not both")
            return nil
        case (let list?, _):
            guard case .sequence(let items, _) = list.value else {
                error(list.value.location, "expected a list for 'expect_actions', got \(list.value.kindDescription)")
                return nil
            }
            return items.compactMap { action($0, start: start) }
        case (nil, true?):
            return []
        case (nil, _):
            if none == nil || noActions == false {
                error(location, "scenario '\(name ?? "?")' states no expectation: add 'expect_actions' or 'expect_no_actions: true'")
            }
            return nil
        }
    }

    /// A mapping is a JSON object (its `at:` taken out); a string is a raw record, sent as is.
    private mutating func event(_ node: ScenarioNode, start: Int64?) -> ScenarioEvent? {
        switch node {
        case .mapping(let entries, let location):
            var fields: [(key: String, value: JSONValue)] = []
            var at: Int64?
            for e in entries {
                if e.key == "at" { at = time(e.value, "at", start: start) } else { fields.append((e.key, CoreScalar.json(e.value))) }
            }
            return ScenarioEvent(body: .object(fields), atMs: at, location: location)
        case .scalar(let s) where !s.isPlain || !s.text.isEmpty:
            // Replay skips blank lines without giving them an offset: a blank record would shift
            // every later event's position.
            guard s.text.contains(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) else {
                error(s.location, "a raw event must not be blank (replay skips blank lines)")
                return nil
            }
            return ScenarioEvent(body: .raw(s.text), atMs: nil, location: s.location)
        default:
            error(node.location, "expected an event (a mapping of its fields, or a string with the raw record), got \(node.kindDescription)")
            return nil
        }
    }

    mutating func action(_ node: ScenarioNode, start: Int64?) -> ActionExpectation? {
        guard let entries = entries(node, of: "an expected action", allowed: Self.actionKeys) else { return nil }
        var a = ActionExpectation(location: node.location)
        for e in entries {
            switch e.key {
            case "trigger": a.trigger = string(e.value, e.key)
            case "customer_id": a.customerID = string(e.value, e.key)
            case "channel": a.channel = string(e.value, e.key)
            case "message": a.message = string(e.value, e.key)
            case "message_contains": a.messageContains = string(e.value, e.key)
            case "event_time": a.eventTimeMs = time(e.value, e.key, start: start)
            case "count": a.count = positiveInt(e.value, e.key) ?? 1
            default: break
            }
        }
        return a
    }

    private mutating func deadLetter(_ node: ScenarioNode, eventCount: Int) -> DeadLetterExpectation? {
        guard let entries = entries(node, of: "an expected dead letter", allowed: Self.deadLetterKeys) else { return nil }
        var d = DeadLetterExpectation(location: node.location)
        for e in entries {
            switch e.key {
            case "reason":
                guard let reason = string(e.value, e.key) else { continue }
                let known = DeadLetterReason.allCases.map(\.rawValue)
                if !known.contains(reason) {
                    let hint = Self.closest(to: reason, in: known).map { "did you mean '\($0)'? " } ?? ""
                    error(e.value.location, "unknown dead-letter reason '\(reason)' (\(hint)known: \(known.joined(separator: ", ")))")
                }
                d.reason = reason
            case "event":
                guard let n = positiveInt(e.value, e.key) else { continue }
                if n > eventCount { error(e.value.location, "'event: \(n)' but the scenario has \(eventCount) event(s) (events count from 1)") }
                d.event = n
            case "detail_contains": d.detailContains = string(e.value, e.key)
            case "count": d.count = positiveInt(e.value, e.key) ?? 1
            default: break
            }
        }
        return d
    }

    /// `tables: {NAME: [row, ...]}` (keyed by the table's key_field) or `{NAME: {KEY: row}}`.
    mutating func tableRows(_ node: ScenarioNode) -> [TableRows] {
        guard case .mapping(let tables, _) = node else {
            error(node.location, "expected a mapping of table name to rows for 'tables', got \(node.kindDescription)")
            return []
        }
        return tables.compactMap { t in
            switch t.value {
            case .sequence(let rows, _):
                return TableRows(table: t.key, location: t.keyLocation, rows: rows.compactMap { row in
                    guard case .mapping = row else {
                        error(row.location, "expected a row (a mapping of its fields), got \(row.kindDescription)")
                        return nil
                    }
                    return TableRows.Row(key: nil, value: CoreScalar.json(row), location: row.location)
                })
            case .mapping(let keyed, _):
                return TableRows(table: t.key, location: t.keyLocation, rows: keyed.compactMap { k in
                    guard case .mapping = k.value else {
                        error(k.value.location, "expected a row (a mapping of its fields) for key '\(k.key)', got \(k.value.kindDescription)")
                        return nil
                    }
                    return TableRows.Row(key: k.key, value: CoreScalar.json(k.value), location: k.keyLocation)
                })
            default:
                error(t.value.location, "expected a list of rows or a mapping of key to row for table '\(t.key)', got \(t.value.kindDescription)")
                return nil
            }
        }
    }
}
