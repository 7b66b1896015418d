/// Event-time progress across the input partitions of one engine (Flink's watermark model).
///
/// - Per partition: watermark = max event time seen − `maxOutOfOrdernessMs`.
/// - Overall: the minimum over *active* partitions, so a partition that is behind holds
///   everything back (otherwise its events would all be late).
/// - Idle: a partition with no event for `idleTimeoutMs` of processing time stops holding the
///   watermark back; a partition assigned but never heard from counts as idle only after the same
///   timeout, measured from its assignment.
/// - All idle: the watermark follows the wall clock minus the bound, so an abandonment timer
///   still fires at 3 a.m. when no events arrive at all — the gap Kafka Streams' suppress leaves
///   for quiet keys.
/// - The overall watermark never goes back.
public struct WatermarkTracker: Sendable {
    public let maxOutOfOrdernessMs: Int64
    public let idleTimeoutMs: Int64
    /// Replay mode turns idleness off: processing time is virtual there and a file has no gaps.
    public let idleness: Bool

    struct PartitionTime: Sendable {
        var maxEventTimeMs: Int64 = .min
        var lastActivityMs: Int64
    }

    /// A task's partitions: one per topic of its domain, so a handful. An array searched
    /// linearly (partition number first; a topic compares by identity when it is the same
    /// string, as every record of a topic carries) instead of a dictionary: `observe` runs for
    /// every event, and hashing the topic was its main cost. The minimum does not depend on order.
    private var partitions: [(partition: StreamPartition, time: PartitionTime)] = []
    public private(set) var watermarkMs: Int64 = .min

    public init(maxOutOfOrdernessMs: Int64, idleTimeoutMs: Int64, idleness: Bool = true) {
        self.maxOutOfOrdernessMs = maxOutOfOrdernessMs
        self.idleTimeoutMs = idleTimeoutMs
        self.idleness = idleness
    }

    /// A partition starts counting (from `nowMs`) as a source the watermark waits for.
    public mutating func assign(_ p: StreamPartition, nowMs: Int64) {
        if position(of: p) == nil { partitions.append((p, PartitionTime(lastActivityMs: nowMs))) }
    }

    /// A revoked partition no longer holds the watermark back.
    public mutating func revoke(_ p: StreamPartition) {
        partitions.removeAll { $0.partition == p }
    }

    private func position(of p: StreamPartition) -> Int? {
        partitions.firstIndex { $0.partition.partition == p.partition && $0.partition.topic == p.topic }
    }

    /// Continues from a checkpointed watermark (it never goes back, also across restarts).
    public mutating func restore(watermarkMs restored: Int64) {
        watermarkMs = max(watermarkMs, restored)
    }

    /// Records an event; returns true if the overall watermark advanced.
    @discardableResult
    public mutating func observe(_ p: StreamPartition, eventTimeMs: Int64, nowMs: Int64) -> Bool {
        if let i = position(of: p) {
            partitions[i].time.maxEventTimeMs = max(partitions[i].time.maxEventTimeMs, eventTimeMs)
            partitions[i].time.lastActivityMs = nowMs
        } else {
            partitions.append((p, PartitionTime(maxEventTimeMs: eventTimeMs, lastActivityMs: nowMs)))
        }
        return recompute(nowMs: nowMs)
    }

    /// Re-evaluates idleness at processing time `nowMs`; returns true if the watermark advanced.
    @discardableResult
    public mutating func recompute(nowMs: Int64) -> Bool {
        var candidate = Int64.max
        var anyActive = false
        for (_, t) in partitions {
            let idle = idleness && nowMs - t.lastActivityMs >= idleTimeoutMs
            if idle { continue }
            anyActive = true
            let wm = t.maxEventTimeMs == .min ? Int64.min : t.maxEventTimeMs &- maxOutOfOrdernessMs
            candidate = min(candidate, wm)
        }
        if !anyActive {
            guard idleness, !partitions.isEmpty else { return false }
            candidate = nowMs &- maxOutOfOrdernessMs
        }
        guard candidate > watermarkMs, candidate != .max else { return false }
        watermarkMs = candidate
        return true
    }
}
