/// The start (A) event's fields as a followed_by's `then` predicates and templates see them:
/// under `start.` (`{{start.order_id}}`, `{field: ts, gt_field: start.promised_delivery}`).
///
/// Why a prefix and not a merge: B's own `order_id` and A's must both stay addressable, and a
/// prefix says in the config which event a name comes from.
///
/// Why only some fields are kept: a pending A lives in state (memory, checkpoints, changelog)
/// for up to `within`, so it keeps just the top-level fields something reads — the heads of
/// the `start.*` paths in `then` and in the templates, and of the `same` fields. A whole
/// top-level value is kept (`start.order.id` keeps `order`), which keeps nested paths simple.
public enum FollowedByStartFields {
    /// The name A's fields appear under.
    public static let prefix = "start"

    /// Whether `path` reads the start event (`start.x`, not a bare `start`).
    static func readsStart(_ path: FieldPath) -> Bool {
        path.components.count > 1 && path.components[0] == prefix
    }

    /// Whether a predicate can only be judged with A at hand.
    static func needsStart(_ predicate: Predicate) -> Bool {
        predicate.fieldPaths.contains(where: readsStart)
    }

    /// The top-level fields of A to keep, each once, in first-use order.
    ///
    /// Template names are found as ``TemplateFieldCheck`` finds them: `start.x…` anywhere, and
    /// `x` directly inside a `{{#start}}` section. A name that cannot be told apart from B's
    /// (inside a section over something else) is not kept.
    static func keptFields(then: [Predicate], templates: [String], same: [FieldPath]) -> [String] {
        var heads: [String] = []
        func keep(_ head: String) {
            if !head.isEmpty, !heads.contains(head) { heads.append(head) }
        }
        for path in then.flatMap(\.fieldPaths) where readsStart(path) { keep(path.components[1]) }
        for reference in templates.flatMap(TemplateScanner.references(in:)) {
            let path = FieldPath(reference.name)
            if readsStart(path) {
                keep(path.components[1])
            } else if reference.contexts.first == prefix, let head = path.components.first {
                // `{{#start}}{{order_id}}{{/start}}` (or `.order_id`).
                keep(head.isEmpty ? path.components.dropFirst().first ?? "" : head)
            }
        }
        for path in same { path.components.first.map(keep) }
        return heads
    }
}
