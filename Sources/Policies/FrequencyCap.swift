/// At most `limit` marketing actions per customer in `days` consecutive calendar days of the
/// customer's time zone, today included: `days: 1` is "per day", `days: 7` is "per week".
///
/// Why rolling calendar days rather than ISO weeks: an ISO week resets every Monday, so a
/// 10-per-week cap would allow 10 on Sunday and 10 more on Monday; seven rolling days never
/// allow more than the limit in any seven consecutive days. Why calendar days rather than
/// rolling 24-hour periods: "3 per day" is read by people as "3 between midnight and
/// midnight" where the customer lives, which is also what a customer complaint is about.
public struct FrequencyCap: Sendable, Equatable {
    /// Names the rule in ``PolicyDecision/capped(rule:)``, decision records and counters,
    /// e.g. `daily`.
    public var name: String
    public var limit: Int
    public var days: Int

    public init(name: String, limit: Int, days: Int) {
        self.name = name
        self.limit = limit
        self.days = days
    }
}
