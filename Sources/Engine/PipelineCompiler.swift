import DaemonConfig
import Operators

/// Turns one pipeline's settings into an operator, checking what the YAML schema cannot:
/// that templates compile and, for inputs that declare their `fields:`, that templates name only
/// fields their events can have. Errors point at the template's place in the config file.
enum PipelineCompiler {
    /// A compiled template, with the name and place the field check reports it by.
    private struct Checked {
        /// e.g. `message template`, `template for locale 'ko-KR'`.
        var what: String
        var template: MessageTemplate
        var location: ConfigLocation
    }

    /// - Parameter inputs: the config's inputs; those this pipeline reads and that declare
    ///   `fields:` are checked against its templates. Empty: nothing is checked.
    static func compile(_ p: PipelineSettings, inputs: [InputSettings] = []) throws(ConfigErrors) -> any StreamOperator {
        var diagnostics: [ConfigDiagnostic] = []
        var checked: [Checked] = []
        /// `locale` names the locale of one template of a per-locale message.
        func template(_ source: String, at location: ConfigLocation, what: String, locale: String? = nil) -> MessageTemplate? {
            let name = locale.map { "template for locale '\($0)'" } ?? "\(what) template"
            do {
                let template = try MessageTemplate(source)
                checked.append(Checked(what: name, template: template, location: location))
                return template
            } catch {
                let detail = locale.map { "invalid \(what) template for locale '\($0)'" } ?? "invalid \(what) template"
                diagnostics.append(ConfigDiagnostic(location, "\(detail): \(error.message)"))
                return nil
            }
        }
        let channel = template(p.action.channel, at: p.action.channelLocation, what: "channel")
        let message: MessageTemplate?
        if p.action.localizedMessages.isEmpty {
            message = template(p.action.message, at: p.action.messageLocation, what: "message")
        } else {
            let variants = p.action.localizedMessages.compactMap { m in
                template(m.template, at: m.location, what: "message", locale: m.locale).map { (locale: m.locale, template: $0) }
            }
            message = localizedMessage(p, variants: variants, &diagnostics)
        }
        diagnostics += fieldDiagnostics(p, templates: checked, inputs: inputs)
        let predicates = compilePredicates(p.predicates)
        guard diagnostics.isEmpty, let channel, let message else { throw ConfigErrors(diagnostics) }
        // A fan-out's actions go to the member each one was made for (`FanOutTrigger`).
        let customerField = p.kind == .fanOut ? FanOutCompiler.memberIDField : p.action.customerField.map { FieldPath($0) }
        let action = ActionTemplate(trigger: p.trigger, channel: channel, message: message, customerField: customerField)
        switch p.kind {
        case .filter:
            // `distinct_by` makes the filter stateful (Engine marks it so); without it, it stays stateless.
            if let distinct = p.distinct {
                return DistinctFilterTrigger(trigger: p.trigger, predicates: predicates, channel: channel, message: message,
                                             customerField: p.action.customerField.map { FieldPath($0) },
                                             distinctBy: FieldPath(distinct.field), withinMs: distinct.withinMs)
            }
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
        case .fanOut:
            guard let settings = p.fanOut else { throw missing("fan_out settings", p) }
            return FanOutCompiler.compile(settings, predicates: predicates, action: action)
        case .lapse:
            guard let settings = p.lapse else { throw missing("lapse settings", p) }
            return LapseCompiler.compile(settings, predicates: predicates, action: action)
        case .followedBy, .absence, .threshold, .inactivity, .change:
            guard let pat = p.pattern else { throw missing("pattern settings", p) }
            let common = PatternCommon(predicates: predicates, cancel: compilePredicates(pat.cancel),
                                       cooldownMs: pat.cooldownMs, action: action)
            let start = compilePredicates(pat.start)
            let then = compilePredicates(pat.then)
            let within = pat.withinMs ?? 0
            switch p.kind {
            case .followedBy:
                return FollowedByTrigger(common: common, start: start, then: then, withinMs: within,
                                         same: pat.same.map { FieldPath($0) },
                                         templates: checked.map(\.template.source))
            case .absence:
                return AbsenceTrigger(common: common, start: start, then: then, withinMs: pat.withinMs,
                                      deadlineField: pat.deadlineField.map { FieldPath($0) })
            case .threshold:
                return ThresholdTrigger(common: common, start: start, count: pat.count ?? 1, withinMs: within,
                                        distinctBy: pat.distinctBy.map { FieldPath($0) })
            case .inactivity:
                return InactivityTrigger(common: common, start: start, withinMs: within)
            default:
                guard let field = pat.field else { throw missing("field", p) }
                return ChangeTrigger(common: common, field: FieldPath(field), baselineField: pat.baselineField.map { FieldPath($0) },
                                     minChange: pat.minChange ?? 0)
            }
        }
    }

