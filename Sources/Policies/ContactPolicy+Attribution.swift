extension ContactPolicy {
    /// A conversion (e.g. a purchase) by `customer` at `atMs`: one record per marketing action
    /// sent or held out to them at most ``ContactPolicySettings/attributionWindowDays`` days
    /// (of 24 h, inclusive) before, oldest first; none after the window or with attribution
    /// off. Counted per trigger and group in ``counters``.
    public mutating func recordConversion(customer: String, atMs: Int64) -> [ConversionRecord] {
        prune(customer, atMs: atMs)
        armExpiry(customer)
        guard exposureRetentionMs > 0, let exposures = customers[customer]?.exposures else { return [] }
        let records = exposures
            .filter { $0.atMs <= atMs && atMs - $0.atMs <= exposureRetentionMs }
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
