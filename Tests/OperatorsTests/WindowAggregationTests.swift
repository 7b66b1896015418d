import Testing
import Operators

@Suite("WindowTrigger: aggregations and having")
struct WindowAggregationTests {
    typealias F = WindowFixture

    static func numeric() throws -> WindowTrigger {
        try F.window(.tumbling(sizeMs: 1_000),
                     aggregates: [("n", .count), ("s", .sum("v")), ("lo", .min("v")), ("hi", .max("v"))],
                     message: "n={{n}} s={{s}} lo={{lo}} hi={{hi}}")
    }

    @Test func sumMinMaxUseOnlyNumericValues() throws {
        var trigger = try Self.numeric()
        let values = [#"{"v":3}"#, #"{"v":-2.5}"#, #"{"v":"7"}"#, #"{"v":null}"#, "{}", #"{"v":true}"#]
        try F.process(values.enumerated().map { F.event(at: 1, offset: Int64($0.offset), $0.element) }, into: &trigger)
        #expect(F.close(&trigger, watermarkMs: 1_000) == ["n=6 s=0.5 lo=-2.5 hi=3"])
    }

    @Test(arguments: ["s", "lo", "hi"])
    func numericAggregateIsNullWithoutNumericValues(name: String) throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000),
                                   aggregates: [("s", .sum("v")), ("lo", .min("v")), ("hi", .max("v"))],
                                   having: [Predicate(field: FieldPath(name), test: .equals(.null))], message: "x")
        try F.process([F.event(at: 1, offset: 1, #"{"v":"1"}"#)], into: &trigger)
        #expect(F.close(&trigger, watermarkMs: 1_000) == ["x"])
    }

    /// A running `+=` gives 0.6000000000000001 for 0.1 + 0.2 + 0.3 in this order and 0 for
    /// 1e16 + 1 − 1e16; the exact sum gives the correctly rounded value in every order.
    @Test(arguments: [([0.1, 0.2, 0.3], "0.6"), ([1e16, 1, -1e16], "1")])
    func sumIsExactInEveryOrder(values: [Double], expected: String) throws {
        for order in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
            var trigger = try F.window(.tumbling(sizeMs: 1_000), aggregates: [("s", .sum("v"))], message: "{{s}}")
            try F.process(order.map { F.event(at: 1, offset: Int64($0), "{\"v\":\(values[$0])}") }, into: &trigger)
            #expect(F.close(&trigger, watermarkMs: 1_000) == [expected], "order \(order)")
        }
    }

    @Test func distinctCountComparesJSONValuesAndSkipsNull() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000), aggregates: [("n", .count), ("d", .distinctCount("tag"))],
                                   message: "n={{n}} d={{d}}")
        let tags = [#""a""#, #""a""#, "1", "1.0", "null", #"{"x":1}"#, #""1""#]
        var events = tags.enumerated().map { F.event(at: 1, offset: Int64($0.offset), "{\"tag\":\($0.element)}") }
        events.append(F.event(at: 1, offset: 99))
        try F.process(events, into: &trigger)
        #expect(F.close(&trigger, watermarkMs: 1_000) == ["n=8 d=4"])
    }

    /// Each pair differs in exactly one component of (event time, topic, partition, offset);
    /// the first is the later one and must win whichever arrives first.
    @Test(arguments: [
        (F.event(at: 200, offset: 1, #"{"tag":"win"}"#), F.event(at: 100, offset: 9, #"{"tag":"lose"}"#)),
        (F.event(at: 100, offset: 1, #"{"tag":"win"}"#, topic: "b"), F.event(at: 100, offset: 1, #"{"tag":"lose"}"#, topic: "a")),
        (F.event(at: 100, offset: 1, #"{"tag":"win"}"#, partition: 2), F.event(at: 100, offset: 1, #"{"tag":"lose"}"#, partition: 1)),
        (F.event(at: 100, offset: 8, #"{"tag":"win"}"#), F.event(at: 100, offset: 7, #"{"tag":"lose"}"#)),
    ])
    func lastAndCauseFollowEventTimeThenSource(later: Event, earlier: Event) throws {
        for events in [[later, earlier], [earlier, later]] {
            var trigger = try F.window(.tumbling(sizeMs: 1_000), aggregates: [("l", .last("tag"))], message: "{{l}} {{tag}}")
            try F.process(events, into: &trigger)
            let out = F.advance(&trigger, watermarkMs: 1_000)
            #expect(out.actions.map(\.message) == ["win win"])
            #expect(out.actions.map(\.cause) == [later.source])
        }
    }

    @Test func lastSkipsEventsWithoutTheFieldButCauseDoesNot() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000), aggregates: [("l", .last("plan"))], message: "{{l}} {{name}}")
        try F.process([F.event(at: 300, offset: 3, #"{"name":"newest"}"#),
                       F.event(at: 100, offset: 1, #"{"plan":"gold","name":"old"}"#)], into: &trigger)
        #expect(F.close(&trigger, watermarkMs: 1_000) == ["gold newest"])
    }

    @Test func havingFiltersResultsButStateIsStillDropped() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000), having: [Predicate(field: "n", test: .greaterOrEqual(2))])
        try F.process([F.event(at: 1, offset: 1, key: "a"), F.event(at: 2, offset: 2, key: "b"),
                       F.event(at: 3, offset: 3, key: "b")], into: &trigger)
        #expect(F.close(&trigger, watermarkMs: 1_000) == ["b 0-1000 n=2"])
        #expect(trigger.openWindowCount == 0)
    }
}
