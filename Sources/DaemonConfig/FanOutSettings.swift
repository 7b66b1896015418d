/// `kind: fan_out` settings (YAML keys in parentheses): one firing of a key becomes one action
/// per member of the key's roster. See docs/TRIGGERS.md sections 2 and 3 for the two uses
/// (every booked passenger of a flight; the customers waiting for a SKU).
public struct FanOutSettings: Sendable, Equatable {
    /// `members:` — how events of a key build its roster.
    public struct Members: Sendable, Equatable {
        /// `add_when`: an event matching all of these adds the member it names.
        public var addWhen: [PredicateSettings]
        /// `remove_when`: an event matching all of these removes the member (optional).
        public var removeWhen: [PredicateSettings]
        /// `id_field`: the member id; becomes the action's `customer_id`.
        public var idField: String
        /// `keep`: top-level fields of the add event kept with the member (`{{member.name}}`).
        public var keep: [String]
        /// `expire_after` (default 90d): a member added at A is gone from A + this.
        public var expireAfterMs: Int64
        /// `remove_when_notified` (default false): a member is told once (a waitlist).
        public var removeWhenNotified: Bool

        public init(addWhen: [PredicateSettings], removeWhen: [PredicateSettings] = [], idField: String,
                    keep: [String] = [], expireAfterMs: Int64 = FanOutSettings.defaultExpiryMs,
                    removeWhenNotified: Bool = false) {
            self.addWhen = addWhen; self.removeWhen = removeWhen; self.idField = idField; self.keep = keep
            self.expireAfterMs = expireAfterMs; self.removeWhenNotified = removeWhenNotified
        }
    }

    /// `fire:` — exactly one of `change`, `rises`, `when`.
    public enum Fire: Sendable, Equatable {
        /// `change: {field, baseline_field, min_change, grows_only}` (grows_only defaults to true).
        case change(field: String, baselineField: String, minChange: Double, growsOnly: Bool)
        /// `rises: {field, per}`: the level goes from ≤ 0 to > 0, per value of `per`.
        case rises(field: String, per: String?)
        /// `when: [predicates]`: every matching event fires.
        case when([PredicateSettings])
    }

    /// `limit: {field, factor}`: at most floor(field × factor) members per firing.
    public struct Limit: Sendable, Equatable {
        public var field: String
        public var factor: Double
        public init(field: String, factor: Double) { self.field = field; self.factor = factor }
    }

    /// `order: {prefer_member_field, equals_event_field}`: home-store members first.
    public struct Order: Sendable, Equatable {
        public var memberField: String
        public var eventField: String
        public init(memberField: String, eventField: String) { self.memberField = memberField; self.eventField = eventField }
    }

    /// Ninety days: how long a waitlist entry or a booking is kept unless configured.
    public static let defaultExpiryMs: Int64 = 90 * 86_400_000

    public var members: Members
    public var fire: Fire
    /// `final_when`: fire once more for everyone (`{{final}}` true), then the key is done.
    public var finalWhen: [PredicateSettings]
    /// `cancel`: exit criteria, the key's whole state is dropped without firing.
    public var cancel: [PredicateSettings]
    public var limit: Limit?
    public var order: Order?
    /// `nearby: {event_field}`: the event's list of stores near the firing one.
    public var nearbyField: String?
    /// `pace: {per_minute}`.
    public var pacePerMinute: Int?
    public var location: ConfigLocation

    public init(members: Members, fire: Fire, finalWhen: [PredicateSettings] = [], cancel: [PredicateSettings] = [],
                limit: Limit? = nil, order: Order? = nil, nearbyField: String? = nil, pacePerMinute: Int? = nil,
                location: ConfigLocation) {
        self.members = members; self.fire = fire; self.finalWhen = finalWhen; self.cancel = cancel; self.limit = limit
        self.order = order; self.nearbyField = nearbyField; self.pacePerMinute = pacePerMinute; self.location = location
    }
}
