import Yams

/// Converts a Yams node tree into `ConfigNode`s: interpolates scalar values, types them, turns
/// keys into strings and reports duplicate keys.
///
/// This is the only place that sees both Yams and the environment. Keys are never interpolated:
/// the schema is fixed, and a key that changes with the environment could not be checked.
struct ConfigTreeBuilder {
    var file: String
    var environment: [String: String]
    /// Keys the composer renamed to get past Yams' duplicate check, to be restored here.
    var renamedKeys: [YAMLComposer.TextPosition: String] = [:]

    func build(_ node: Node, path: String, diagnostics: inout DiagnosticCollector) -> ConfigNode {
        switch node {
        case .scalar(let scalar):
            return .scalar(build(scalar, diagnostics: &diagnostics))
        case .sequence(let sequence):
            let items = sequence.enumerated().map { index, item in
                build(item, path: ConfigPath.item(path, index), diagnostics: &diagnostics)
            }
            return .sequence(SequenceNode(items: items, location: location(of: sequence.mark)))
        case .mapping(let mapping):
            return .mapping(build(mapping, path: path, diagnostics: &diagnostics))
        case .alias(let alias):
            // Yams resolves aliases while composing; an unresolved one is not a usable value.
            let location = location(of: alias.mark)
            diagnostics.error(location, "unsupported YAML alias '*\(alias.anchor.rawValue)'")
            return .scalar(ScalarNode(text: "", value: .null, location: location, isUnresolved: true))
        }
    }

    /// Keeps the first occurrence of each key and reports every later one at its own key: that
    /// is the line that would silently have no effect, so that is where the fix goes.
    private func build(_ mapping: Node.Mapping, path: String, diagnostics: inout DiagnosticCollector) -> MappingNode {
        var entries: [MappingNode.Entry] = []
        for (keyNode, valueNode) in mapping {
            let keyLocation = location(of: keyNode.mark)
            guard let key = keyName(keyNode) else {
                diagnostics.error(keyLocation,
                                  "mapping keys must be strings, got \(keyNode.kindName) \(ConfigPath.scope(path))")
                continue
            }
            if let first = entries.first(where: { $0.key == key }) {
                let firstAt = "\(first.keyLocation.line):\(first.keyLocation.column)"
                diagnostics.error(keyLocation,
                                  "duplicate key '\(key)' \(ConfigPath.scope(path)) (first defined at \(firstAt))")
                continue
            }
            let value = build(valueNode, path: ConfigPath.child(path, key), diagnostics: &diagnostics)
            entries.append(MappingNode.Entry(key: key, keyLocation: keyLocation, value: value))
        }
        return MappingNode(entries: entries, location: location(of: mapping.mark))
    }

    private func build(_ scalar: Node.Scalar, diagnostics: inout DiagnosticCollector) -> ScalarNode {
        let location = location(of: scalar.mark)
        let expansion = EnvironmentInterpolation.expand(scalar.string, environment: environment)
        guard expansion.problems.isEmpty else {
            for problem in expansion.problems { diagnostics.error(location, problem.message) }
            return ScalarNode(text: scalar.string, value: .string(scalar.string), location: location, isUnresolved: true)
        }
        let value = Self.isTypedByCoreSchema(scalar) ? CoreSchema.value(ofPlain: expansion.text) : .string(expansion.text)
        return ScalarNode(text: expansion.text, value: value, location: location)
    }

    /// Only plain scalars are typed: quoting (or a block scalar, or an explicit `!!str`/`!` tag)
    /// is how a user says "this is text", and interpolation must not undo that.
    private static func isTypedByCoreSchema(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && scalar.tag.rawValue != Tag.Name.str.rawValue && scalar.tag.rawValue != "!"
    }

    private func keyName(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        if let mark = scalar.mark, let original = renamedKeys[.init(line: mark.line, column: mark.column)] {
            return original
        }
        return scalar.string
    }

    private func location(of mark: Mark?) -> ConfigLocation {
        ConfigLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }
}

private extension Node {
    var kindName: String {
        switch self {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
