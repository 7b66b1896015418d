/// Event-time arithmetic for pattern deadlines.
///
/// Deadlines are `time + duration` where either side comes from configuration or from event
/// fields; saturating instead of trapping keeps a huge `within` or a far-future deadline from
/// crashing the daemon — such a deadline simply never comes.
enum PatternTime {
    static func adding(_ durationMs: Int64, to timeMs: Int64) -> Int64 {
        let (sum, overflow) = timeMs.addingReportingOverflow(durationMs)
        guard overflow else { return sum }
        return durationMs > 0 ? .max : .min
    }
}
