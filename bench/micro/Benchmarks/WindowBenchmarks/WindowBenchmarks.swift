// WindowTrigger: a tumbling 1-minute count per customer with 100k customers (keys).
//
// Three views of the same operator, each per event / per window:
// - update: the event lands in its key's already-open window (the common case);
// - open:   the event is its key's first in a new minute (allocates the window, arms a timer);
// - close:  `advance` closes the window, builds the result event and emits its action.
// For open and close, 100k windows stay open, spread over 100 minutes (1000 per minute), so
// every measured iteration opens, or closes, exactly 1000 windows out of 100k.
import Benchmark
import MicroSupport
import Operators

let keyCount = 100_000
let minutes = 100
let perMinute = keyCount / minutes  // = the scaling factor (1000)
let minuteMs: Int64 = 60_000

/// The operator, its emitter and the pre-built events (one per key), mutated across iterations.
final class WindowFixture {
    var trigger: WindowTrigger
    var out = Emitter(nowMs: Fixtures.baseTimeMs)
    let events: [Event]
    var offset: Int64 = 0
    var cursor = 0
    /// Minute rollover progress for the open/close benchmarks.
    var step = 0

    init() {
        trigger = WindowTrigger(
            predicates: [Fixtures.equals("type", "cart_add")],
            spec: WindowSpec(kind: .tumbling(sizeMs: minuteMs), graceMs: 0),
            groupBy: nil,
            aggregates: [(name: "count", aggregation: .count)],
            earlyEveryMs: nil,
            having: [],
            action: Fixtures.actionTemplate(trigger: "cart_activity", message: "{{count}} items added in the last minute")
        )
        events = Fixtures.keys(keyCount).map {
            Fixtures.event(key: $0, type: "cart_add", timeMs: Fixtures.baseTimeMs, offset: 0)
        }
    }

    /// Feeds key `index`'s event at `timeMs` with a fresh Kafka offset (a new record, not a
    /// redelivery, which the window would ignore).
    @inline(__always)
    func feed(_ index: Int, timeMs: Int64) {
        var event = events[index]
        offset += 1
        event.source.offset = offset
        event.eventTimeMs = timeMs
        do {
            try trigger.process(event, into: &out)
        } catch {
            fatalError("window process failed: \(error)")
        }
    }

    /// Steady state for `update`: every key has one open window in minute 0.
    static func allInOneMinute() -> WindowFixture {
        let state = WindowFixture()
        for index in 0..<keyCount { state.feed(index, timeMs: Fixtures.baseTimeMs + 1) }
        precondition(state.trigger.openWindowCount == keyCount)
        return state
    }

    /// Steady state for `open`/`close`: key i has one open window in minute i / 1000.
    static func spreadOverMinutes() -> WindowFixture {
        let state = WindowFixture()
        for index in 0..<keyCount {
            state.feed(index, timeMs: Fixtures.baseTimeMs + Int64(index / perMinute) * minuteMs + 1)
        }
        precondition(state.trigger.openWindowCount == keyCount)
        return state
    }

    /// Opens the next window (minute `step + 100`) of the 1000 keys whose window is in minute `step`.
    func openNextMinute() {
        let first = (step % minutes) * perMinute
        let timeMs = Fixtures.baseTimeMs + Int64(step + minutes) * minuteMs + 1
        for index in first..<(first + perMinute) { feed(index, timeMs: timeMs) }
    }

    /// Moves the watermark to the end of minute `step`, closing its 1000 windows.
    func closeMinute() {
        out.watermarkMs = Fixtures.baseTimeMs + Int64(step + 1) * minuteMs
        trigger.advance(into: &out)
    }
}

let benchmarks: @Sendable () -> Void = {
    // The setup builds 100k windows; keep the iteration count bounded so the per-window
    // record sets (`count` deduplicates by Kafka position) stay realistic (≤ ~20 per window).
    Fixtures.configure(maxDuration: .seconds(2), maxIterations: 2_000)

    Benchmark("Window: process, update open window (tumbling 1m count, 100k keys)") { benchmark, state in
        for _ in benchmark.scaledIterations {
            state.feed(state.cursor, timeMs: Fixtures.baseTimeMs + 2)
            state.cursor = state.cursor == keyCount - 1 ? 0 : state.cursor + 1
        }
    } setup: {
        WindowFixture.allInOneMinute()
    }

    Benchmark("Window: process, open new window (tumbling 1m count, 100k keys)") { benchmark, state in
        // Unmeasured: close minute `step` so its keys have no window left, then measure the
        // 1000 first-events that open their next windows.
        state.closeMinute()
        state.out.removeAll()
        benchmark.startMeasurement()
        state.openNextMinute()
        benchmark.stopMeasurement()
        state.step += 1
    } setup: {
        WindowFixture.spreadOverMinutes()
    }

    Benchmark("Window: advance, close window + emit action (100k keys)") { benchmark, state in
        // Unmeasured: open the next windows of the 1000 keys, then measure closing their
        // current ones (result event, action ID, two template renders per window).
        state.out.removeAll()
        state.openNextMinute()
        benchmark.startMeasurement()
        state.closeMinute()
        benchmark.stopMeasurement()
        precondition(state.out.actions.count == perMinute, "expected \(perMinute) actions, got \(state.out.actions.count)")
        state.step += 1
    } setup: {
        WindowFixture.spreadOverMinutes()
    }
}
