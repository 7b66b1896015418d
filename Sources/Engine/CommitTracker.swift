/// A partition of an input stream; the unit whose offsets are committed.
public struct StreamPartition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public init(topic: String, partition: Int32) { self.topic = topic; self.partition = partition }
    public var description: String { "\(topic)/\(partition)" }
    public static func < (a: StreamPartition, b: StreamPartition) -> Bool { (a.topic, a.partition) < (b.topic, b.partition) }
}

/// Decides which input offsets may be committed: an offset is committable only once every output
/// it caused has been acknowledged by the broker (at-least-once). Outputs of different inputs may be
/// acknowledged out of order (they go to different output partitions); the commit point is the
/// first input, in offset order, that still has unacknowledged outputs.
///
/// Cost per input is O(1) amortised and no dictionary lookup on acknowledgement: the token handed
/// out for an input encodes its partition slot and sequence number.
public struct CommitTracker: Sendable {
    /// Bits of a token that hold the per-partition sequence number; the rest name the slot.
    static let seqBits: UInt64 = 44
    static let seqMask: UInt64 = (1 << seqBits) - 1

    struct PartitionState: Sendable {
        let slot: UInt64
        /// Offsets and pending-output counts of inputs awaiting acknowledgement, in offset order;
        /// entries before `head` are done.
        var offsets: [Int64] = []
        var pending: [Int] = []
        var head = 0
        /// Sequence number of `pending[0]`.
        var baseSeq: UInt64 = 0
        /// Highest input offset processed so far.
        var lastProcessed: Int64 = -1
        /// Last offset committed (next offset to read), to avoid re-committing the same point.
        var committed: Int64 = -1

        var commitPoint: Int64? {
            if head < pending.count { return offsets[head] }
            return lastProcessed >= 0 ? lastProcessed + 1 : nil
        }

        mutating func markCommitted(_ o: Int64) { committed = max(committed, o) }

        mutating func record(offset: Int64, outputs: Int) -> UInt64? {
            lastProcessed = max(lastProcessed, offset)
            guard outputs > 0 else { return nil }
            let seq = baseSeq + UInt64(pending.count)
            offsets.append(offset)
            pending.append(outputs)
            return (slot << CommitTracker.seqBits) | (seq & CommitTracker.seqMask)
        }

        mutating func acknowledge(seq: UInt64) -> Bool {
            guard seq >= baseSeq else { return false }
            let idx = Int(seq - baseSeq)
            guard idx < pending.count, pending[idx] > 0 else { return false }
            pending[idx] -= 1
            if idx == head { advance() }
            return true
        }

        mutating func advance() {
            while head < pending.count && pending[head] == 0 { head += 1 }
            // Compact once the done prefix dominates, keeping amortised O(1) per input.
            if head > 1024 && head * 2 > pending.count {
                offsets.removeFirst(head); pending.removeFirst(head)
                baseSeq += UInt64(head); head = 0
            }
        }
    }

    private var states: [StreamPartition: PartitionState] = [:]
    private var slots: [UInt64: StreamPartition] = [:]
    private var nextSlot: UInt64 = 1
    public private(set) var inFlight = 0

    public init() {}

    public var partitions: [StreamPartition] { states.keys.sorted() }

    /// Starts tracking a partition (idempotent).
    public mutating func assign(_ p: StreamPartition) {
        guard states[p] == nil else { return }
        let slot = nextSlot & ((1 << (64 - Self.seqBits)) - 1)
        nextSlot += 1
        states[p] = PartitionState(slot: slot)
        slots[slot] = p
    }

    /// Forgets a partition; late acknowledgements for it are ignored.
    public mutating func revoke(_ p: StreamPartition) {
        guard let st = states.removeValue(forKey: p) else { return }
        slots[st.slot] = nil
        inFlight -= st.pending[st.head...].reduce(0, +)
    }

    /// Records that the input at `offset` was processed and caused `outputs` outputs. Returns the
    /// token to attach to each of them, or nil when there are none (the input is done at once).
    public mutating func processed(_ p: StreamPartition, offset: Int64, outputs: Int) -> UInt64? {
        if states[p] == nil { assign(p) }
        // Mutated in place through the optional-chaining accessor: copying the state out would
        // copy its arrays on every input.
        guard let token = states[p]?.record(offset: offset, outputs: outputs) else { return nil }
        inFlight += outputs
        return token
    }

    /// One output carrying `token` was acknowledged by the broker.
    public mutating func acknowledged(token: UInt64) {
        guard let p = slots[token >> Self.seqBits] else { return }
        if states[p]?.acknowledge(seq: token & Self.seqMask) == true { inFlight -= 1 }
    }

    /// Offsets (next offset to read) that advanced since they were last marked committed.
    public func committable(only: Set<StreamPartition>? = nil) -> [StreamPartition: Int64] {
        var out: [StreamPartition: Int64] = [:]
        for (p, st) in states where only?.contains(p) ?? true {
            if let point = st.commitPoint, point > st.committed { out[p] = point }
        }
        return out
    }

    public mutating func markCommitted(_ offsets: [StreamPartition: Int64]) {
        for (p, o) in offsets { states[p]?.markCommitted(o) }
    }

    /// The next offset to commit for a partition, if anything was processed.
    public func commitPoint(_ p: StreamPartition) -> Int64? { states[p]?.commitPoint }
    /// Highest processed offset + 1 (the consume position), used for lag.
    public func position(_ p: StreamPartition) -> Int64? {
        guard let st = states[p], st.lastProcessed >= 0 else { return nil }
        return st.lastProcessed + 1
    }
}
