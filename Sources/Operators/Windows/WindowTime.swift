/// Saturating event-time arithmetic for window bounds.
///
/// Event times are validated to a sane range, but sizes, gaps and grace periods come from
/// configuration and the watermark starts at `Int64.min`; saturating instead of trapping
/// keeps a bad value from crashing the daemon on an input path.
enum WindowTime {
    static func add(_ lhs: Int64, _ rhs: Int64) -> Int64 {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        guard overflow else { return sum }
        return rhs > 0 ? .max : .min
    }

    static func subtract(_ lhs: Int64, _ rhs: Int64) -> Int64 {
        let (difference, overflow) = lhs.subtractingReportingOverflow(rhs)
        guard overflow else { return difference }
        return rhs > 0 ? .min : .max
    }

    /// The largest multiple of `step` (> 0) that is `<= value`: floor division, so windows
    /// stay aligned to the epoch for negative times too (`%` truncates toward zero).
    static func floorMultiple(_ value: Int64, of step: Int64) -> Int64 {
        let remainder = value % step
        return remainder < 0 ? value - remainder - step : value - remainder
    }
}
