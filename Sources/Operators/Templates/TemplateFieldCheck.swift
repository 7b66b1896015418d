/// Checks that a template names only fields its events can have, so `validate` catches
/// `{{oder_id}}` before it renders as an empty string in a customer's SMS.
///
/// Names are resolved the way Mustache looks them up: inside `{{#order}}…{{/order}}` a name is
/// tried under `order` first, then outside; `.x` only under the innermost section. What is
/// known:
/// - **declared** paths (an input's `fields:`) and their parents (`profile` for `profile.name`).
///   Below a declared path that has declared sub-paths, only those are known; below one that has
///   none, anything is (its value may be an object the config does not describe), so declaring
///   `order` accepts `{{order.id}}` and declaring `order.id` rejects `{{order.idd}}`;
/// - **open** names, whose whole subtree is accepted: join aliases (a table row may hold any
///   field), values a pipeline kind adds itself, `key` and `event_time`.
///
/// Inside a section over a value whose shape is not declared (a leaf, an alias), a name cannot
/// be judged — the item may have it — so it is accepted: the check never rejects a template
/// that can render a value; it only catches names nothing could supply.
public struct TemplateFieldCheck: Sendable {
    /// A name the template uses that nothing declares, with the closest known name if any.
    public struct Unknown: Sendable, Equatable {
        public var name: String
        public var suggestion: String?
        public init(name: String, suggestion: String?) { self.name = name; self.suggestion = suggestion }
    }

    /// Where a name resolved: a known path (checked strictly below), or a value of unknown shape.
    private enum Scope: Equatable {
        case path(String)
        case anything
    }

    /// Declared paths and their parents.
    private let known: Set<String>
    /// Paths below which anything is accepted: declared leaves and the open names.
    private let open: Set<String>
    /// Everything known, in declaration order, for "did you mean".
    private let candidates: [String]

    public init(declared: [String], open: [String]) {
        var known: [String] = []
        for path in declared {
            let components = path.split(separator: ".", omittingEmptySubsequences: false)
            for end in 1...max(1, components.count) { known.append(components.prefix(end).joined(separator: ".")) }
        }
        let parents = Set(declared.flatMap { path in
            let components = path.split(separator: ".", omittingEmptySubsequences: false)
            return (1..<max(1, components.count)).map { components.prefix($0).joined(separator: ".") }
        })
        self.known = Set(known)
        self.open = Set(open + declared.filter { !parents.contains($0) })
        var seen = Set<String>()
        self.candidates = (known + open).filter { seen.insert($0).inserted }
    }

    /// The unknown names `template` uses, each once, in template order. For a per-locale message,
    /// check each locale's template (``LocalizedTemplates/variants``) on its own.
    public func unknownFields(in template: MessageTemplate) -> [Unknown] {
        unknownFields(in: TemplateScanner.references(in: template.source))
    }

    /// Whether a field path (e.g. `locale_field`) names something known at the event's root.
    public func knows(_ path: String) -> Bool {
        resolve(path, in: []) != nil
    }

    func unknownFields(in references: [TemplateReference]) -> [Unknown] {
        var unknown: [Unknown] = []
        var reported = Set<String>()
        for reference in references {
            var contexts: [Scope] = []
            for name in reference.contexts {
                // A section over an unknown name was reported itself; what is inside it is not.
                contexts.append(resolve(name, in: contexts) ?? .anything)
            }
            guard resolve(reference.name, in: contexts) == nil, reported.insert(reference.name).inserted else { continue }
            unknown.append(Unknown(name: reference.name, suggestion: suggestion(for: reference.name, in: contexts)))
        }
        return unknown
    }

    private func resolve(_ name: String, in contexts: [Scope]) -> Scope? {
        if name.hasPrefix(".") {
            let relative = String(name.dropFirst())
            switch contexts.last {
            case nil: return lookup(relative)
            case .anything?: return .anything
            case .path(let base)?: return lookup(base + "." + relative)
            }
        }
        let first = String(name.prefix { $0 != "." })
        for context in contexts.reversed() {
            switch context {
            case .anything:
                return .anything
            case .path(let base):
                // Mustache takes the first context holding the name's head and does not climb further.
                if lookup(base + "." + first) != nil { return lookup(base + "." + name) }
            }
        }
        return lookup(name)
    }

    private func lookup(_ path: String) -> Scope? {
        var prefix = ""
        for component in path.split(separator: ".", omittingEmptySubsequences: false) {
            prefix = prefix.isEmpty ? String(component) : prefix + "." + component
            if open.contains(prefix) { return .anything }
        }
        return known.contains(path) ? .path(path) : nil
    }

    /// The closest known name, also as written relative to the innermost section.
    private func suggestion(for name: String, in contexts: [Scope]) -> String? {
        var names = candidates
        if case .path(let base)? = contexts.last {
            names = candidates.compactMap { $0.hasPrefix(base + ".") ? String($0.dropFirst(base.count + 1)) : nil } + names
        }
        return Self.closest(to: name, in: names)
    }

    /// Within two edits, ties to the earlier candidate (as the config schema's suggestions).
    public static func closest(to word: String, in candidates: [String]) -> String? {
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let distance = levenshtein(Array(word.unicodeScalars), Array(candidate.unicodeScalars))
            if distance <= 2, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.candidate
    }

    static func levenshtein(_ left: [Unicode.Scalar], _ right: [Unicode.Scalar]) -> Int {
        guard !left.isEmpty else { return right.count }
        guard !right.isEmpty else { return left.count }
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for i in 1...left.count {
            current[0] = i
            for j in 1...right.count {
                let substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }
}
