import Testing
import Operators

@Suite("WindowTrigger: output independent of arrival order")
struct WindowDeterminismTests {
    typealias F = WindowFixture

    /// Three keys, interleaved times (several sessions that only merge once bridging events
    /// arrive), equal event times broken by offset or topic, fractional sums, and redeliveries.
    static let events: [Event] = {
        var events: [Event] = []
        let times: [Int64] = [0, 400, 400, 950, 1_000, 1_700, 2_600, 3_100, 3_100, 4_500]
        for (k, key) in ["a", "b", "c"].enumerated() {
            for (i, t) in times.enumerated() {
                let offset = Int64(k * 100 + i)
                let json = "{\"v\":\(Double(i) * 0.1),\"tag\":\"t\(i % 4)\",\"name\":\"\(key)\(i)\"}"
                let topic = i == 2 ? "alpha" : "orders"
                events.append(F.event(at: t + Int64(k) * 37, offset: offset, key: key, json, topic: topic))
            }
        }
        return events + events.prefix(5)
    }()

    static func trigger(_ kind: WindowSpec.Kind) throws -> WindowTrigger {
        try F.window(
            kind,
            aggregates: [("n", .count), ("s", .sum("v")), ("lo", .min("v")), ("hi", .max("v")),
                         ("d", .distinctCount("tag")), ("l", .last("tag"))],
            message: "{{key}} [{{window_start}},{{window_end}}) n={{n}} s={{s}} lo={{lo}} hi={{hi}} d={{d}} l={{l}} {{name}}"
        )
    }

    static func run(_ kind: WindowSpec.Kind, _ events: [Event]) throws -> (actions: [Action], open: Int) {
        var trigger = try trigger(kind)
        try F.process(events, into: &trigger)
        let out = F.advance(&trigger, watermarkMs: 1_000_000, nowMs: 7)
        return (out.actions, trigger.openWindowCount)
    }

    @Test(arguments: [WindowSpec.Kind.tumbling(sizeMs: 1_000), .hopping(sizeMs: 2_000, advanceMs: 500), .session(gapMs: 600)])
    func shuffledArrivalYieldsIdenticalActions(kind: WindowSpec.Kind) throws {
        let reference = try Self.run(kind, Self.events)
        #expect(reference.actions.count > 3)
        #expect(reference.open == 0)
        var random = LCG(seed: 0x5EED)
        for round in 0..<25 {
            var shuffled = Self.events
            for i in shuffled.indices.reversed() where i > 0 {
                shuffled.swapAt(i, random.next(below: i + 1))
            }
            let result = try Self.run(kind, shuffled)
            #expect(result.actions == reference.actions, "round \(round)")
            #expect(result.open == 0)
        }
    }

    @Test func sessionsMergeRegardlessOfWhichEventArrivesLast() throws {
        let events = [F.event(at: 0, offset: 1), F.event(at: 1_000, offset: 2), F.event(at: 500, offset: 3)]
        let forward = try Self.run(.session(gapMs: 600), events)
        let backward = try Self.run(.session(gapMs: 600), events.reversed())
        #expect(forward.actions.map(\.message) == ["c-1 [0,1600) n=3 s= lo= hi= d=0 l= "])
        #expect(backward.actions == forward.actions)
    }
}
