/// Typed reads of single config values. Each reader either returns a valid value or records
/// one diagnostic at the value and returns nil; none of them stops the overall check.
///
/// Mismatches are phrased "expected X for path, got Y" so the message names both the type the
/// schema wants and what the YAML actually held (`got string '4'` shows the stray quotes).
extension ConfigNode {
    /// Any non-null scalar, as written (after interpolation).
    ///
    /// Settings that are strings (topics, group ids, paths) accept `2024` or `true` unquoted:
    /// Kafka names are often numeric-looking and forcing quotes there would only annoy.
    func string(_ path: String, _ diagnostics: inout DiagnosticCollector) -> String? {
        scalar(expecting: "a string", path, &diagnostics)?.text
    }

    func nonEmptyString(_ path: String, _ diagnostics: inout DiagnosticCollector) -> String? {
        guard let text = string(path, &diagnostics) else { return nil }
        guard !text.isEmpty else {
            diagnostics.error(location, "\(path) must not be empty")
            return nil
        }
        return text
    }

    func integer(_ path: String, minimum: Int, _ diagnostics: inout DiagnosticCollector) -> Int? {
        guard let scalar = scalar(expecting: "an integer", path, &diagnostics) else { return nil }
        guard case .int(let wide) = scalar.value, let value = Int(exactly: wide) else {
            return mismatch(expecting: "an integer", path, &diagnostics)
        }
        guard value >= minimum else {
            diagnostics.error(location, "\(path) must be at least \(minimum), got \(value)")
            return nil
        }
        return value
    }

    func bool(_ path: String, _ diagnostics: inout DiagnosticCollector) -> Bool? {
        let expected = "a boolean (true or false)"
        guard let scalar = scalar(expecting: expected, path, &diagnostics) else { return nil }
        guard case .bool(let value) = scalar.value else { return mismatch(expecting: expected, path, &diagnostics) }
        return value
    }

    /// A duration in milliseconds, written as `500ms`, `10s`, `1h30m` (see `DurationParser`).
    ///
    /// Positive unless `allowZero`: most durations are intervals or horizons where zero would spin
    /// or never match; only slack settings (`grace`, `max_out_of_orderness`) mean something at zero.
    func duration(_ path: String, allowZero: Bool = false, _ diagnostics: inout DiagnosticCollector) -> Int64? {
        let expected = "a duration such as 500ms, 10s or 1h30m"
        guard let scalar = scalar(expecting: expected, path, &diagnostics) else { return nil }
        guard case .string(let text) = scalar.value else { return mismatch(expecting: expected, path, &diagnostics) }
        guard let milliseconds = DurationParser.milliseconds(text) else {
            diagnostics.error(location, "invalid duration '\(text)' for \(path) \(DurationParser.examples)")
            return nil
        }
        guard milliseconds > 0 || allowZero else {
            diagnostics.error(location, "\(path) must be greater than zero, got '\(text)'")
            return nil
        }
        return milliseconds
    }

    /// A positive byte count: a plain integer or a size with an IEC unit (`64KiB`, `1MiB`).
    func byteSize(_ path: String, _ diagnostics: inout DiagnosticCollector) -> Int? {
        let expected = "a size in bytes such as 1048576 or 1MiB"
        guard let scalar = scalar(expecting: expected, path, &diagnostics) else { return nil }
        let bytes: Int
        switch scalar.value {
        case .int(let wide):
            guard let value = Int(exactly: wide) else { return mismatch(expecting: expected, path, &diagnostics) }
            bytes = value
        case .string(let text):
            guard let value = ByteSizeParser.bytes(text) else {
                let units = ByteSizeParser.unitNames.joined(separator: ", ")
                diagnostics.error(location, "invalid size '\(text)' for \(path); expected bytes or digits "
                    + "and a unit (\(units)), e.g. 64KiB or 1MiB")
                return nil
            }
            bytes = value
        default:
            return mismatch(expecting: expected, path, &diagnostics)
        }
        guard bytes > 0 else {
            diagnostics.error(location, "\(path) must be greater than zero, got \(scalar.text)")
            return nil
        }
        return bytes
    }

    /// One of an enum's raw values, suggesting the nearest one on a typo.
    func choice<Choice: RawRepresentable & CaseIterable>(_ path: String, _ diagnostics: inout DiagnosticCollector) -> Choice?
    where Choice.RawValue == String {
        let valid = Choice.allCases.map(\.rawValue)
        guard let text = string(path, &diagnostics) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            diagnostics.error(location, "unknown value '\(text)' for \(path); expected one of: "
                + valid.joined(separator: ", ") + Suggestion.hint(for: text, in: valid))
            return nil
        }
        return choice
    }

    func mapping(_ path: String, _ diagnostics: inout DiagnosticCollector) -> MappingNode? {
        switch self {
        case .mapping(let mapping): return mapping
        case .scalar(let scalar) where scalar.isUnresolved: return nil
        default: return mismatch(expecting: "a mapping", path, &diagnostics)
        }
    }

    func sequence(_ path: String, _ diagnostics: inout DiagnosticCollector) -> SequenceNode? {
        switch self {
        case .sequence(let sequence): return sequence
        case .scalar(let scalar) where scalar.isUnresolved: return nil
        default: return mismatch(expecting: "a list", path, &diagnostics)
        }
    }

    /// A JSON field path such as `order.total` (see `FieldPath`).
    func fieldPath(_ path: String, _ diagnostics: inout DiagnosticCollector) -> String? {
        guard let text = string(path, &diagnostics) else { return nil }
        guard FieldPath.isValid(text) else {
            diagnostics.error(location, "invalid field path '\(text)' for \(path); \(FieldPath.rule)")
            return nil
        }
        return text
    }

    /// A valid Kafka topic name (see `TopicName`).
    func topicName(_ path: String, _ diagnostics: inout DiagnosticCollector) -> String? {
        guard let text = string(path, &diagnostics) else { return nil }
        guard TopicName.isValid(text) else {
            diagnostics.error(location, "invalid topic name '\(text)' for \(path); \(TopicName.rule)")
            return nil
        }
        return text
    }

    /// The scalar, or nil after reporting a collection or null where a scalar was expected.
    /// An unresolved scalar (failed interpolation) yields nil with no further message.
    func scalar(expecting expected: String, _ path: String, _ diagnostics: inout DiagnosticCollector) -> ScalarNode? {
        guard case .scalar(let scalar) = self, scalar.isUnresolved || scalar.value != .null else {
            return mismatch(expecting: expected, path, &diagnostics)
        }
        return scalar.isUnresolved ? nil : scalar
    }

    func mismatch<T>(expecting expected: String, _ path: String, _ diagnostics: inout DiagnosticCollector) -> T? {
        diagnostics.error(location, "expected \(expected) for \(path), got \(kindDescription)")
        return nil
    }
}
