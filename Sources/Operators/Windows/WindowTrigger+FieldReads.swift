extension WindowTrigger {
    /// What a window reads of its events: its `where:`, the `group_by` field, the fields its
    /// aggregates fold, and what a result may read of its cause (the latest event, whose
    /// fields the result event carries): the texts' variables, the customer field and the
    /// `having` paths. Result names (`key`, the bounds, aggregates) are listed too although
    /// the result shadows them: listing more is always safe. `.all` when a text is not a
    /// plain-variable template (sections, per-locale messages may read anything, the locale
    /// field included). Late events are dead-lettered from their raw records, and a checkpoint
    /// of fewer cause fields restores like any other.
    public var fieldReads: FieldProjection {
        guard let channelReads = action.channel.simpleVariables,
              let messageReads = action.message.simpleVariables else { return .all }
        var paths = predicates.flatMap(\.fieldPaths) + having.flatMap(\.fieldPaths) + channelReads + messageReads
        if let groupBy { paths.append(groupBy) }
        if let customerField = action.customerField { paths.append(customerField) }
        for (_, aggregation) in aggregates {
            switch aggregation {
            case .count: break
            case .sum(let path), .min(let path), .max(let path), .distinctCount(let path), .last(let path):
                paths.append(path)
            }
        }
        return .reading(paths)
    }
}
