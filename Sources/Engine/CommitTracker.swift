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
/// Cost per input is O(1) amortised with no hashing: the token handed out for an input encodes its
/// partition's slot (an array index) and sequence number, and the run loop resolves a partition to
/// its ``Slot`` once per run of messages (``slot(of:)``, ``processed(_:offset:outputs:timing:)``).
/// Each pending input also carries its ``InputTiming``, handed back with every acknowledgement, so
/// the daemon's latency metrics need no per-token dictionary. (Before: a partition hash per input
/// and per acknowledgement, plus an insert, a lookup and an update or removal in the daemon's
/// token → timing dictionary; with the other delivery-path changes of `DeliveryPath`, the
/// delivery-report callback fell from ~9 % to ~5 % of `Engine.process`'s CPU in the `us`
/// benchmark.)
public struct CommitTracker: Sendable {
    /// Bits of a token that hold the per-partition sequence number; the rest name the slot.
    static let seqBits: UInt64 = 44
    static let seqMask: UInt64 = (1 << seqBits) - 1

    /// A partition's place in the tracker, valid until it is revoked (then the calls taking it fall
    /// back to looking the partition up, as if it had not been resolved).
    public struct Slot: Sendable {
        public let partition: StreamPartition
        let index: Int
        let epoch: UInt64
    }

    struct PartitionState: Sendable {
        /// Offsets, pending-output counts and timings of inputs awaiting acknowledgement, in
        /// offset order; entries before `head` are done.
        var offsets: [Int64] = []
        var pending: [Int] = []
        var timings: [InputTiming] = []
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

        var nextSeq: UInt64 { baseSeq + UInt64(pending.count) }

        mutating func markCommitted(_ o: Int64) { committed = max(committed, o) }

        mutating func record(offset: Int64, outputs: Int, timing: InputTiming, slot: UInt64) -> UInt64? {
            lastProcessed = max(lastProcessed, offset)
            guard outputs > 0 else { return nil }
            let seq = nextSeq
            offsets.append(offset)
            pending.append(outputs)
            timings.append(timing)
            return (slot << CommitTracker.seqBits) | (seq & CommitTracker.seqMask)
        }

        mutating func acknowledge(seq: UInt64) -> InputTiming? {
            guard seq >= baseSeq else { return nil }
            let idx = Int(seq - baseSeq)
            guard idx < pending.count, pending[idx] > 0 else { return nil }
            pending[idx] -= 1
            let timing = timings[idx]
            if idx == head { advance() }
            return timing
        }

        mutating func advance() {
            while head < pending.count && pending[head] == 0 { head += 1 }
            // Compact once the done prefix dominates, keeping amortised O(1) per input.
            if head > 1024 && head * 2 > pending.count {
                offsets.removeFirst(head); pending.removeFirst(head); timings.removeFirst(head)
                baseSeq += UInt64(head); head = 0
            }
        }
    }

    /// One array slot: the partition tracked there, if any. A slot freed by a revocation is
    /// reused, but its sequence numbers continue where the revoked partition's stopped, so a late
    /// acknowledgement of the old partition's token is below the new `baseSeq` and ignored.
    struct Entry: Sendable {
        var state: PartitionState?
        var partition: StreamPartition
        var epoch: UInt64
        var nextSeq: UInt64
    }

    private var entries: [Entry] = []
    private var slotOf: [StreamPartition: Int] = [:]
    private var epochs: UInt64 = 0
    public private(set) var inFlight = 0

    public init() {}

    public var partitions: [StreamPartition] { slotOf.keys.sorted() }

    /// Starts tracking a partition (idempotent).
    public mutating func assign(_ p: StreamPartition) {
        _ = slot(of: p)
    }

    /// The partition's slot, assigning it first if needed.
    public mutating func slot(of p: StreamPartition) -> Slot {
        if let i = slotOf[p] { return Slot(partition: p, index: i, epoch: entries[i].epoch) }
        epochs += 1
        let i: Int
        if let free = entries.firstIndex(where: { $0.state == nil }) {
            i = free
            entries[i].partition = p
            entries[i].epoch = epochs
        } else {
            i = entries.count
            entries.append(Entry(state: nil, partition: p, epoch: epochs, nextSeq: 0))
        }
        entries[i].state = PartitionState(baseSeq: entries[i].nextSeq)
        slotOf[p] = i
        return Slot(partition: p, index: i, epoch: epochs)
    }

