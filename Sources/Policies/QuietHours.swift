/// A daily period in the customer's local time when marketing is not sent, e.g. 21:00–08:00.
///
/// Times are minutes after local midnight, start inclusive, end exclusive; a start after the
/// end crosses midnight. Wall-clock minutes (not offsets from midnight in elapsed time) so
/// "08:00" means 08:00 on the clock even on a day of 23 or 25 hours.
public struct QuietHours: Sendable, Equatable {
    public var startMinute: Int
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// `QuietHours(from: (21, 0), to: (8, 0))`.
    public init(from start: (hour: Int, minute: Int), to end: (hour: Int, minute: Int)) {
        self.init(startMinute: start.hour * 60 + start.minute, endMinute: end.hour * 60 + end.minute)
    }

    /// Whether the local wall-clock minute of the day falls in the quiet period.
    /// An empty period (start == end) is never quiet.
    func contains(minuteOfDay minute: Int) -> Bool {
        if startMinute < endMinute { return startMinute <= minute && minute < endMinute }
        if startMinute > endMinute { return minute >= startMinute || minute < endMinute }
        return false
    }

    /// When the quiet period around `atMs` ends in `clock`'s zone, or `nil` if `atMs` is not
    /// quiet: the first instant at or after `atMs` whose local time is the end time (the first
    /// one on a fall-back day, the end of the gap if the end time is skipped on a
    /// spring-forward day).
    func endOfQuiet(around atMs: Int64, in clock: LocalClock) -> Int64? {
        let local = clock.localTime(atMs: atMs)
        guard contains(minuteOfDay: local.minuteOfDay) else { return nil }
        let releaseDay = startMinute > endMinute && local.minuteOfDay >= startMinute ? local.day + 1 : local.day
        let notBefore = LocalClock.ceilDiv(atMs, 1_000)
        return clock.firstInstant(localDay: releaseDay, minuteOfDay: endMinute, notBefore: notBefore) * 1_000
    }
}
