import Testing
@testable import Operators

/// The window fast path (``WindowTrigger/directResultTexts(of:key:)``) renders a result's action
/// without building the result event; these tests pin it to what the event would give, through
/// swift-mustache, over templates that read every kind of name a result has.
@Suite("WindowTrigger: direct result rendering equals the result event")
struct WindowDirectResultTests {
    typealias F = WindowFixture

    static let aggregates: [(name: String, aggregation: Aggregation)] = [
        ("n", .count), ("total", .sum("amount")), ("lo", .min("amount")), ("hi", .max("amount")),
        ("skus", .distinctCount("sku")), ("last_sku", .last("sku")), ("last_o", .last("o")),
        // A cause field of an aggregate's name is shadowed by the aggregate.
        ("name", .last("amount")),
    ]

    /// Cause fields that collide with result names (`key`, `window_start`, `n`, `name`), a
    /// field named `event_time`, nested objects, escapes and non-ASCII text.
    static let events: [String] = [
        #"{"amount":3,"sku":"A","name":"Zoë","o":{"id":1},"key":"shadowed"}"#,
        #"{"amount":2.5,"sku":"B \"q\" & <b>","name":"O'Brien","o":{"id":2,"in":{"x":"y"}},"window_start":"no","n":"no"}"#,
        #"{"amount":-7,"sku":"A","event_time":"evt","deep":{"er":{"est":"yes"}},"arr":[1,{"b":2}],"z":null}"#,
    ]

    static let templates: [String] = [
        "{{n}} events in one minute", "agent", "", "{{key}}|{{window_start}}|{{window_end}}|{{event_time}}",
        "{{total}} {{lo}} {{hi}} {{skus}} {{last_sku}} {{last_o}} {{last_o.id}} {{name}}",
        "{{sku}} {{o.id}} {{o.in.x}} {{deep.er.est}} {{deep.er}} {{arr}} {{z}} {{missing}} {{o.missing}}",
        "{{key.x}} {{n.x}} {{window_start.y}} {{last_o.id.z}} {{name.first}}", "{{ amount }} {{type}}",
    ]

    @Test(arguments: templates)
    func rendersAsTheResultEvent(_ message: String) throws {
        for count in 1...Self.events.count {
            var trigger = try F.window(.tumbling(sizeMs: 60_000), aggregates: Self.aggregates, message: message)
            #expect(trigger.rendersResultDirectly)
            let events = Self.events.prefix(count).enumerated().map { index, json in
                F.event(at: 1_000 + Int64(index), offset: Int64(index), key: "c-9", json)
            }
            try F.process(events, into: &trigger)
            let window = try #require(trigger.openWindows(of: "c-9").first)
            let result = trigger.resultEvent(of: window, key: "c-9")
            let texts = try #require(trigger.directResultTexts(of: window, key: "c-9"))
            #expect(texts.message == trigger.action.message.renderWithMustache(result))
            #expect(texts.channel == trigger.action.channel.renderWithMustache(result))

            // The emitted action equals the one built from the result event.
            let expected = try trigger.action.make(
                from: result, cause: window.cause.source,
                actionID: WindowTrigger.closeActionID(trigger: trigger.action.trigger, key: "c-9", bounds: window.bounds),
                emittedAtMs: 5)
            let closed = F.advance(&trigger, watermarkMs: 60_000, nowMs: 5).actions
            #expect(closed == [expected])
        }
    }

    @Test(arguments: ["n", "key", "window_start", "window_end", "name", "last_o.id", "o.in.x", "key.x", "sku",
                      "event_time", "missing", "deep.er", "arr", "z", "total", "skus"])
    func looksUpAsTheResultEvent(_ path: String) throws {
        var trigger = try F.window(.tumbling(sizeMs: 60_000), aggregates: Self.aggregates)
        let events = Self.events.enumerated().map { index, json in
            F.event(at: 1_000 + Int64(index), offset: Int64(index), key: "c-9", json)
        }
        try F.process(events, into: &trigger)
        let window = try #require(trigger.openWindows(of: "c-9").first)
        let result = trigger.resultEvent(of: window, key: "c-9")
        #expect(trigger.resultValue(at: FieldPath(path), of: window, key: "c-9") == result[FieldPath(path)])
    }

    /// `having` is decided from the window state (``Predicate/matches(lookup:)``) before any
    /// result event is built: each kind of test, on result names, shadowed and nested cause
    /// fields, missing fields and field-to-field comparisons, must decide as on the event.
    @Test func havingDecidesAsOnTheResultEvent() throws {
        let tests: [Predicate.Test] = [
            .equals(.number(3)), .notEquals(.string("A")), .oneOf([.string("A"), .number(3)]), .noneOf([.string("B")]),
            .exists(true), .exists(false), .greaterThan(2), .greaterOrEqual(3), .lessThan(3), .lessOrEqual(-7),
            .contains("c-"), .contains("A"), .compareField(.greaterThan, FieldPath("lo")),
            .compareField(.equals, FieldPath("key")), .compareField(.lessOrEqual, FieldPath("missing")),
        ]
        let paths = ["n", "key", "window_start", "name", "last_o.id", "o.in.x", "sku", "missing", "total", "hi", "arr"]
        for count in 1...Self.events.count {
            var trigger = try F.window(.tumbling(sizeMs: 60_000), aggregates: Self.aggregates)
            let events = Self.events.prefix(count).enumerated().map { index, json in
                F.event(at: 1_000 + Int64(index), offset: Int64(index), key: "c-9", json)
            }
            try F.process(events, into: &trigger)
            let window = try #require(trigger.openWindows(of: "c-9").first)
            let result = trigger.resultEvent(of: window, key: "c-9")
            var decided = Set<Bool>()
            for path in paths {
                for test in tests {
                    let predicate = Predicate(field: FieldPath(path), test: test)
                    let fromState = predicate.matches { trigger.resultValue(at: $0, of: window, key: "c-9") }
                    #expect(fromState == predicate.matches(result), "\(path) \(test) over \(count) event(s)")
                    decided.insert(fromState)
                }
            }
            #expect(decided == [true, false])
        }
    }

    @Test func otherConfigurationsBuildTheEvent() throws {
        let having = try F.window(.tumbling(sizeMs: 1_000), having: [Predicate(field: "n", test: .greaterOrEqual(2))])
        let customer = try F.window(.tumbling(sizeMs: 1_000), customerField: "last_sku")
        let mustache = try F.window(.tumbling(sizeMs: 1_000), message: "{{#n}}some{{/n}}")
        let simple = try F.window(.tumbling(sizeMs: 1_000))
        #expect(!having.rendersResultDirectly)
        #expect(!customer.rendersResultDirectly)
        #expect(!mustache.rendersResultDirectly)
        #expect(simple.rendersResultDirectly)
    }
}
