extension ContactPolicy {
    /// A conversion (e.g. a purchase) by `customer` at `atMs`: one record per marketing action
    /// sent or held out to them at most ``ContactPolicySettings/attributionWindowDays`` days
    /// (of 24 h, inclusive) before, oldest first; none after the window or with attribution
    /// off. Counted per trigger and group in ``counters``.
    ///
    /// Only exposures *decided* at or before `atMs` count, whatever order the two were read
    /// in: an exposure decided later (a release after the purchase, an action whose event is
    /// dated after it) never gets the conversion, and a purchase read late (an earlier event
    /// time, within the watermark bound) does not take exposures decided after it. Exposures
    /// are kept in decision order, which an out-of-order input can make differ from time
    /// order, so the records are sorted by exposure time (ties in decision order): the output
    /// depends on the times only, not on how the decisions interleaved.
    public mutating func recordConversion(customer: String, atMs: Int64) -> [ConversionRecord] {
        prune(customer, atMs: atMs)
        armExpiry(customer)
        guard exposureRetentionMs > 0, let exposures = customers[customer]?.exposures else { return [] }
        let records = exposures
            .filter { $0.atMs <= atMs && atMs - $0.atMs <= exposureRetentionMs }
            .enumerated().sorted { ($0.element.atMs, $0.offset) < ($1.element.atMs, $1.offset) }
            .map(\.element)
            .map { exposure in
                ConversionRecord(actionID: exposure.actionID, trigger: exposure.trigger, customerID: customer,
                                 channel: exposure.channel, group: exposure.group,
                                 exposedAtMs: exposure.atMs, convertedAtMs: atMs)
            }
        for record in records {
            counters.conversions[record.trigger, default: GroupCounts()][record.group] += 1
        }
        return records
    }
}
