import Testing
import Operators

@Suite("WindowTrigger: tumbling windows")
struct WindowTumblingTests {
    typealias F = WindowFixture

    @Test func aggregatesOneWindowAndFiresOnlyWhenWatermarkReachesEnd() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000))
        try F.process([F.event(at: 0, offset: 1), F.event(at: 500, offset: 2), F.event(at: 999, offset: 3)], into: &trigger)
        #expect(F.close(&trigger, watermarkMs: 999).isEmpty)
        #expect(F.close(&trigger, watermarkMs: 1_000) == ["c-1 0-1000 n=3"])
        #expect(F.close(&trigger, watermarkMs: 5_000).isEmpty)
    }

    @Test func eventExactlyAtEndBelongsToNextWindow() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000))
        try F.process([F.event(at: 999, offset: 1), F.event(at: 1_000, offset: 2), F.event(at: 1_999, offset: 3),
                       F.event(at: 2_000, offset: 4)], into: &trigger)
        #expect(F.close(&trigger, watermarkMs: 3_000) == ["c-1 0-1000 n=1", "c-1 1000-2000 n=2", "c-1 2000-3000 n=1"])
    }

    @Test func graceKeepsWindowOpenUntilEndPlusGrace() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000), graceMs: 200)
        try F.process([F.event(at: 10, offset: 1)], into: &trigger)
        #expect(F.close(&trigger, watermarkMs: 1_199).isEmpty)
        #expect(F.close(&trigger, watermarkMs: 1_200) == ["c-1 0-1000 n=1"])
    }

    @Test func resultActionIsBuiltFromLatestEventWithWindowFields() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000), message: "{{name}} {{key}} {{window_start}}-{{window_end}} n={{n}}")
        let latest = F.event(at: 400, offset: 5, #"{"name":"Bob","n":"shadowed","key":"other"}"#)
        try F.process([latest, F.event(at: 100, offset: 7, #"{"name":"Ann"}"#)], into: &trigger)
        let out = F.advance(&trigger, watermarkMs: 1_000, nowMs: 5_000)
        #expect(out.actions == [
            Action(
                actionID: ActionID.make(trigger: F.triggerName, key: "c-1", discriminator: "w:0:1000"),
                trigger: F.triggerName, customerID: "c-1", channel: "sms", message: "Bob c-1 0-1000 n=2",
                eventTimeMs: 999, emittedAtMs: 5_000, cause: EventSource(topic: "orders", partition: 0, offset: 5)
            ),
        ])
    }

    @Test func windowsFireInOrderOfEndThenKey() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000))
        try F.process([
            F.event(at: 1_500, offset: 1, key: "b"), F.event(at: 1_200, offset: 2, key: "a"),
            F.event(at: 700, offset: 3, key: "b"), F.event(at: 300, offset: 4, key: "a"),
        ], into: &trigger)
        #expect(F.close(&trigger, watermarkMs: 9_000) == ["a 0-1000 n=1", "b 0-1000 n=1", "a 1000-2000 n=1", "b 1000-2000 n=1"])
    }

    @Test func stateIsDroppedWhenWindowCloses() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000),
                                   aggregates: [("n", .count), ("d", .distinctCount("tag"))],
                                   message: "{{window_start}} n={{n}} d={{d}}")
        try F.process([F.event(at: 100, offset: 1, #"{"tag":"x"}"#), F.event(at: 1_100, offset: 2, #"{"tag":"y"}"#)],
                      into: &trigger)
        #expect(trigger.openWindowCount == 2)
        #expect(F.close(&trigger, watermarkMs: 1_000) == ["0 n=1 d=1"])
        #expect(trigger.openWindowCount == 1)
        #expect(F.close(&trigger, watermarkMs: 2_000) == ["1000 n=1 d=1"])
        #expect(trigger.openWindowCount == 0)
        try F.process([F.event(at: 2_500, offset: 3, #"{"tag":"z"}"#)], into: &trigger, watermarkMs: 2_000)
        #expect(F.close(&trigger, watermarkMs: 3_000) == ["2000 n=1 d=1"])
        #expect(trigger.openWindowCount == 0)
    }

    @Test func eventsNotMatchingPredicatesAreSkipped() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000), predicates: [Predicate(field: "type", test: .equals(.string("view")))])
        try F.process([F.event(at: 1, offset: 1, #"{"type":"view"}"#), F.event(at: 2, offset: 2, #"{"type":"buy"}"#),
                       F.event(at: 3, offset: 3)], into: &trigger)
        #expect(F.close(&trigger, watermarkMs: 1_000) == ["c-1 0-1000 n=1"])
    }
}
