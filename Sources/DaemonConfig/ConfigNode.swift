/// The config document after YAML parsing and `${VAR}` interpolation, before the schema is applied.
///
/// Yams' `Node` is reduced to the three shapes the schema cares about, each carrying a
/// `ConfigLocation`, so that every schema check downstream can point at exact text without
/// knowing anything about Yams. Mapping keys are plain strings (never interpolated) and
/// already de-duplicated: the tree builder reports later duplicates and keeps the first.
enum ConfigNode {
    case scalar(ScalarNode)
    case mapping(MappingNode)
    case sequence(SequenceNode)

    var location: ConfigLocation {
        switch self {
        case .scalar(let scalar): scalar.location
        case .mapping(let mapping): mapping.location
        case .sequence(let sequence): sequence.location
        }
    }

    /// True for a scalar that YAML types as null (`~`, `null`, an empty plain value).
    ///
    /// Optional keys treat null like absence, so a sample config can leave `metrics:` with all
    /// its children commented out, and `${VAR:}` can switch an optional field off.
    var isNull: Bool {
        if case .scalar(let scalar) = self, scalar.value == .null, !scalar.isUnresolved { return true }
        return false
    }

    /// Where the value of `key` stands, if this is a mapping holding it: lets list-level checks
    /// (duplicate topics, duplicate names) point at the offending value rather than the item.
    func valueLocation(of key: String) -> ConfigLocation? {
        guard case .mapping(let mapping) = self else { return nil }
        return mapping[key]?.value.location
    }

    /// What was found, for "expected X, got Y" messages.
    var kindDescription: String {
        switch self {
        case .scalar(let scalar): scalar.kindDescription
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}

/// A scalar value: its text after interpolation and its type under YAML's core schema.
struct ScalarNode {
    /// The text after interpolation; used when a setting wants a string whatever the YAML type.
    var text: String
    /// Typed per the YAML 1.2 core schema for plain scalars; always `.string` for quoted ones.
    var value: ConfigValue
    var location: ConfigLocation
    /// Interpolation failed and was already diagnosed; readers skip this value silently
    /// rather than pile follow-on errors ("expected an integer") onto one root cause.
    var isUnresolved: Bool = false

    var kindDescription: String {
        switch value {
        case .string(let string): "string '\(Self.abbreviated(string))'"
        case .int(let int): "integer \(int)"
        case .double: "number \(text)"
        case .bool(let bool): "boolean \(bool)"
        case .null: "null"
        case .list: "a list"
        }
    }

    /// Keeps messages one line long even when a whole template lands in the wrong field.
    private static func abbreviated(_ string: String) -> String {
        var singleLine = ""
        for scalar in string.unicodeScalars {
            if scalar == "\n" { singleLine += "\\n" } else { singleLine.unicodeScalars.append(scalar) }
        }
        return singleLine.count <= 40 ? singleLine : String(singleLine.prefix(37)) + "..."
    }
}

/// A mapping with unique keys, in file order.
struct MappingNode {
    struct Entry {
        var key: String
        var keyLocation: ConfigLocation
        var value: ConfigNode
    }

    var entries: [Entry]
    var location: ConfigLocation

    subscript(key: String) -> Entry? { entries.first { $0.key == key } }
}

/// A YAML sequence, in file order.
struct SequenceNode {
    var items: [ConfigNode]
    var location: ConfigLocation
}
