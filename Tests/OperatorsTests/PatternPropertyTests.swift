import Testing
import PropertyBased
import Operators

/// The defining property of event-time processing: as long as events arrive at most `bound`
/// ms late (watermark = max event time seen − bound), the actions are exactly those of the
/// in-order run — whatever the arrival order, however often the engine advances, and even
/// with redeliveries.
@Suite("Pattern output is independent of arrival order")
struct PatternPropertyTests {
    typealias F = PatternFixture
    static let bound = 100

    /// One generated input record: key index, event time, role (A/B/cancel/other), arrival
    /// delay, a second delay for a redelivered copy (if `redeliver`), and whether the engine
    /// advances after it.
    typealias Step = (key: Int, time: Int, role: Int, delay: Int, redelivery: Int, advance: Bool)

    /// Times on a 5 ms grid so that equal timestamps (ties) are common.
    static let steps = zip(
        Gen.int(in: 0...2), Gen.int(in: 0...300), Gen.int(in: 0...9), Gen.int(in: 0...bound),
        Gen.int(in: -bound...bound), Gen.bool(0.7)
    ).array(of: 0...80)

    static func events(_ steps: [(Int, Int, Int, Int, Int, Bool)]) -> [Event] {
        steps.enumerated().map { index, step in
            let role = switch step.2 { case 0...4: "A"; case 5...7: "B"; case 8: "X"; default: "other" }
            return F.event(role, at: Int64(step.1 * 5), offset: Int64(index), key: "k\(step.0)")
        }
    }

    /// The ground truth: events sorted in event-time order, no redeliveries, watermark at the
    /// latest event time, advancing after every event.
    static func inOrderRun<O: PatternOperator>(_ op: O, _ events: [Event]) throws -> ([Action], O) {
        var h = PatternHarness(op)
        let sorted = events.sorted {
            ($0.eventTimeMs, $0.source.offset) < ($1.eventTimeMs, $1.source.offset)
        }
        for event in sorted {
            try h.send(event, watermark: event.eventTimeMs)
            h.advance(to: event.eventTimeMs)
        }
        h.advance(to: .max)
        #expect(h.late.isEmpty)
        return (h.actions, h.op)
    }

    /// Each event arrives `delay` ms after its event time (its copy, if any, another
    /// `redelivery` ms after); the watermark trails the latest event time by `bound`.
    static func shuffledRun<O: PatternOperator>(_ op: O, _ events: [Event],
                                                _ steps: [(Int, Int, Int, Int, Int, Bool)]) throws -> ([Action], O) {
        var arrivals: [(at: Int64, event: Event, advance: Bool)] = []
        for (event, step) in zip(events, steps) {
            arrivals.append((event.eventTimeMs + Int64(step.3), event, step.5))
            if step.4 >= 0 { arrivals.append((event.eventTimeMs + Int64(step.4), event, true)) }
        }
        arrivals.sort { $0.at < $1.at } // ties keep generation order: effectively random
        var h = PatternHarness(op)
        var maxSeen = Int64.min
        for arrival in arrivals {
            maxSeen = max(maxSeen, arrival.event.eventTimeMs)
            h.nowMs = arrival.at
            try h.send(arrival.event, watermark: maxSeen - Int64(bound))
            if arrival.advance { h.advance(to: maxSeen - Int64(bound)) }
        }
        h.advance(to: .max)
        #expect(h.late.isEmpty, "within the bound nothing is late")
        return (h.actions, h.op)
    }

    /// Actions minus their processing time, in a canonical order.
    static func comparable(_ actions: [Action]) -> [Action] {
        actions.map { var a = $0; a.emittedAtMs = 0; return a }.sorted { $0.actionID < $1.actionID }
    }

    /// Runs the property for `make()`; returns how many actions the in-order runs emitted, so
    /// the caller can check the generated cases were not all trivially empty.
    static func check<O: PatternOperator>(_ make: @escaping @Sendable () throws -> O) async -> Int {
        var fired = 0
        await propertyCheck(count: 150, input: steps) { steps in
            let events = Self.events(steps)
            let (expected, afterInOrder) = try inOrderRun(try make(), events)
            let (actual, afterShuffled) = try shuffledRun(try make(), events, steps)
            #expect(comparable(actual) == comparable(expected))
            #expect(Set(expected.map(\.actionID)).count == expected.count, "no action fires twice")
            #expect(afterInOrder.pendingKeyCount == 0 && afterShuffled.pendingKeyCount == 0)
            fired += expected.count
        }
        return fired
    }

    static let message = "{{type}} {{key}} {{event_time}} {{deadline}} {{count}} {{elapsed_ms}}"

    @Test func absence() async {
        let fired = await Self.check {
            AbsenceTrigger(common: try F.common(message: Self.message, cooldownMs: 150),
                           start: F.isType("A"), then: F.isType("B"), withinMs: 200, deadlineField: nil)
        }
        #expect(fired > 0)
    }

    @Test func threshold() async {
        let fired = await Self.check {
            ThresholdTrigger(common: try F.common(message: Self.message, cooldownMs: 150),
                             start: F.isType("A"), count: 3, withinMs: 200)
        }
        #expect(fired > 0)
    }

    @Test func followedBy() async {
        let fired = await Self.check {
            FollowedByTrigger(common: try F.common(message: Self.message, cooldownMs: 150),
                              start: F.isType("A"), then: F.isType("B"), withinMs: 200)
        }
        #expect(fired > 0)
    }

    @Test func inactivity() async {
        let fired = await Self.check {
            InactivityTrigger(common: try F.common(message: Self.message, cooldownMs: 150),
                              start: F.isType("A"), withinMs: 200)
        }
        #expect(fired > 0)
    }
}
