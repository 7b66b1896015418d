/// Expands `${VAR}` references inside one scalar value, Redpanda Connect style.
///
/// Runs on scalar text *after* YAML parsing rather than on the raw file, for two reasons:
/// line:col of every node stays exactly what the user wrote, and an environment value can never
/// inject YAML structure (a value containing `: ` or a newline stays one string).
///
/// - `${VAR}`: the value of `VAR`; an error if `VAR` is not set (set-but-empty is fine).
/// - `${VAR:default}`: `default` if `VAR` is unset *or empty* (shell `${VAR:-x}` semantics). The
///   default runs to the first `}`, may be empty and may contain `:` (`${BROKERS:host:9092}`).
/// - `$${`: a literal `${`, for text such as a message that really contains `${`.
///
/// Names use Redpanda Connect's alphabet `[A-Za-z0-9_.]`; anything else after `${` is reported
/// instead of being passed through, because a silently literal `${typo}` is worse than an error.
enum EnvironmentInterpolation {
    enum Problem: Error, Equatable {
        case unset(name: String)
        case unterminated
        case invalidName(reference: String)

        var message: String {
            switch self {
            case .unset(let name):
                "environment variable '\(name)' is not set"
            case .unterminated:
                "unterminated '${' in value (write '$${' for a literal '${')"
            case .invalidName(let reference):
                "invalid environment variable reference '\(reference)' "
                    + "(names use A-Z, a-z, 0-9, '_' and '.'; write '$${' for a literal '${')"
            }
        }
    }

    /// The expanded text, and every problem found in it (each unresolvable reference is dropped).
    struct Expansion: Equatable {
        var text: String
        var problems: [Problem] = []
    }

    static func expand(_ text: String, environment: [String: String]) -> Expansion {
        // Fast path: nearly every scalar has no `$` at all.
        guard text.utf8.contains(UInt8(ascii: "$")) else { return Expansion(text: text) }
        var output = ""
        var problems: [Problem] = []
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            rest = rest[dollar...]
            if rest.hasPrefix("$${") {
                output += "${"
                rest = rest.dropFirst(3)
            } else if rest.hasPrefix("${") {
                guard let close = rest.firstIndex(of: "}") else {
                    problems.append(.unterminated)
                    output += rest
                    rest = rest[rest.endIndex...]
                    break
                }
                let body = rest[rest.index(rest.startIndex, offsetBy: 2)..<close]
                switch resolve(body, environment: environment) {
                case .success(let value): output += value
                case .failure(let problem): problems.append(problem)
                }
                rest = rest[rest.index(after: close)...]
            } else {
                output += "$"
                rest = rest.dropFirst()
            }
        }
        output += rest
        return Expansion(text: output, problems: problems)
    }

    /// Resolves the inside of one `${...}`.
    private static func resolve(_ body: Substring, environment: [String: String]) -> Result<String, Problem> {
        let colon = body.firstIndex(of: ":")
        let name = body[..<(colon ?? body.endIndex)]
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(isNameCharacter) else {
            return .failure(.invalidName(reference: "${\(body)}"))
        }
        let value = environment[String(name)]
        guard let colon else {
            return value.map(Result.success) ?? .failure(.unset(name: String(name)))
        }
        if let value, !value.isEmpty { return .success(value) }
        return .success(String(body[body.index(after: colon)...]))
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", ".": true
        default: false
        }
    }
}
