/// Holds a pattern's events until the watermark has passed them, then hands them out in
/// event-time order: (event time, topic, partition, offset).
///
/// Why: a pattern's outcome depends on the order of its events ("A then B", "the Nth A"),
/// and Kafka delivers them in arrival order. Re-sequencing by event time before the pattern
/// sees anything makes the output independent of arrival order within the out-of-orderness
/// bound — what Flink CEP does. The tie-break on the Kafka position makes the order total,
/// so two events at the same millisecond are also sequenced the same way on every run.
///
/// The buffer only holds events at or after the watermark (older ones are released or
/// refused as late), so its size is bounded by the out-of-orderness window. It also drops
/// a second copy of an event still buffered (same Kafka position): redeliveries must not
/// count twice. A copy arriving after the original was released is necessarily late.
///
/// Buffered events are part of their key's durable state, so the buffer also counts them per
/// key: whether a key has any is O(1), and only checkpoints and erasures walk the heap.
struct EventTimeBuffer<Payload: Sendable>: Sendable {
    struct Entry: HeapOrdered {
        var event: Event
        var payload: Payload

        static func precedes(_ a: Entry, _ b: Entry) -> Bool { EventTimeBuffer.precedes(a.event, b.event) }
    }

    private var heap = BinaryHeap<Entry>()
    private var sources: Set<EventSource> = []
    /// Buffered events per key; keys with none are absent.
    private var countByKey: [String: Int] = [:]

    var count: Int { heap.count }
    /// Event time of the next event to release.
    var nextTimeMs: Int64? { heap.first?.event.eventTimeMs }
    /// The keys with at least one buffered event.
    var keys: Dictionary<String, Int>.Keys { countByKey.keys }

    /// Adds `event` unless an event from the same Kafka position is already buffered.
    /// - Returns: `false` for such a duplicate.
    @discardableResult
    mutating func insert(_ event: Event, payload: Payload) -> Bool {
        guard sources.insert(event.source).inserted else { return false }
        heap.insert(Entry(event: event, payload: payload))
        countByKey[event.key, default: 0] += 1
        return true
    }

    /// Removes and returns the first event in event-time order if its time is `<= timeMs`.
    mutating func popFirst(atOrBefore timeMs: Int64) -> Entry? {
        guard let first = heap.popFirst(if: { $0.event.eventTimeMs <= timeMs }) else { return nil }
        sources.remove(first.event.source)
        if let left = countByKey[first.event.key], left > 1 {
            countByKey[first.event.key] = left - 1
        } else {
            countByKey[first.event.key] = nil
        }
        return first
    }

    func hasEntries(forKey key: String) -> Bool {
        countByKey[key] != nil
    }

    /// The buffered entries of `keys`, each key's in release order. One pass over the buffer,
    /// whatever the number of keys.
    func entries(forKeys keys: Set<String>) -> [String: [Entry]] {
        var byKey: [String: [Entry]] = [:]
        for entry in heap.elements where keys.contains(entry.event.key) {
            byKey[entry.event.key, default: []].append(entry)
        }
        for key in byKey.keys { byKey[key]?.sort(by: Entry.precedes) }
        return byKey
    }

    /// Drops every buffered event of `key` (O(buffer size): erasures and restores only).
    /// - Returns: whether there were any.
    @discardableResult
    mutating func removeAll(forKey key: String) -> Bool {
        guard countByKey.removeValue(forKey: key) != nil else { return false }
        var removed: [EventSource] = []
        heap.removeAll { entry in
            guard entry.event.key == key else { return false }
            removed.append(entry.event.source)
            return true
        }
        for source in removed { sources.remove(source) }
        return true
    }

    /// The release order: event time, then topic, partition and offset.
    static func precedes(_ a: Event, _ b: Event) -> Bool {
        if a.eventTimeMs != b.eventTimeMs { return a.eventTimeMs < b.eventTimeMs }
        if a.source.topic != b.source.topic { return a.source.topic < b.source.topic }
        if a.source.partition != b.source.partition { return a.source.partition < b.source.partition }
        return a.source.offset < b.source.offset
    }
}
