/// Timers ordered by (time, key, insertion), the timer service of one operator (Flink's
/// `TimerService`, per operator rather than global so each operator owns its state).
///
/// Why the (time, key) order: several timers due at one watermark must fire in an order that
/// does not depend on arrival order, or replay output would differ between runs.
/// Cancellation is lazy: callers keep a generation in `payload` and ignore stale entries,
/// which keeps `schedule` and `popDue` cheap with no index maintenance.
///
/// Layout (why: many timers share a due time, see ``TimerBuckets``): timers wait unsorted in
/// per-time buckets; when the earliest bucket is reached, it is sorted once and handed out from
/// the end of `draining` (sorted descending, so a pop moves the last element out). While a bucket
/// drains, a timer scheduled at or before its time goes to `stragglers`, a heap compared against
/// the drain's next timer at every pop, so it fires exactly where the order puts it; later
/// timers go to the buckets, all of which are due after the draining time.
public struct TimerQueue<Payload: Sendable>: Sendable {
    /// Time of the earliest timer. Stored, and kept up to date by every mutation, rather than
    /// computed: `ContactPolicy` (another module) reads it through unspecialised generic code,
    /// where computing it cost ~5,000 instructions a call in metadata look-ups.
    public private(set) var nextTimeMs: Int64?
    private var pending = TimerBuckets<Payload>()
    /// The bucket being handed out, all due at one time, the next timer last. Empty when no
    /// bucket is draining; emptied arrays are replaced so their storage is released.
    private var draining: [TimerEntry<Payload>] = []
    private var stragglers = BinaryHeap<TimerEntry<Payload>>()
    private var nextSeq: UInt64 = 0

    public init() {}

    public var count: Int { pending.count + draining.count + stragglers.count }
    public var isEmpty: Bool { count == 0 }

    public mutating func schedule(at timeMs: Int64, key: String, payload: Payload) {
        let seq = nextSeq
        nextSeq &+= 1
        if let drainTime = drainingTimeMs, timeMs <= drainTime {
            stragglers.insert(TimerEntry(timeMs: timeMs, key: key, payload: payload, seq: seq, prefix: TimerKeyPrefix(key)))
        } else {
            // Built in place in its bucket: a copy of the entry cost ~100 instructions here.
            pending.append(timeMs: timeMs, key: key, payload: payload, seq: seq)
        }
        nextTimeMs = Swift.min(nextTimeMs ?? timeMs, timeMs)
    }

    /// Removes and returns the earliest timer if it is due at `timeMs`.
    public mutating func popDue(atOrBefore timeMs: Int64) -> TimerEntry<Payload>? {
        guard let next = nextTimeMs, next <= timeMs else { return nil }
        let entry = popEarliest(atOrBefore: timeMs)
        nextTimeMs = earliestTimeMs
        return entry
    }

    private mutating func popEarliest(atOrBefore timeMs: Int64) -> TimerEntry<Payload>? {
        if draining.isEmpty {
            guard let next = pending.earliestTimeMs, next <= timeMs else { return popStraggler(atOrBefore: timeMs) }
            if let straggler = stragglers.first?.timeMs, straggler < next { return popStraggler(atOrBefore: timeMs) }
            startDraining()
        }
        if !stragglers.isEmpty && stragglerComesFirst() { return popStraggler(atOrBefore: timeMs) }
        guard draining[draining.count - 1].timeMs <= timeMs else { return nil }
        let entry = draining.removeLast()
        if draining.isEmpty { draining = [] }
        return entry
    }

    /// The payload of the timer `ahead` places after the next one in the bucket being handed
    /// out, if the bucket has that many left: a hint for prefetching what those timers will touch
    /// (a straggler may still fire in between; a wrong hint costs only a wasted load).
    public func drainingPayload(ahead: Int) -> Payload? {
        let index = draining.count - 1 - ahead
        return index >= 0 ? draining[index].payload : nil
    }

    /// Drops every timer for which `shouldRemove` holds (e.g. a key erased by a forget request).
    public mutating func removeAll(where shouldRemove: (TimerEntry<Payload>) -> Bool) {
        pending.removeAll(where: shouldRemove)
        // Removal keeps the rest sorted.
        draining.removeAll(where: shouldRemove)
        if draining.isEmpty { draining = [] }
        stragglers.removeAll(where: shouldRemove)
        nextTimeMs = earliestTimeMs
    }

    private var earliestTimeMs: Int64? {
        // While a bucket drains, every bucketed timer is due later than it.
        let head = drainingTimeMs ?? pending.earliestTimeMs
        guard let straggler = stragglers.first?.timeMs else { return head }
        guard let head else { return straggler }
        return Swift.min(head, straggler)
    }

    /// Entries the queue's arrays have room for (tests check that drained storage is freed).
    var reservedCapacity: Int { pending.reservedCapacity + draining.capacity + stragglers.elements.capacity }

    private var drainingTimeMs: Int64? {
        draining.isEmpty ? nil : draining[draining.count - 1].timeMs
    }

    /// Sorts the earliest bucket into `draining`. Sorting one array is far cheaper than a
    /// heap pop per timer (measured: the pops were most of closing 100k windows).
    private mutating func startDraining() {
        draining = pending.takeEarliest()
        TimerBucketSort.sortForDraining(&draining)
    }

    private mutating func popStraggler(atOrBefore timeMs: Int64) -> TimerEntry<Payload>? {
        let entry = stragglers.popFirst { $0.timeMs <= timeMs }
        if entry != nil && stragglers.isEmpty { stragglers = BinaryHeap() }
        return entry
    }

    /// Whether the earliest straggler fires before the draining bucket's next timer.
    private func stragglerComesFirst() -> Bool {
        guard let straggler = stragglers.first else { return false }
        return draining.withUnsafeBufferPointer { TimerEntry.precedes(straggler, $0[$0.count - 1]) }
    }
}
