/// Decides when a partition read "to the end" is really at the end.
///
/// librdkafka reports end-of-partition when the consumer reaches the high watermark a fetch
/// reported, and the test broker (Tansu) has been seen to report it short of records it then
/// serves. Stopping there would lose the last changelog batch, re-send an already-sent action, or
/// start with a table missing rows, so every read-to-end (restores, the output-tail scan, table
/// loading) stops only after a few empty polls in a row at the reported end.
struct EndConfirmation {
    static let quietPollsNeeded = 3
    private var quietPolls = 0

    /// Records one poll; returns true once the end is confirmed.
    mutating func observe(atReportedEnd: Bool, gotRecords: Bool) -> Bool {
        quietPolls = atReportedEnd && !gotRecords ? quietPolls + 1 : 0
        return quietPolls >= Self.quietPollsNeeded
    }
}
