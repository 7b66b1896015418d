import DaemonConfig
import Yams

/// A scenario file's YAML, reduced to what the scenario schema reads, each node with its
/// position, so every complaint about the file can be printed as `file:line:col: message`.
///
/// Why not DaemonConfig's tree: it is internal to that module and interpolates `${VAR}`; a
/// scenario's events are data and must reach the engine exactly as written.
indirect enum ScenarioNode {
    case scalar(Scalar)
    case mapping([Entry], ConfigLocation)
    case sequence([ScenarioNode], ConfigLocation)

    struct Scalar {
        var text: String
        /// Plain (unquoted) scalars are typed per the YAML 1.2 core schema; quoted ones are text.
        var isPlain: Bool
        var location: ConfigLocation
    }

    struct Entry {
        var key: String
        var keyLocation: ConfigLocation
        var value: ScenarioNode
    }

    var location: ConfigLocation {
        switch self {
        case .scalar(let s): s.location
        case .mapping(_, let l), .sequence(_, let l): l
        }
    }

    /// What was found, for "expected X, got Y" messages.
    var kindDescription: String {
        switch self {
        case .scalar(let s):
            switch CoreScalar.value(of: s) {
            case .string: "a string"
            case .number: "a number"
            case .bool: "a boolean"
            case .null: "null"
            default: "a scalar"
            }
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    /// True for `~`, `null` or an empty plain value: optional keys treat it like absence.
    var isNull: Bool {
        if case .scalar(let s) = self, CoreScalar.value(of: s) == .null { return true }
        return false
    }
}

extension ScenarioNode {
    /// Parses one YAML document; a syntax error becomes a single diagnostic at its position.
    static func parse(_ text: String, file: String) -> Result<ScenarioNode?, ConfigDiagnostic> {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, file: file))
        } catch {
            return .failure(ConfigDiagnostic(ConfigLocation(file: file, line: 1, column: 1), "invalid YAML: \(error)"))
        }
        return .success(root.map { convert($0, file: file) })
    }

    private static func convert(_ node: Node, file: String) -> ScenarioNode {
        func at(_ mark: Mark?) -> ConfigLocation {
            ConfigLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
        }
        switch node {
        case .scalar(let s):
            return .scalar(Scalar(text: s.string, isPlain: s.style == .plain, location: at(s.mark)))
        case .sequence(let seq):
            return .sequence(seq.map { convert($0, file: file) }, at(seq.mark))
        case .mapping(let map):
            let entries = map.map { pair in
                Entry(key: pair.key.scalar?.string ?? "", keyLocation: at(pair.key.mark), value: convert(pair.value, file: file))
            }
            return .mapping(entries, at(map.mark))
        case .alias(let alias):
            // Yams resolves aliases while composing; one left over carries no value.
            return .scalar(Scalar(text: "", isPlain: true, location: at(alias.mark)))
        }
    }

    private static func diagnostic(for error: YamlError, file: String) -> ConfigDiagnostic {
        func at(_ line: Int, _ column: Int) -> ConfigLocation { ConfigLocation(file: file, line: line, column: column) }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigDiagnostic(at(mark.line, mark.column), "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigDiagnostic(at(context.mark.line, context.mark.column),
                                    "duplicate key '\(duplicates.first ?? "?")'")
        default:
            return ConfigDiagnostic(at(1, 1), "invalid YAML: \(error)")
        }
    }
}
