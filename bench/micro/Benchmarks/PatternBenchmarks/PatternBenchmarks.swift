// CEP pattern step: one event through `process` plus the `advance` the engine runs after the
// watermark moves (release from the event-time buffer, per-key state update, timers, actions).
//
// Stream: 10k keys round-robin, event time +10 ms per event (so each key sees an event every
// 100 s of event time), watermark = event time − 2 s (bounded out-of-orderness: ~200 events
// sit in the buffer). The setup runs 20 events per key first, so every key has state.
// - threshold: "5 login_failed within 10 min" → fires on every 5th event of a key (20%);
// - absence:   "cart_add not followed by purchase within 30 min", purchase on every 20th
//              event of a key → one pending A per key, a timer fires once per 20 events (5%).
import Benchmark
import MicroSupport
import Operators

let keyCount = 10_000
let stepMs: Int64 = 10
let outOfOrdernessMs: Int64 = 2_000

final class PatternFixture<Trigger: StreamOperator> {
    var trigger: Trigger
    var out = Emitter(nowMs: Fixtures.baseTimeMs)
    /// Per key: the event for each type the stream uses.
    let events: [[Event]]
    /// Which of a key's events its n-th visit sends.
    let typeOfVisit: (Int) -> Int
    var n = 0
    var actions = 0

    init(trigger: Trigger, types: [String], typeOfVisit: @escaping (Int) -> Int) {
        self.trigger = trigger
        self.typeOfVisit = typeOfVisit
        events = Fixtures.keys(keyCount).map { key in
            types.map { Fixtures.event(key: key, type: $0, timeMs: Fixtures.baseTimeMs, offset: 0) }
        }
        for _ in 0..<(20 * keyCount) { step() }
        precondition(actions > 0, "the warm-up fired nothing: the fixture is wrong")
    }

    /// One engine step: the next event, then `advance` at the moved watermark.
    @inline(__always)
    func step() {
        let index = n % keyCount
        let timeMs = Fixtures.baseTimeMs + Int64(n) * stepMs
        var event = events[index][typeOfVisit(n / keyCount)]
        event.eventTimeMs = timeMs
        event.source.offset = Int64(n)
        n += 1
        out.watermarkMs = timeMs - outOfOrdernessMs
        do {
            try trigger.process(event, into: &out)
        } catch {
            fatalError("pattern process failed: \(error)")
        }
        trigger.advance(into: &out)
        actions += out.actions.count
        out.removeAll()
    }
}

let benchmarks: @Sendable () -> Void = {
    Fixtures.configure()

    Benchmark("Pattern: ThresholdTrigger process+advance (10k keys, 5 in 10m, fires 1/5)") { benchmark, fixture in
        for _ in benchmark.scaledIterations { fixture.step() }
    } setup: {
        PatternFixture(
            trigger: ThresholdTrigger(
                common: PatternCommon(predicates: [], cancel: [], cooldownMs: nil,
                                      action: Fixtures.actionTemplate(trigger: "login_alert",
                                                                      message: "{{count}} failed logins")),
                start: [Fixtures.equals("type", "login_failed")], count: 5, withinMs: 600_000
            ),
            types: ["login_failed"], typeOfVisit: { _ in 0 }
        )
    }

    Benchmark("Pattern: AbsenceTrigger process+advance (10k keys, 30m deadline, fires 1/20)") { benchmark, fixture in
        for _ in benchmark.scaledIterations { fixture.step() }
    } setup: {
        PatternFixture(
            trigger: AbsenceTrigger(
                common: PatternCommon(predicates: [], cancel: [], cooldownMs: nil,
                                      action: Fixtures.actionTemplate(trigger: "cart_abandoned",
                                                                      message: "You left {{sku}} in your cart")),
                start: [Fixtures.equals("type", "cart_add")], then: [Fixtures.equals("type", "purchase")],
                withinMs: 1_800_000, deadlineField: nil
            ),
            types: ["cart_add", "purchase"], typeOfVisit: { $0 % 20 == 19 ? 1 : 0 }
        )
    }
}
