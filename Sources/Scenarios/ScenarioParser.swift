import DaemonConfig
import Operators

/// Reads a scenario file against its schema, collecting every problem (not just the first) as
/// `file:line:col: message`, like `stream-daemon validate` does for configs. Unknown keys are
/// errors with a "did you mean" hint: a misspelt `expect_action` must not make a test pass.
struct ScenarioParser {
    let file: String
    var diagnostics: [ConfigDiagnostic] = []

    static let topKeys = ["config", "topic", "start", "tables", "profiles", "scenarios"]

    /// Parses `text`, the contents of the scenario file `path`.
    static func parse(_ text: String, path: String) -> Result<ScenarioFile, ConfigErrors> {
        let root: ScenarioNode
        switch ScenarioNode.parse(text, file: path) {
        case .failure(let d): return .failure(ConfigErrors([d]))
        case .success(nil):
            return .failure(ConfigErrors([ConfigDiagnostic(ConfigLocation(file: path, line: 1, column: 1),
                                                           "scenario file is empty; expected a mapping with config and scenarios")]))
        case .success(let node?): root = node
        }
        var parser = ScenarioParser(file: path)
        let file = parser.file(root)
        guard parser.diagnostics.isEmpty, let file else {
            return .failure(ConfigErrors(parser.diagnostics.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }))
        }
        return .success(file)
    }

    mutating func error(_ location: ConfigLocation, _ message: String) {
        diagnostics.append(ConfigDiagnostic(location, message))
    }

    private mutating func file(_ root: ScenarioNode) -> ScenarioFile? {
        guard let top = entries(root, of: "the scenario file", allowed: Self.topKeys) else { return nil }
        guard let configNode = top.first(where: { $0.key == "config" })?.value else {
            error(root.location, "missing key 'config' (the config file to test, relative to this file)")
            return nil
        }
        let config = string(configNode, "config")
        let topic = top.first { $0.key == "topic" }.flatMap { e in string(e.value, "topic").map { (name: $0, location: e.value.location) } }
        let start = top.first { $0.key == "start" }.flatMap { time($0.value, "start", start: nil) }
        let tables = top.first { $0.key == "tables" }.map { tableRows($0.value) } ?? []
        let profiles = top.first { $0.key == "profiles" }.map { self.profiles($0.value) } ?? []
        var scenarios: [Scenario] = []
        if let list = top.first(where: { $0.key == "scenarios" })?.value {
            guard case .sequence(let items, _) = list, !items.isEmpty else {
                error(list.location, "expected a non-empty list of scenarios, got \(list.kindDescription)")
                return nil
            }
            var seen: [String: ConfigLocation] = [:]
            for item in items {
                guard let s = scenario(item, start: start) else { continue }
                if let first = seen[s.name] {
                    error(s.location, "duplicate scenario name '\(s.name)' (first at \(first.line):\(first.column))")
                }
                seen[s.name] = seen[s.name] ?? s.location
                scenarios.append(s)
            }
        } else {
            error(root.location, "missing key 'scenarios' (a list of scenarios)")
        }
        guard let config else { return nil }
        return ScenarioFile(path: file, configPath: Self.resolve(config, relativeTo: file), configLocation: configNode.location,
                            topic: topic, tables: tables, profiles: profiles, scenarios: scenarios)
    }

    /// `config:` is relative to the scenario file, so a suite runs from any working directory.
    static func resolve(_ path: String, relativeTo file: String) -> String {
        guard !path.hasPrefix("/"), let slash = file.lastIndex(of: "/") else { return path }
        return String(file[...slash]) + path
    }

    // MARK: value readers

    /// The entries of a mapping, after reporting keys outside `allowed`.
    mutating func entries(_ node: ScenarioNode, of what: String, allowed: [String]) -> [ScenarioNode.Entry]? {
        guard case .mapping(let entries, _) = node else {
            error(node.location, "expected a mapping for \(what), got \(node.kindDescription)")
            return nil
        }
        for e in entries where !allowed.contains(e.key) {
            let hint = Self.closest(to: e.key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
            error(e.keyLocation, "unknown key '\(e.key)' in \(what)\(hint)")
        }
        return entries.filter { allowed.contains($0.key) && !$0.value.isNull }
    }

    mutating func string(_ node: ScenarioNode, _ key: String) -> String? {
        if case .scalar(let s) = node, case .string(let text) = CoreScalar.value(of: s), !text.isEmpty { return text }
        // Numbers and booleans are fine as text where text is expected (`customer_id: 42`).
        if case .scalar(let s) = node, case .number = CoreScalar.value(of: s) { return s.text }
        if case .scalar(let s) = node, case .bool = CoreScalar.value(of: s) { return s.text }
        error(node.location, "expected a non-empty string for '\(key)', got \(node.kindDescription)")
        return nil
    }

    mutating func positiveInt(_ node: ScenarioNode, _ key: String) -> Int? {
        if case .scalar(let s) = node, s.isPlain, let v = Int(s.text), v >= 1 { return v }
        error(node.location, "expected a positive integer for '\(key)', got \(node.kindDescription)")
        return nil
    }

    mutating func bool(_ node: ScenarioNode, _ key: String) -> Bool? {
        if case .scalar(let s) = node, case .bool(let b) = CoreScalar.value(of: s) { return b }
        error(node.location, "expected true or false for '\(key)', got \(node.kindDescription)")
        return nil
    }

    /// An RFC 3339 string, an integer (epoch ms), or `+DURATION` after `start`.
    mutating func time(_ node: ScenarioNode, _ key: String, start: Int64?) -> Int64? {
        guard case .scalar(let s) = node else {
            error(node.location, "expected a time for '\(key)', got \(node.kindDescription)")
            return nil
        }
        if s.isPlain, let ms = Int64(s.text) { return ms }
        if s.text.hasPrefix("+") {
            guard let offset = DurationParser.milliseconds(String(s.text.dropFirst())) else {
                error(s.location, "invalid duration '\(s.text)' for '\(key)' (expected e.g. +30m, +1h30m, +500ms)")
                return nil
            }
            guard let start else {
                error(s.location, "relative time '\(s.text)' for '\(key)' needs a 'start' time (on the scenario or the file)")
                return nil
            }
            return start + offset
        }
        if let ms = UTCTime.parse(s.text) { return ms }
        error(s.location, "invalid time '\(s.text)' for '\(key)' (expected RFC 3339 such as 2026-03-01T10:00:00Z, "
            + "epoch milliseconds, or +DURATION after 'start')")
        return nil
    }

    static func closest(to word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for c in candidates {
            let d = distance(Array(word.unicodeScalars), Array(c.unicodeScalars))
            if d <= 2, d < (best?.1 ?? .max) { best = (c, d) }
        }
        return best?.0
    }

    private static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
