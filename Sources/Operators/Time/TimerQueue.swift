/// A timer: fire `payload` for `key` once time reaches `timeMs`.
public struct TimerEntry<Payload: Sendable>: Sendable {
    public var timeMs: Int64
    public var key: String
    public var payload: Payload
    /// Insertion order; breaks ties so firing order never depends on heap internals.
    var seq: UInt64
    /// The key's order-preserving prefix (see ``TimerKeyPrefix``), computed once at `schedule`.
    var prefix: TimerKeyPrefix
}

/// A min-heap of timers ordered by (time, key, insertion), the timer service of one operator
/// (Flink's `TimerService`, per operator rather than global so each operator owns its state).
///
/// Why the (time, key) order: several timers due at one watermark must fire in an order that
/// does not depend on arrival order, or replay output would differ between runs.
/// Cancellation is lazy: callers keep a generation in `payload` and ignore stale entries,
/// which keeps `schedule` and `popDue` O(log n) with no index maintenance.
public struct TimerQueue<Payload: Sendable>: Sendable {
    private var heap = BinaryHeap<TimerEntry<Payload>>()
    private var nextSeq: UInt64 = 0

    public init() {}

    public var count: Int { heap.count }
    public var isEmpty: Bool { heap.isEmpty }
    /// Time of the earliest timer.
    public var nextTimeMs: Int64? { heap.first?.timeMs }

    public mutating func schedule(at timeMs: Int64, key: String, payload: Payload) {
        heap.insert(TimerEntry(timeMs: timeMs, key: key, payload: payload, seq: nextSeq, prefix: TimerKeyPrefix(key)))
        nextSeq &+= 1
    }

    /// Removes and returns the earliest timer if it is due at `timeMs`.
    public mutating func popDue(atOrBefore timeMs: Int64) -> TimerEntry<Payload>? {
        heap.popFirst { $0.timeMs <= timeMs }
    }

    /// Drops every timer for which `shouldRemove` holds (e.g. a key erased by a forget request).
    public mutating func removeAll(where shouldRemove: (TimerEntry<Payload>) -> Bool) {
        heap.removeAll(where: shouldRemove)
    }
}

extension TimerEntry: HeapOrdered {
    static func precedes(_ a: TimerEntry, _ b: TimerEntry) -> Bool {
        if a.timeMs != b.timeMs { return a.timeMs < b.timeMs }
        if let decided = TimerKeyPrefix.order(a.prefix, b.prefix) { return decided }
        if a.key != b.key { return a.key < b.key }
        return a.seq < b.seq
    }
}