    /// A per-locale message from its compiled variants; nil when one did not compile (already
    /// reported) or, in a hand-built config, the default is not among them.
    private static func localizedMessage(_ p: PipelineSettings, variants: [(locale: String, template: MessageTemplate)],
                                         _ diagnostics: inout [ConfigDiagnostic]) -> MessageTemplate? {
        guard variants.count == p.action.localizedMessages.count else { return nil }
        guard let localized = LocalizedTemplates(variants: variants, defaultLocale: p.action.defaultLocale,
                                                 localeField: p.action.localeField.map { FieldPath($0) }) else {
            diagnostics.append(ConfigDiagnostic(p.action.messageLocation, "default locale '\(p.action.defaultLocale ?? "")' "
                + "is not one of the message's locales"))
            return nil
        }
        return MessageTemplate(localized: localized)
    }

    /// `validate`'s field check: for every input the pipeline reads that declares `fields:`, each
    /// template's names must be a declared field (the key and time fields included), a join
    /// alias, or a value the pipeline kind adds; so must `locale_field`. Without `fields:`
    /// nothing is checked.
    private static func fieldDiagnostics(_ p: PipelineSettings, templates: [Checked],
                                         inputs: [InputSettings]) -> [ConfigDiagnostic] {
        var diagnostics: [ConfigDiagnostic] = []
        for input in inputs where p.inputs.isEmpty || p.inputs.contains(input.topic) {
            guard let fields = input.fields else { continue }
            var declared = fields + [input.keyField, input.timeField].compactMap { $0 } + FanOutCompiler.memberPaths(p)
            // followed_by: the start event's fields under `start.` (same input, same declared fields).
            if p.kind == .followedBy { declared += declared.map { FollowedByStartFields.prefix + "." + $0 } }
            let check = TemplateFieldCheck(declared: declared, open: openNames(p))
            for checked in templates {
                for unknown in check.unknownFields(in: checked.template) {
                    diagnostics.append(ConfigDiagnostic(checked.location, "\(checked.what) uses field '\(unknown.name)' that "
                        + "input '\(input.topic)' does not declare" + hint(unknown.suggestion)))
                }
            }
            if let field = p.action.localeField, !check.knows(field) {
                let location = p.action.localeFieldLocation ?? p.action.messageLocation
                diagnostics.append(ConfigDiagnostic(location, "locale_field '\(field)' is not a field that input "
                    + "'\(input.topic)' declares" + hint(TemplateFieldCheck.closest(to: field, in: declared))))
            }
        }
        return diagnostics
    }

    private static func hint(_ suggestion: String?) -> String {
        suggestion.map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Names every template of the pipeline may use besides the input's fields, whole subtree
    /// included: `key` and `event_time` (``MessageTemplate``'s fallbacks), join aliases, and the
    /// values the kind adds to the event its action is rendered from — kept in step with the
    /// operators: `WindowTrigger.resultEvent` (key, window bounds, aggregates),
    /// `FollowedByLogic.onEvent` (elapsed_ms, start_time), `AbsenceLogic.onTimer` (deadline),
    /// `ThresholdLogic.onEvent` (count), `InactivityLogic.onTimer` (inactive_since, deadline) and
    /// `ChangeLogic.onEvent` (previous, baseline, change); `KindFieldsTests` renders each kind to
    /// check that these are set.
    static func openNames(_ p: PipelineSettings) -> [String] {
        let added: [String]
        switch p.kind {
        case .filter: added = []
        case .window: added = ["window_start", "window_end"] + (p.window?.aggregates.map(\.name) ?? [])
        case .followedBy: added = ["elapsed_ms", "start_time"]
        case .absence: added = ["deadline"]
        case .threshold: added = ["count"]
        case .inactivity: added = ["inactive_since", "deadline"]
        case .change: added = ["previous", "baseline", "change"]
        case .fanOut: added = FanOutCompiler.addedNames
        case .lapse: added = LapseCompiler.addedNames
        }
        return ["key", "event_time"] + added + p.joins.map(\.alias)
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
        case .equalsField: return .compareField(.equals, otherField(s.operand))
        case .gtField: return .compareField(.greaterThan, otherField(s.operand))
        case .gteField: return .compareField(.greaterOrEqual, otherField(s.operand))
        case .ltField: return .compareField(.lessThan, otherField(s.operand))
        case .lteField: return .compareField(.lessOrEqual, otherField(s.operand))
        }
    }

    /// The operand of a field-to-field comparison: the other field's path.
    static func otherField(_ v: ConfigValue) -> FieldPath {
        if case .string(let path) = v { return FieldPath(path) }
        return FieldPath("\(v)")
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