    /// Forgets a partition; late acknowledgements for it are ignored.
    public mutating func revoke(_ p: StreamPartition) {
        guard let i = slotOf.removeValue(forKey: p), let st = entries[i].state else { return }
        entries[i].state = nil
        entries[i].nextSeq = st.nextSeq
        inFlight -= st.pending[st.head...].reduce(0, +)
    }

    /// Records that the input at `offset` was processed and caused `outputs` outputs. Returns the
    /// token to attach to each of them, or nil when there are none (the input is done at once).
    public mutating func processed(_ p: StreamPartition, offset: Int64, outputs: Int,
                                   timing: InputTiming = InputTiming()) -> UInt64? {
        processed(slot(of: p), offset: offset, outputs: outputs, timing: timing)
    }

    /// ``processed(_:offset:outputs:timing:)`` through a slot resolved once per run of messages.
    public mutating func processed(_ slot: Slot, offset: Int64, outputs: Int,
                                   timing: InputTiming = InputTiming()) -> UInt64? {
        let s = entries[slot.index].epoch == slot.epoch && entries[slot.index].state != nil
            ? slot : self.slot(of: slot.partition)
        // Mutated in place through the optional-chaining accessor: copying the state out would
        // copy its arrays on every input.
        guard let token = entries[s.index].state?.record(offset: offset, outputs: outputs, timing: timing,
                                                         slot: UInt64(s.index + 1)) else { return nil }
        inFlight += outputs
        return token
    }

    /// One output carrying `token` was acknowledged by the broker. Returns the timing its input
    /// was processed with, or nil when the token is unknown (token 0, a revoked partition, a
    /// repeated acknowledgement).
    @discardableResult
    public mutating func acknowledged(token: UInt64) -> InputTiming? {
        let slot = token >> Self.seqBits
        guard slot > 0, slot <= UInt64(entries.count) else { return nil }
        guard let timing = entries[Int(slot) - 1].state?.acknowledge(seq: token & Self.seqMask) else { return nil }
        inFlight -= 1
        return timing
    }

    /// Offsets (next offset to read) that advanced since they were last marked committed.
    public func committable(only: Set<StreamPartition>? = nil) -> [StreamPartition: Int64] {
        var out: [StreamPartition: Int64] = [:]
        for (p, i) in slotOf where only?.contains(p) ?? true {
            if let st = entries[i].state, let point = st.commitPoint, point > st.committed { out[p] = point }
        }
        return out
    }

    public mutating func markCommitted(_ offsets: [StreamPartition: Int64]) {
        for (p, o) in offsets {
            if let i = slotOf[p] { entries[i].state?.markCommitted(o) }
        }
    }

    /// The next offset to commit for a partition, if anything was processed.
    public func commitPoint(_ p: StreamPartition) -> Int64? { state(p)?.commitPoint }
    /// Highest processed offset + 1 (the consume position), used for lag.
    public func position(_ p: StreamPartition) -> Int64? {
        guard let st = state(p), st.lastProcessed >= 0 else { return nil }
        return st.lastProcessed + 1
    }

    private func state(_ p: StreamPartition) -> PartitionState? {
        guard let i = slotOf[p] else { return nil }
        return entries[i].state
    }
}

/// When an input was consumed and its record timestamp: kept with the input while its outputs are
/// in flight, for the latency histograms recorded on each acknowledgement.
public struct InputTiming: Sendable, Equatable {
    /// Monotonic clock when the input was consumed, in ns.
    public var consumedNs: UInt64
    /// The record's timestamp (CreateTime), epoch ms, if it had one.
    public var recordTsMs: Int64?

    public init(consumedNs: UInt64 = 0, recordTsMs: Int64? = nil) {
        self.consumedNs = consumedNs
        self.recordTsMs = recordTsMs
    }
}
