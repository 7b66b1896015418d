import DaemonConfig
import Operators

/// Turns one pipeline's settings into an operator, checking what the YAML schema cannot:
/// that templates compile. Errors point at the template's place in the config file.
enum PipelineCompiler {
    static func compile(_ p: PipelineSettings) throws(ConfigErrors) -> any StreamOperator {
        var diagnostics: [ConfigDiagnostic] = []
        func template(_ source: String, at location: ConfigLocation, what: String) -> MessageTemplate? {
            do {
                return try MessageTemplate(source)
            } catch {
                diagnostics.append(ConfigDiagnostic(location, "invalid \(what) template: \(error.message)"))
                return nil
            }
        }
        let channel = template(p.action.channel, at: p.action.channelLocation, what: "channel")
        let message = template(p.action.message, at: p.action.messageLocation, what: "message")
        let predicates = compilePredicates(p.predicates)
        guard diagnostics.isEmpty, let channel, let message else { throw ConfigErrors(diagnostics) }
        let action = ActionTemplate(trigger: p.trigger, channel: channel, message: message,
                                    customerField: p.action.customerField.map { FieldPath($0) })
        switch p.kind {
        case .filter:
            return FilterTrigger(trigger: p.trigger, predicates: predicates, channel: channel, message: message,
                                 customerField: p.action.customerField.map { FieldPath($0) })
        case .window:
            guard let w = p.window else { throw missing("window", p) }
            let kind: WindowSpec.Kind
            switch w.type {
            case .tumbling: kind = .tumbling(sizeMs: w.sizeMs ?? 0)
            case .hopping: kind = .hopping(sizeMs: w.sizeMs ?? 0, advanceMs: w.advanceMs ?? 0)
            case .session: kind = .session(gapMs: w.gapMs ?? 0)
            }
            let aggregates: [(name: String, aggregation: Aggregation)] = w.aggregates.map { a in
                let f = FieldPath(a.field ?? "")
                switch a.function {
                case .count: return (a.name, .count)
                case .sum: return (a.name, .sum(f))
                case .min: return (a.name, .min(f))
                case .max: return (a.name, .max(f))
                case .distinctCount: return (a.name, .distinctCount(f))
                case .last: return (a.name, .last(f))
                }
            }
            return WindowTrigger(predicates: predicates, spec: WindowSpec(kind: kind, graceMs: w.graceMs),
                                 groupBy: w.groupBy.map { FieldPath($0) }, aggregates: aggregates,
                                 earlyEveryMs: w.earlyEveryMs, having: compilePredicates(w.having), action: action)
        case .followedBy, .absence, .threshold, .inactivity, .change:
            guard let pat = p.pattern else { throw missing("pattern settings", p) }
            let common = PatternCommon(predicates: predicates, cancel: compilePredicates(pat.cancel),
                                       cooldownMs: pat.cooldownMs, action: action)
            let start = compilePredicates(pat.start)
            let then = compilePredicates(pat.then)
            let within = pat.withinMs ?? 0
            switch p.kind {
            case .followedBy:
                return FollowedByTrigger(common: common, start: start, then: then, withinMs: within)
            case .absence:
                return AbsenceTrigger(common: common, start: start, then: then, withinMs: pat.withinMs,
                                      deadlineField: pat.deadlineField.map { FieldPath($0) })
            case .threshold:
                return ThresholdTrigger(common: common, start: start, count: pat.count ?? 1, withinMs: within)
            case .inactivity:
                return InactivityTrigger(common: common, start: start, withinMs: within)
            default:
                guard let field = pat.field else { throw missing("field", p) }
                return ChangeTrigger(common: common, field: FieldPath(field), baselineField: pat.baselineField.map { FieldPath($0) },
                                     minChange: pat.minChange ?? 0)
            }
        }
    }

    /// The schema guarantees kind-specific settings; this guards against a hand-built config.
    private static func missing(_ what: String, _ p: PipelineSettings) -> ConfigErrors {
        ConfigErrors([ConfigDiagnostic(p.location, "pipeline '\(p.name)' of kind \(p.kind.rawValue) has no \(what)")])
    }

    static func compilePredicates(_ list: [PredicateSettings]) -> [Predicate] {
        list.map { Predicate(field: FieldPath($0.field), test: test(for: $0)) }
    }

    /// The schema already checked operand types; this only maps them to JSON values.
    static func test(for s: PredicateSettings) -> Predicate.Test {
        switch s.op {
        case .equals: return .equals(json(s.operand))
        case .notEquals: return .notEquals(json(s.operand))
        case .in: return .oneOf(list(s.operand))
        case .notIn: return .noneOf(list(s.operand))
        case .exists:
            if case .bool(let b) = s.operand { return .exists(b) }
            return .exists(true)
        case .gt: return .greaterThan(number(s.operand))
        case .gte: return .greaterOrEqual(number(s.operand))
        case .lt: return .lessThan(number(s.operand))
        case .lte: return .lessOrEqual(number(s.operand))
        case .contains:
            if case .string(let s) = s.operand { return .contains(s) }
            return .contains("\(s.operand)")
        }
    }

    static func json(_ v: ConfigValue) -> JSONValue {
        switch v {
        case .string(let s): .string(s)
        case .int(let i): .number(Double(i))
        case .double(let d): .number(d)
        case .bool(let b): .bool(b)
        case .null: .null
        case .list(let l): .array(l.map(json))
        }
    }

    static func list(_ v: ConfigValue) -> [JSONValue] {
        if case .list(let l) = v { return l.map(json) }
        return [json(v)]
    }

    static func number(_ v: ConfigValue) -> Double {
        switch v {
        case .int(let i): Double(i)
        case .double(let d): d
        default: .nan
        }
    }
}
