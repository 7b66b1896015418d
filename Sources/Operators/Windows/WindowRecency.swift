/// The total order that decides which of two events is "later": event time, then source
/// topic, partition and offset.
///
/// Event time alone ties often (second-resolution producers, batch imports); breaking ties by
/// the Kafka coordinates makes `last` and a window result's cause independent of arrival
/// order, which replays and redeliveries need to produce identical actions.
struct WindowRecency: Sendable, Comparable {
    var eventTimeMs: Int64
    var source: EventSource

    init(_ event: Event) {
        self.eventTimeMs = event.eventTimeMs
        self.source = event.source
    }

    init(eventTimeMs: Int64, source: EventSource) {
        self.eventTimeMs = eventTimeMs
        self.source = source
    }

    static func < (lhs: WindowRecency, rhs: WindowRecency) -> Bool {
        if lhs.eventTimeMs != rhs.eventTimeMs { return lhs.eventTimeMs < rhs.eventTimeMs }
        if lhs.source.topic != rhs.source.topic { return lhs.source.topic < rhs.source.topic }
        if lhs.source.partition != rhs.source.partition { return lhs.source.partition < rhs.source.partition }
        return lhs.source.offset < rhs.source.offset
    }
}
