import Foundation

/// Wall-clock arithmetic in one time zone, on epoch milliseconds.
///
/// Only the zone's UTC offset at an instant comes from Foundation (`TimeZone`, backed by the
/// system tzdata); calendar days are then plain integer arithmetic on "local seconds" (UTC
/// seconds plus the offset), which is exact for the Gregorian calendar and cannot be tripped
/// up by `Calendar`'s handling of skipped or repeated wall times. A day number identifies one
/// local calendar date (0 = 1970-01-01), whatever its length (23, 24 or 25 hours).
struct LocalClock {
    let zone: TimeZone

    static let secondsPerDay: Int64 = 86_400
    static let msPerDay: Int64 = 86_400_000

    struct LocalTime: Equatable {
        /// Local calendar date as days since 1970-01-01.
        var day: Int64
        /// Wall-clock minute of that date, 0..<1440.
        var minuteOfDay: Int
    }

    func offsetSeconds(atSecond second: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(second))))
    }

    func localTime(atMs ms: Int64) -> LocalTime {
        let second = Self.floorDiv(ms, 1_000)
        let local = second + offsetSeconds(atSecond: second)
        return LocalTime(day: Self.floorDiv(local, Self.secondsPerDay),
                         minuteOfDay: Int(Self.floorMod(local, Self.secondsPerDay) / 60))
    }

    func day(atMs ms: Int64) -> Int64 {
        localTime(atMs: ms).day
    }

    /// The earliest instant (epoch seconds) at or after `notBefore` whose wall-clock time is
    /// `minuteOfDay` on local `localDay`; if that wall time does not exist (skipped by a
    /// spring-forward), the end of the skipped gap — the first instant whose wall time is
    /// past it.
    func firstInstant(localDay: Int64, minuteOfDay: Int, notBefore: Int64) -> Int64 {
        let wall = localDay * Self.secondsPerDay + Int64(minuteOfDay) * 60
        // Offsets a day either side bracket any transition near `wall` (zones change offset
        // at most a few times a year); an instant is a valid reading of `wall` if the zone's
        // offset there is the one that produced it.
        let before = offsetSeconds(atSecond: wall - Self.secondsPerDay)
        let after = offsetSeconds(atSecond: wall + Self.secondsPerDay)
        let candidates = Set([before, after, offsetSeconds(atSecond: wall)])
            .map { wall - $0 }
            .filter { offsetSeconds(atSecond: $0) == wall - $0 }
            .sorted()
        if let first = candidates.first(where: { $0 >= notBefore }) { return first }
        if !candidates.isEmpty { return notBefore }
        // A gap: `wall` would be read before the transition with `after` and after it with
        // `before`; find the transition instant between them.
        return transition(from: wall - after, to: wall - before, offset: after)
    }

    /// The first second in `lower...upper` at which the offset is `offset` (binary search;
    /// `upper` is returned if none is, which only a malformed zone could cause).
    private func transition(from lower: Int64, to upper: Int64, offset: Int64) -> Int64 {
        var low = min(lower, upper), high = max(lower, upper)
        guard offsetSeconds(atSecond: high) == offset else { return high }
        while low < high {
            let middle = low + (high - low) / 2
            if offsetSeconds(atSecond: middle) == offset { high = middle } else { low = middle + 1 }
        }
        return high
    }

    static func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    static func floorMod(_ value: Int64, _ divisor: Int64) -> Int64 {
        value - floorDiv(value, divisor) * divisor
    }

    static func ceilDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) == (divisor < 0)) ? quotient + 1 : quotient
    }
}
