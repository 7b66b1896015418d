/// What every pattern trigger shares: the pipeline's filter, its exit criteria, its re-entry
/// rule and the action it emits.
///
/// Kept separate from the per-kind settings so the engine can build it once per pipeline and
/// so all pattern kinds apply `where`, `cancel` and `cooldown` identically (see
/// ``PatternDriver``).
public struct PatternCommon: Sendable {
    /// The pipeline-level `where:`; all must match (an empty list matches every event). Events
    /// failing it are invisible to the pattern: never buffered, never reported late.
    public let predicates: [Predicate]
    /// Exit criteria: an event matching all of these clears the key's pending state (pending
    /// starts, partial counts, baselines) without firing. Unlike `predicates`, an empty list
    /// means "no exit criteria" — matching every event would cancel everything.
    public let cancel: [Predicate]
    /// Re-entry: after a key fires, it cannot fire again until this much event time has
    /// passed. `nil` or ≤ 0 means no cooldown.
    public let cooldownMs: Int64?
    public let action: ActionTemplate

    public init(predicates: [Predicate], cancel: [Predicate], cooldownMs: Int64?, action: ActionTemplate) {
        self.predicates = predicates
        self.cancel = cancel
        self.cooldownMs = cooldownMs
        self.action = action
    }

    /// Whether the event passes the pipeline's `where:`.
    func admits(_ event: Event) -> Bool {
        PatternPredicates.all(predicates, match: event)
    }

    /// Whether the event is an exit criterion for its key.
    func cancels(_ event: Event) -> Bool {
        !cancel.isEmpty && PatternPredicates.all(cancel, match: event)
    }
}

/// Predicate-list evaluation for the pattern kinds, kept here rather than as an extension on
/// `Array` so it cannot collide with helpers other operators define in this module.
enum PatternPredicates {
    /// Logical AND; an empty list matches every event (the `where:` convention).
    static func all(_ predicates: [Predicate], match event: Event) -> Bool {
        predicates.allSatisfy { $0.matches(event) }
    }
}
