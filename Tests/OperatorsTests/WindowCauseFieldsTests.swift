import Testing
@testable import Operators

/// A window keeps its latest event whole only when something reads that event's own fields
/// (``WindowTrigger/keepsCauseFields``); otherwise just its position and time. Either way the
/// actions must be the same, also across a checkpoint and restore.
@Suite("WindowTrigger: cause fields kept only when read")
struct WindowCauseFieldsTests {
    typealias F = WindowFixture

    static let aggregates: [(name: String, aggregation: Aggregation)] = [("n", .count), ("total", .sum("amount"))]

    static func events() -> [Event] {
        [
            F.event(at: 1_000, offset: 0, key: "c-1", #"{"amount":3,"sku":"A","tier":"gold"}"#),
            F.event(at: 2_000, offset: 1, key: "c-1", #"{"amount":4,"sku":"B","tier":"gold"}"#),
            F.event(at: 1_500, offset: 2, key: "c-2", #"{"amount":1,"sku":"C"}"#),
        ]
    }

    @Test(arguments: [
        // (message, having field, customer field, expected keep)
        ("{{n}} events, {{total}} in total", nil, nil, false),
        ("{{key}} {{window_start}}-{{window_end}}", nil, nil, false),
        ("{{n}} events, last {{sku}}", nil, nil, true),
        ("{{n}} events", "tier", nil, true),
        ("{{n}} events", "total", nil, false),
        ("{{n}} events", nil, "sku", true),
        ("{{#n}}some{{/n}}", nil, nil, true),  // swift-mustache: may read anything
    ] as [(String, String?, String?, Bool)])
    func keepsFieldsOnlyWhenRead(_ message: String, _ havingField: String?, _ customer: String?, _ keeps: Bool) throws {
        let having = havingField.map { [Predicate(field: FieldPath($0), test: .exists(true))] } ?? []
        var trigger = try F.window(.tumbling(sizeMs: 60_000), aggregates: Self.aggregates, having: having,
                                   message: message, customerField: customer.map { FieldPath($0) })
        #expect(trigger.keepsCauseFields == keeps)
        try F.process(Self.events(), into: &trigger)
        let window = try #require(trigger.openWindows(of: "c-1").first)
        #expect(window.cause.source.offset == 1)
        #expect(window.cause.fields.fields.isEmpty == !keeps)
        // The sum still saw every event's field.
        #expect(window.accumulators.last?.result(recordCount: window.recordCount) == .number(7))
    }

    /// Same actions from a trigger that keeps the fields and one that does not, including one
    /// restored from the other's checkpoint halfway.
    @Test func actionsDoNotDependOnIt() throws {
        let message = "{{key}}: {{n}} events, {{total}} in total"
        var lean = try F.window(.tumbling(sizeMs: 60_000), aggregates: Self.aggregates, message: message)
        // A `having` on a cause field that always holds makes the other trigger keep the fields.
        var whole = try F.window(.tumbling(sizeMs: 60_000), aggregates: Self.aggregates,
                                 having: [Predicate(field: "missing", test: .exists(false))], message: message)
        #expect(!lean.keepsCauseFields && whole.keepsCauseFields)
        let events = Self.events()
        try F.process(Array(events.prefix(2)), into: &lean)
        try F.process(Array(events.prefix(2)), into: &whole)
        // Checkpoint the lean one and restore it into a fresh trigger of the same config.
        var restored = try F.window(.tumbling(sizeMs: 60_000), aggregates: Self.aggregates, message: message)
        for change in lean.takeStateChanges() {
            if let value = change.value { try restored.restoreState(key: change.key, value: value) }
        }
        try F.process(Array(events.dropFirst(2)), into: &lean)
        try F.process(Array(events.dropFirst(2)), into: &whole)
        try F.process(Array(events.dropFirst(2)), into: &restored)
        let a = F.advance(&lean, watermarkMs: 60_000).actions
        let b = F.advance(&whole, watermarkMs: 60_000).actions
        let c = F.advance(&restored, watermarkMs: 60_000).actions
        #expect(a.count == 2)
        #expect(a.map(\.message) == ["c-1: 2 events, 7 in total", "c-2: 1 events, 1 in total"])
        #expect(a == b)
        #expect(a == c)
    }
}
