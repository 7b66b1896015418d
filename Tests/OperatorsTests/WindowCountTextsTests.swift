import Testing
@testable import Operators

/// The final-result shortcuts of ``WindowTrigger``: texts cached per record count
/// (``WindowCountTexts``) and ids from the trigger's precomputed hasher state, checked against
/// the paths they skip on seeded random windows.
@Suite("WindowTrigger: cached count texts and result ids")
struct WindowCountTextsTests {
    typealias F = WindowFixture
    typealias Random = ActionFastPathTests.Random

    /// Templates whose texts depend on the count alone, and ones that do not.
    static let countOnly = ["{{n}} events in one minute", "{{ n }}/{{n}}", "agent", "", "{{m}} x {{n}}"]
    static let notCountOnly = ["{{key}} {{n}}", "{{window_start}}", "{{n.x}}", "{{total}}", "{{sku}}", "{{event_time}}",
                               "{{#n}}many{{/n}}"]

    static let aggregates: [(name: String, aggregation: Aggregation)] = [
        ("n", .count), ("total", .sum("amount")), ("m", .count), ("shadow", .count), ("shadow", .sum("amount")),
    ]

    @Test func decidesWhichTextsDependOnTheCountAlone() throws {
        for message in Self.countOnly {
            #expect(try F.window(.tumbling(sizeMs: 1_000), aggregates: Self.aggregates, message: message).countTexts != nil)
        }
        for message in Self.notCountOnly + ["{{shadow}}"] {
            #expect(try F.window(.tumbling(sizeMs: 1_000), aggregates: Self.aggregates, message: message).countTexts == nil)
        }
        // The last aggregate of a name is the one a result shows.
        let lastIsCount: [(name: String, aggregation: Aggregation)] = [("n", .sum("amount")), ("n", .count)]
        #expect(try F.window(.tumbling(sizeMs: 1_000), aggregates: lastIsCount, message: "{{n}}").countTexts != nil)
        let having = try F.window(.tumbling(sizeMs: 1_000), having: [Predicate(field: "n", test: .greaterOrEqual(2))],
                                  message: "{{n}}")
        let customer = try F.window(.tumbling(sizeMs: 1_000), message: "{{n}}", customerField: "n")
        #expect(having.countTexts == nil)
        #expect(customer.countTexts == nil)
    }

    /// Random windows (keys, counts up to past the cache's limit, event times) closed by a
    /// trigger with the cache and by the same trigger without it: identical actions, in order.
    @Test(arguments: countOnly + notCountOnly)
    func cachedTextsEqualTheRenderedOnes(_ message: String) throws {
        var random = Random(seed: 0xC0FFEE ^ UInt64(message.utf8.count))
        var cached = try F.window(.tumbling(sizeMs: 60_000), aggregates: Self.aggregates, message: message)
        var rendered = cached
        rendered.countTexts = nil
        var time: Int64 = 1_700_000_000_000
        for _ in 0..<40 {
            var events: [Event] = []
            for key in 0..<(1 + random.below(12)) {
                let count = random.below(8) == 0 ? WindowCountTexts.limit - 2 + random.below(5) : 1 + random.below(9)
                for index in 0..<count {
                    events.append(F.event(at: time + Int64(random.below(60_000)), offset: Int64(events.count),
                                          key: "c-\(key)", #"{"amount":\#(index),"sku":"s\#(random.below(3))"}"#))
                }
            }
            try F.process(events, into: &cached)
            try F.process(events, into: &rendered)
            time += 60_000
            let expected = F.advance(&rendered, watermarkMs: time, nowMs: time).actions
            let actual = F.advance(&cached, watermarkMs: time, nowMs: time).actions
            #expect(actual == expected)
            #expect(!actual.isEmpty)
        }
    }

    /// The final result's id from the trigger's hasher state and digit pairs equals the id of
    /// the interpolated discriminator `w:<start>:<end>`, on random and extreme bounds.
    @Test func closeIdsEqualTheDiscriminatorIds() {
        var random = Random(seed: 42)
        let prefix = ActionID.derivedPrefix(trigger: F.triggerName)
        for _ in 0..<2_000 {
            let start = random.int64(), end = random.int64()
            let key = random.string()
            let bounds = WindowBounds(start: start, end: end)
            let reference = ActionID.make(trigger: F.triggerName, key: key, discriminator: "w:\(start):\(end)")
            #expect(WindowTrigger.closeActionID(prefix: prefix, key: key, bounds: bounds) == reference)
            #expect(WindowTrigger.closeActionID(trigger: F.triggerName, key: key, bounds: bounds) == reference)
        }
    }
}
