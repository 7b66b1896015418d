/// A timer: fire `payload` for `key` once time reaches `timeMs`.
public struct TimerEntry<Payload: Sendable>: Sendable {
    public var timeMs: Int64
    public var key: String
    public var payload: Payload
    /// Insertion order; breaks ties so firing order never depends on the queue's internals.
    var seq: UInt64
    /// The key's order-preserving prefix (see ``TimerKeyPrefix``), computed once at `schedule`.
    var prefix: TimerKeyPrefix
}

extension TimerEntry: HeapOrdered {
    /// The firing order: time, then key as `String <` orders it, then insertion.
    static func precedes(_ a: TimerEntry, _ b: TimerEntry) -> Bool {
        if a.timeMs != b.timeMs { return a.timeMs < b.timeMs }
        if let decided = TimerKeyPrefix.order(a.prefix, b.prefix) { return decided }
        if a.key != b.key { return a.key < b.key }
        return a.seq < b.seq
    }
}
