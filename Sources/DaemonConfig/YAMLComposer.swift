import Yams

/// Turns config text into a Yams node tree, or a diagnostic pointing at the syntax error.
///
/// Yams refuses a mapping with duplicate keys outright, which would hide every other problem
/// in the file behind the first duplicate. So on that error the composer neutralises the
/// reported occurrence and composes again: it swaps the first character of that key for a
/// private-use code point (one scalar for one scalar, so every line:col stays exact) and
/// remembers the original name. The tree builder then restores the name and reports the
/// duplicate itself, at the *later* key, alongside everything else.
enum YAMLComposer {
    /// A composed document plus the keys renamed to get it past Yams' duplicate check.
    struct Document {
        var root: Node?
        /// Original key text by the (1-based) position of the renamed key node.
        var renamedKeys: [TextPosition: String]
    }

    struct TextPosition: Hashable {
        var line: Int
        var column: Int
    }

    /// Bounds the retry loop; a file with more duplicates than this gets the plain Yams error.
    private static let maxRenames = 1_000
    /// Start of the Unicode private-use area: never valid in a key the schema knows.
    private static let sentinelBase: UInt32 = 0xE000

    static func compose(_ yaml: String, file: String) -> Result<Document, ConfigDiagnostic> {
        var scalars = Array(yaml.unicodeScalars)
        var text = yaml
        var renamed: [TextPosition: String] = [:]
        for attempt in 0...maxRenames {
            do {
                return .success(Document(root: try Yams.compose(yaml: text), renamedKeys: renamed))
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                let position = TextPosition(line: context.mark.line, column: context.mark.column)
                let original = duplicates.first ?? "?"
                guard attempt < maxRenames, renamed[position] == nil,
                      let sentinel = Unicode.Scalar(sentinelBase + UInt32(attempt)),
                      rename(keyAt: position, in: &scalars, to: sentinel)
                else {
                    return .failure(ConfigDiagnostic(location(position, file), "duplicate key '\(original)'"))
                }
                renamed[position] = original
                text = String(String.UnicodeScalarView(scalars))
            } catch let error as YamlError {
                return .failure(diagnostic(for: error, file: file))
            } catch {
                return .failure(ConfigDiagnostic(location(TextPosition(line: 1, column: 1), file), "invalid YAML: \(error)"))
            }
        }
        return .failure(ConfigDiagnostic(location(TextPosition(line: 1, column: 1), file), "invalid YAML"))
    }

    /// Replaces the first content character of the key scalar starting at `position`.
    ///
    /// Gives up (returns false) on keys where one swapped character could change the YAML
    /// structure: anchored, tagged, aliased or collection keys, and quoted keys that are empty
    /// or start with an escape.
    private static func rename(keyAt position: TextPosition, in scalars: inout [Unicode.Scalar],
                               to sentinel: Unicode.Scalar) -> Bool {
        guard var index = SourceText.offset(of: position, in: scalars) else { return false }
        switch scalars[index] {
        case "\"", "'":
            let quote = scalars[index]
            index += 1
            guard index < scalars.count, scalars[index] != quote, scalars[index] != "\\" else { return false }
        case "&", "!", "*", "?", "[", "{", "|", ">":
            return false
        default:
            break
        }
        guard !SourceText.isBreakOrBlank(scalars[index]) else { return false }
        scalars[index] = sentinel
        return true
    }

    /// A libyaml scanner/parser/composer/reader error as a diagnostic at the problem position.
    private static func diagnostic(for error: YamlError, file: String) -> ConfigDiagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let at = location(TextPosition(line: mark.line, column: mark.column), file)
            if problem.contains("another document") {
                return ConfigDiagnostic(at, "invalid YAML: the config must be a single document, found another one here")
            }
            let during = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
            return ConfigDiagnostic(at, "invalid YAML: \(problem)\(during)")
        case .reader(let problem, let offset, _, let yaml):
            let position = offset.flatMap { SourceText.position(ofCharacterOffset: $0, in: yaml) }
            return ConfigDiagnostic(location(position ?? TextPosition(line: 1, column: 1), file), "invalid YAML: \(problem)")
        default:
            return ConfigDiagnostic(location(TextPosition(line: 1, column: 1), file), "invalid YAML: \(error)")
        }
    }

    private static func location(_ position: TextPosition, _ file: String) -> ConfigLocation {
        ConfigLocation(file: file, line: position.line, column: position.column)
    }
}
