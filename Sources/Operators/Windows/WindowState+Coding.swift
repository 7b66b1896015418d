/// How one open window is checkpointed: bounds, record count, early-emission count, latest
/// event and accumulators — everything its result needs. Not stored: its id (fresh on
/// restore, ids only link close timers to windows) and its close timer (re-armed at its end).
extension WindowState {
    /// Counters beyond 2^53 cannot come from real input (nor print exactly); refusing them
    /// keeps a corrupt value from overflowing `+= 1` later.
    static let maxCounter = 1 << 53

    func encode(into writer: inout StateWriter) {
        writer.writeVarInt(bounds.start)
        writer.writeVarInt(bounds.end)
        writer.writeCount(recordCount)
        writer.writeCount(earlyEmissions)
        writer.writeEvent(cause)
        writer.writeArray(accumulators) { $1.encode(into: &$0) }
    }

    /// Reads a window whose accumulators must match `aggregations`, the configured ones.
    init(id: UInt64, decodingFrom reader: inout StateReader, aggregations: [Aggregation]) throws(StateDecodingError) {
        let boundsOffset = reader.offset
        let bounds = WindowBounds(start: try reader.readVarInt(), end: try reader.readVarInt())
        guard bounds.start < bounds.end else {
            throw StateDecodingError(offset: boundsOffset, message: "window \(bounds) is empty")
        }
        let countOffset = reader.offset
        let recordCount = try reader.readNonNegativeInt()
        guard recordCount > 0, recordCount <= Self.maxCounter else {
            throw StateDecodingError(offset: countOffset, message: "window \(bounds) record count \(recordCount) out of range")
        }
        let earlyOffset = reader.offset
        let earlyEmissions = try reader.readNonNegativeInt()
        guard earlyEmissions <= Self.maxCounter else {
            throw StateDecodingError(offset: earlyOffset, message: "window \(bounds) early emission count out of range")
        }
        let cause = try reader.readEvent()
        let accumulatorsOffset = reader.offset
        let count = try reader.readCount()
        guard count == aggregations.count else {
            throw StateDecodingError(offset: accumulatorsOffset, message:
                "window has \(count) aggregate(s), the configuration \(aggregations.count) (aggregates changed?)")
        }
        var accumulators: [WindowAccumulator] = []
        accumulators.reserveCapacity(count)
        for aggregation in aggregations {
            accumulators.append(try WindowAccumulator(decodingFrom: &reader, as: aggregation))
        }
        self.init(id: id, bounds: bounds, recordCount: recordCount, cause: cause, accumulators: accumulators,
                  earlyEmissions: earlyEmissions)
    }
}
