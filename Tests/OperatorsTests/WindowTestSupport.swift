import Operators

/// Builders for the `WindowTrigger` tests. The clock is virtual: each step builds its own
/// `Emitter(nowMs:watermarkMs:)`, so a test states exactly which watermark and processing time
/// every call sees.
enum WindowFixture {
    static let triggerName = "window_test"

    static func window(
        _ kind: WindowSpec.Kind,
        graceMs: Int64 = 0,
        groupBy: FieldPath? = nil,
        aggregates: [(name: String, aggregation: Aggregation)] = [("n", .count)],
        earlyEveryMs: Int64? = nil,
        having: [Predicate] = [],
        predicates: [Predicate] = [],
        message: String = "{{key}} {{window_start}}-{{window_end}} n={{n}}",
        customerField: FieldPath? = nil
    ) throws -> WindowTrigger {
        WindowTrigger(
            predicates: predicates,
            spec: WindowSpec(kind: kind, graceMs: graceMs),
            groupBy: groupBy,
            aggregates: aggregates,
            earlyEveryMs: earlyEveryMs,
            having: having,
            action: ActionTemplate(trigger: triggerName, channel: try MessageTemplate("sms"),
                                   message: try MessageTemplate(message), customerField: customerField)
        )
    }

    /// An event at event time `t`; `offset` identifies the record (redeliveries reuse it).
    static func event(
        at t: Int64, offset: Int64, key: String = "c-1", _ json: String = "{}",
        topic: String = "orders", partition: Int32 = 0
    ) -> Event {
        TestSupport.event(json, key: key, eventTimeMs: t,
                          source: EventSource(topic: topic, partition: partition, offset: offset))
    }

    /// Processes `events` in order at one watermark and processing time.
    @discardableResult
    static func process(_ events: [Event], into trigger: inout WindowTrigger,
                        watermarkMs: Int64 = .min, nowMs: Int64 = 0) throws -> Emitter {
        var out = Emitter(nowMs: nowMs, watermarkMs: watermarkMs)
        for event in events { try trigger.process(event, into: &out) }
        return out
    }

    static func advance(_ trigger: inout WindowTrigger, watermarkMs: Int64, nowMs: Int64 = 0) -> Emitter {
        var out = Emitter(nowMs: nowMs, watermarkMs: watermarkMs)
        trigger.advance(into: &out)
        return out
    }

    /// Messages of the actions fired by advancing to `watermarkMs`.
    static func close(_ trigger: inout WindowTrigger, watermarkMs: Int64, nowMs: Int64 = 0) -> [String] {
        advance(&trigger, watermarkMs: watermarkMs, nowMs: nowMs).actions.map(\.message)
    }
}
