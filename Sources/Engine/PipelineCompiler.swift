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
        let predicates = p.predicates.map { Predicate(field: FieldPath($0.field), test: test(for: $0)) }
        guard diagnostics.isEmpty, let channel, let message else { throw ConfigErrors(diagnostics) }
        switch p.kind {
        case .filter:
            return FilterTrigger(trigger: p.trigger, predicates: predicates, channel: channel, message: message,
                                 customerField: p.action.customerField.map { FieldPath($0) })
        default:
            throw ConfigErrors([ConfigDiagnostic(p.location, "pipeline kind '\(p.kind.rawValue)' is not supported by this build yet")])
        }
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
