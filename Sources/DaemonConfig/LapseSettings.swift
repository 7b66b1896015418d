/// `kind: lapse` settings (YAML keys in parentheses): fire once per deadline when the key has
/// been quiet for `quiet_for` while the deadline is at most `lead` away — the renewal offer of
/// docs/TRIGGERS.md section 6 ("expires within 30 days, no visit in the last 60 days").
public struct LapseSettings: Sendable, Equatable {
    /// `deadline.when`: events that set (or move) the key's deadline.
    public var deadlineWhen: [PredicateSettings]
    /// `deadline.field`: where those events carry it (epoch ms or RFC 3339).
    public var deadlineField: String
    /// `activity`: events that count as activity (a visit).
    public var activity: [PredicateSettings]
    /// `started_when` (optional): events from which a key with no activity yet counts as quiet
    /// (a membership start); without one, such a key has been quiet forever.
    public var startedWhen: [PredicateSettings]
    /// `quiet_for`: how long without activity.
    public var quietMs: Int64
    /// `lead`: how far before the deadline the key may fire.
    public var leadMs: Int64
    /// `cancel`: exit criteria, the key's whole state is dropped.
    public var cancel: [PredicateSettings]
    /// `cooldown`: after firing, the key stays silent for this long.
    public var cooldownMs: Int64?
    public var location: ConfigLocation

    public init(deadlineWhen: [PredicateSettings], deadlineField: String, activity: [PredicateSettings],
                startedWhen: [PredicateSettings] = [], quietMs: Int64, leadMs: Int64, cancel: [PredicateSettings] = [],
                cooldownMs: Int64? = nil, location: ConfigLocation) {
        self.deadlineWhen = deadlineWhen; self.deadlineField = deadlineField; self.activity = activity
        self.startedWhen = startedWhen; self.quietMs = quietMs; self.leadMs = leadMs; self.cancel = cancel
        self.cooldownMs = cooldownMs; self.location = location
    }
}
