/// What a fan-out does, compiled from a `kind: fan_out` pipeline: who is on a key's roster,
/// what fires the key, and how one firing becomes one action per member.
///
/// Kept apart from ``FanOutLogic`` so the engine can build it from configuration without
/// seeing the logic's state types, and so tests can state a fan-out in one value.
public struct FanOutSpec: Sendable {
    /// How events of a key build its roster.
    public struct Members: Sendable {
        /// An event matching all of these adds (or refreshes) the member it names.
        public var addWhen: [Predicate]
        /// An event matching all of these removes the member it names (and its queued action).
        public var removeWhen: [Predicate]
        /// The member id: a string or integral number; it becomes the action's `customer_id`.
        public var idField: FieldPath
        /// Top-level fields of the add event kept with the member (`{{member.<name>}}`).
        public var keep: [String]
        /// A member added at event time `A` is gone for events at `A + expireAfterMs` and later.
        public var expireAfterMs: Int64
        /// Drop a member once they are selected for a notice (a waitlist is served once).
        public var removeWhenNotified: Bool

        public init(addWhen: [Predicate], removeWhen: [Predicate], idField: FieldPath, keep: [String],
                    expireAfterMs: Int64, removeWhenNotified: Bool) {
            self.addWhen = addWhen; self.removeWhen = removeWhen; self.idField = idField; self.keep = keep
            self.expireAfterMs = expireAfterMs; self.removeWhenNotified = removeWhenNotified
        }
    }

    /// What makes a key fire.
    public enum Fire: Sendable {
        /// `field − baselineField` (numbers, or times compared in ms) reached `minChange`; then
        /// again only once it moved another `minChange` from the value last announced —
        /// upwards only with `growsOnly` (a shrinking delay is never re-announced).
        case change(field: FieldPath, baselineField: FieldPath, minChange: Double, growsOnly: Bool)
        /// The numeric `field` went from ≤ 0 to > 0, tracked per value of `per` (a store) within
        /// the key; a first reading with no earlier one does not fire.
        case rises(field: FieldPath, per: FieldPath?)
        /// Every event matching all of these fires.
        case when([Predicate])
    }

    /// At most `floor(event[field] × factor)` members per firing (e.g. units × 2).
    public struct Limit: Sendable {
        public var field: FieldPath
        public var factor: Double
        public init(field: FieldPath, factor: Double) { self.field = field; self.factor = factor }
    }

    /// Members whose kept `memberField` equals the firing event's `eventField` go first (the
    /// home store); then the others. Within each group: by add time, then id.
    public struct Order: Sendable {
        public var memberField: String
        public var eventField: FieldPath
        public init(memberField: String, eventField: FieldPath) { self.memberField = memberField; self.eventField = eventField }
    }

    public var members: Members
    public var fire: Fire
    /// An event matching all of these fires once more for everyone (templates see `final`
    /// true), then the key is done: it ignores its events until `expireAfterMs` later.
    public var finalWhen: [Predicate]
    public var limit: Limit?
    public var order: Order?
    /// With ``order``: an event field holding a list of stores near the firing one. Members of
    /// other stores are then notified only if their home store is listed there and is out
    /// (level ≤ 0 or never reported); without it every member qualifies.
    public var nearbyField: FieldPath?
    /// Members per minute: member `i` (0-based) of a firing is due `i / perMinute` minutes
    /// after it, in event time; `nil` sends them all at once.
    public var pacePerMinute: Int?

    public init(members: Members, fire: Fire, finalWhen: [Predicate] = [], limit: Limit? = nil, order: Order? = nil,
                nearbyField: FieldPath? = nil, pacePerMinute: Int? = nil) {
        self.members = members; self.fire = fire; self.finalWhen = finalWhen; self.limit = limit
        self.order = order; self.nearbyField = nearbyField; self.pacePerMinute = pacePerMinute
    }
}
