/// Names that become field names of an event or a result (aggregate names, table names, join
/// aliases): letters, digits and '_' only. A '.' would split the name when a dotted field path
/// or a template (`{{profile.name}}`) reaches into it, and other punctuation is easy to mistype
/// in a template, so the shape is checked at load time rather than discovered as an empty render.
enum Identifier {
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "_": true
            default: false
            }
        }
    }
}

extension ConfigNode {
    /// A non-empty `Identifier`; `what` names it in the message (`table name`), `rule` says why.
    func identifier(_ path: String, what: String, rule: String, _ diagnostics: inout DiagnosticCollector) -> String? {
        guard let name = nonEmptyString(path, &diagnostics) else { return nil }
        guard Identifier.isValid(name) else {
            diagnostics.error(location, "invalid \(what) '\(name)' for \(path); \(rule)")
            return nil
        }
        return name
    }
}
