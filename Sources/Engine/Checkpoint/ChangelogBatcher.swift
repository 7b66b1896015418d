/// Reads one store's changelog partition and says which of its records are committed.
///
/// Why markers: the daemon cannot use Kafka transactions (the test broker does not honour
/// `read_committed`, see DEVELOPERS.md), so a checkpoint writes its state changes to each store's
/// changelog, then a *marker* record carrying the ``TaskCheckpoint``; the rows between two
/// markers are the batch the second one commits. A crash can leave rows without a marker, or
/// markers in only some of a task's stores; the consistent cut is the highest checkpoint id every
/// store has a marker for (``consistentID(_:)``), and everything after it in a store is
/// *uncommitted*: the restorer rolls those keys back by writing their committed values again (a
/// compensation), so compaction can never leave an uncommitted value as a key's latest.
///
/// Memory: a batch is handed out as soon as a later marker shows it must be committed (a store
/// is at most one checkpoint ahead of the others), so restoring a million keys keeps only the last
/// batch in memory.
public struct ChangelogBatcher: Sendable {
    public struct Row: Sendable, Equatable {
        public var key: String
        public var value: [UInt8]?
        public init(key: String, value: [UInt8]?) { self.key = key; self.value = value }
    }

    /// Rows since the last marker.
    public private(set) var open: [Row] = []
    /// The batch closed by the last marker, not yet known to be committed.
    public private(set) var last: (checkpoint: TaskCheckpoint, rows: [Row], nextOffset: Int64)?
    /// Committed checkpoint id and the offset after its marker, as of the batches handed out.
    public private(set) var applied: (id: UInt64, nextOffset: Int64)?

    public init() {}

    /// Adds a state row; nothing is returned until a marker closes its batch.
    public mutating func row(key: String, value: [UInt8]?) {
        open.append(Row(key: key, value: value))
    }

    /// Adds a marker at `offset`; returns the batch it proves committed (the previous one), if any.
    public mutating func marker(_ checkpoint: TaskCheckpoint, offset: Int64) -> [Row]? {
        var committed: [Row]?
        if let previous = last, previous.checkpoint.id < checkpoint.id {
            committed = previous.rows
            applied = (previous.checkpoint.id, previous.nextOffset)
        } else if let previous = last {
            // A marker re-written after a rollback (same id): the rows in between are the
            // uncommitted ones plus their compensation; together they restore that checkpoint.
            open = previous.rows + open
        }
        last = (checkpoint, open, offset + 1)
        open = []
        return committed
    }

    /// The id of the last marker read, if any.
    public var lastID: UInt64? { last?.checkpoint.id }

    /// The highest checkpoint every store has completed: the minimum of their last marker ids.
    public static func consistentID(_ lastIDs: [UInt64?]) -> UInt64? {
        guard !lastIDs.isEmpty, lastIDs.allSatisfy({ $0 != nil }) else { return nil }
        return lastIDs.compactMap { $0 }.min()
    }

    /// Finishes reading at the consistent checkpoint `id`: returns the last batch if it is
    /// committed, and the keys written after that checkpoint (to roll back).
    public mutating func finish(at id: UInt64?) -> (committed: [Row], uncommittedKeys: Set<String>) {
        var uncommitted = Set(open.map(\.key))
        var committed: [Row] = []
        if let last, let id, last.checkpoint.id <= id {
            committed = last.rows
            applied = (last.checkpoint.id, last.nextOffset)
        } else if let last {
            uncommitted.formUnion(last.rows.map(\.key))
        }
        open = []
        last = nil
        return (committed, uncommitted)
    }
}
