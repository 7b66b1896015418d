import Testing
@testable import DaemonConfig

/// `kind: window`: the `window:` shape, `aggregates` and `having` beside it.
@Suite struct WindowTests {
    /// A valid window pipeline body; tests replace parts of it.
    private let tumbling = """
        kind: window
        window:
          type: tumbling
          size: 1m
        aggregates:
          visits: count
        """

    @Test func tumblingWithEveryFunctionAndHaving() throws {
        let yaml = pipeline("""
            kind: window
            where: [{field: type, equals: page_view}]
            window:
              type: tumbling
              size: 1m
              grace: 10s
              group_by: customer.id
              early_every: 10s
            aggregates:
              visits: count
              spend: {sum: amount}
              cheapest: {min: price}
              dearest: {max: order.price}
              skus: {distinct_count: sku}
              last_page: {last: url}
            having:
              - {field: visits, gte: 3}
              - {field: spend, gt: 100}
            """)
        let settings = try #require(parseValid(yaml)?.pipelines.first)
        #expect(settings.pattern == nil)
        #expect(settings.predicates.map(\.field) == ["type"])
        let window = try #require(settings.window)
        #expect(window.type == .tumbling)
        #expect(window.sizeMs == 60_000)
        #expect(window.advanceMs == nil)
        #expect(window.gapMs == nil)
        #expect(window.graceMs == 10_000)
        #expect(window.groupBy == "customer.id")
        #expect(window.earlyEveryMs == 10_000)
        #expect(window.aggregates.map(\.name) == ["visits", "spend", "cheapest", "dearest", "skus", "last_page"])
        #expect(window.aggregates.map(\.function) == [.count, .sum, .min, .max, .distinctCount, .last])
        #expect(window.aggregates.map(\.field) == [nil, "amount", "price", "order.price", "sku", "url"])
        #expect(window.aggregates.first?.location == ConfigSourceLocation(file: "test.yaml", line: 23, column: 7))
        #expect(window.having.map(\.field) == ["visits", "spend"])
        #expect(window.having.map(\.op) == [.gte, .gt])
        #expect(window.location == ConfigSourceLocation(file: "test.yaml", line: 13, column: 5))
    }

    @Test func windowDefaults() throws {
        let window = try #require(parseValid(pipeline(tumbling))?.pipelines.first?.window)
        #expect(window.graceMs == 0)
        #expect(window.groupBy == nil)
        #expect(window.earlyEveryMs == nil)
        #expect(window.having.isEmpty)
    }

    @Test func hoppingAndSession() throws {
        let hopping = try #require(parseValid(pipeline(tumbling.replacing("type: tumbling", with: "type: hopping")
            .replacing("size: 1m", with: "size: 1m\n  advance: 20s\n  grace: 0s")))?.pipelines.first?.window)
        #expect(hopping.type == .hopping)
        #expect(hopping.sizeMs == 60_000)
        #expect(hopping.advanceMs == 20_000)
        #expect(hopping.graceMs == 0)

        let equal = try #require(parseValid(pipeline(tumbling.replacing("type: tumbling", with: "type: hopping")
            .replacing("size: 1m", with: "size: 1m\n  advance: 60s")))?.pipelines.first?.window)
        #expect(equal.advanceMs == 60_000)

        let session = try #require(parseValid(pipeline(tumbling.replacing("type: tumbling", with: "type: session")
            .replacing("size: 1m", with: "gap: 30m")))?.pipelines.first?.window)
        #expect(session.type == .session)
        #expect(session.gapMs == 1_800_000)
        #expect(session.sizeMs == nil)
    }

    @Test(arguments: [
        ("type: tumbling", "size: 1m", "", "test.yaml:16:7: missing required key 'size' in pipelines[0].window (window type tumbling needs it)"),
        ("type: hopping", "size: 1m", "size: 1m", "test.yaml:16:7: missing required key 'advance' in pipelines[0].window (window type hopping needs it)"),
        ("type: session", "size: 1m", "", "test.yaml:16:7: missing required key 'gap' in pipelines[0].window (window type session needs it)"),
        ("type: tumbling", "size: 1m", "size: 1m\n  gap: 5m", "test.yaml:18:7: 'gap' does not apply to window type tumbling (used by type session)"),
        ("type: tumbling", "size: 1m", "size: 1m\n  advance: 5m", "test.yaml:18:7: 'advance' does not apply to window type tumbling (used by type hopping)"),
        ("type: session", "size: 1m", "gap: 1m\n  size: 5m", "test.yaml:18:7: 'size' does not apply to window type session (used by types tumbling, hopping)"),
        ("type: tumbling", "  type: tumbling\n", "", "test.yaml:16:7: missing required key 'type' in pipelines[0].window"),
        ("type: tumbling", "type: tumbling", "type: tumbeling", "test.yaml:16:13: unknown value 'tumbeling' for pipelines[0].window.type; expected one of: tumbling, hopping, session (did you mean 'tumbling'?)"),
    ])
    func keysPerWindowType(type: String, target: String, replacement: String, expected: String) {
        let body = tumbling.replacing("type: tumbling", with: type).replacing(target, with: replacement)
        #expect(errors(pipeline(body)) == [expected])
    }

    /// An invalid type is one mistake; the durations present are still checked.
    @Test func invalidWindowTypeDoesNotCascade() {
        let body = tumbling.replacing("type: tumbling", with: "type: sliding").replacing("size: 1m", with: "size: 1 min\n  gap: 5m")
        #expect(messages(pipeline(body)) == [
            "unknown value 'sliding' for pipelines[0].window.type; expected one of: tumbling, hopping, session",
            "invalid duration '1 min' for pipelines[0].window.size (expected e.g. 500ms, 10s, 5m, 1h, 7d)",
        ])
    }

    @Test(arguments: [
        ("size: 1m\n  advance: 2m", "test.yaml:18:16: pipelines[0].window.advance (2m) must not be larger than size (1m); events between windows would be skipped"),
        ("size: 1m\n  advance: 40s", "test.yaml:18:16: size (1m) must be a multiple of pipelines[0].window.advance (40s), so that every event falls into the same number of windows"),
    ])
    func hoppingAdvanceMustDivideTheSize(sizes: String, expected: String) {
        let body = tumbling.replacing("type: tumbling", with: "type: hopping").replacing("size: 1m", with: sizes)
        #expect(errors(pipeline(body)) == [expected])
    }

    @Test(arguments: [
        ("grace: 30 mins", "invalid duration '30 mins' for pipelines[0].window.grace (expected e.g. 500ms, 10s, 5m, 1h, 7d)"),
        ("grace: 0", "expected a duration such as 500ms, 10s or 1h30m for pipelines[0].window.grace, got integer 0"),
        ("early_every: 0s", "pipelines[0].window.early_every must be greater than zero, got '0s'"),
        ("size: 0s", "pipelines[0].window.size must be greater than zero, got '0s'"),
        ("group_by: customer..id", "invalid field path 'customer..id' for pipelines[0].window.group_by; use field names separated by single dots, e.g. customer_id or order.total"),
        ("sise: 1m", "unknown key 'sise' in pipelines[0].window (did you mean 'size'?)"),
    ])
    func windowValues(line: String, expected: String) {
        let key = String(line.prefix { $0 != ":" })
        let body = key == "size" || key == "sise"
            ? tumbling.replacing("size: 1m", with: line)
            : tumbling.replacing("size: 1m", with: "size: 1m\n  \(line)")
        #expect(messages(pipeline(body)) == [expected])
    }

    /// Aggregates and having sit beside `window:`; inside it they are reported once, with where they go.
    @Test func aggregatesInsideWindowAreMisplaced() {
        let yaml = pipeline("""
            kind: window
            window:
              type: tumbling
              size: 1m
              aggregates:
                visits: count
              having: [{field: visits, gte: 3}]
            """)
        #expect(errors(yaml) == [
            "test.yaml:18:7: unknown key 'aggregates' in pipelines[0].window (it goes beside window:, directly in pipelines[0])",
            "test.yaml:20:7: unknown key 'having' in pipelines[0].window (it goes beside window:, directly in pipelines[0])",
        ])
    }

    @Test func windowSettingsBesideWindowAreMisplaced() {
        let yaml = pipeline(tumbling + "\ngrace: 10s")
        #expect(errors(yaml) == ["test.yaml:20:5: unknown key 'grace' in pipelines[0] (window settings go inside window:)"])
    }

    @Test(arguments: [
        ("aggregates: {}", "test.yaml:18:17: pipelines[0].aggregates must not be empty; define at least one aggregate, e.g. views: count"),
        ("aggregates: [count]", "test.yaml:18:17: expected a mapping for pipelines[0].aggregates, got a list"),
        ("aggregates:\n  total: sum", "test.yaml:19:14: sum needs a field for pipelines[0].aggregates.total; write {sum: <field>}"),
        ("aggregates:\n  n: {count: id}", "test.yaml:19:11: count takes no field in pipelines[0].aggregates.n; write 'n: count'"),
        ("aggregates:\n  n: cnt", "test.yaml:19:10: unknown aggregate function 'cnt' for pipelines[0].aggregates.n; expected count, or a one-key mapping such as {sum: amount} (functions: count, sum, min, max, distinct_count, last) (did you mean 'count'?)"),
        ("aggregates:\n  n: 3", "test.yaml:19:10: expected count, or a one-key mapping such as {sum: amount} for pipelines[0].aggregates.n, got integer 3"),
        ("aggregates:\n  n: [count]", "test.yaml:19:10: expected count, or a one-key mapping such as {sum: amount} for pipelines[0].aggregates.n, got a list"),
        ("aggregates:\n  n: {}", "test.yaml:19:10: expected count, or a one-key mapping such as {sum: amount} for pipelines[0].aggregates.n, got a mapping"),
        ("aggregates:\n  spend: {summ: amount}", "test.yaml:19:15: unknown aggregate function 'summ' for pipelines[0].aggregates.spend; expected count, sum, min, max, distinct_count, last (did you mean 'sum'?)"),
        ("aggregates:\n  spend: {sum: amount, max: amount}", "test.yaml:19:28: aggregate pipelines[0].aggregates.spend has a second function 'max' after 'sum'; give each function its own name"),
        ("aggregates:\n  spend: {sum: order..amount}", "test.yaml:19:20: invalid field path 'order..amount' for pipelines[0].aggregates.spend.sum; use field names separated by single dots, e.g. customer_id or order.total"),
        ("aggregates:\n  key: count", "test.yaml:19:7: aggregate name 'key' is reserved: every window result already has key, window_start, window_end; choose another name"),
        ("aggregates:\n  window_start: {min: ts}", "test.yaml:19:7: aggregate name 'window_start' is reserved: every window result already has key, window_start, window_end; choose another name"),
        ("aggregates:\n  window_end: {max: ts}", "test.yaml:19:7: aggregate name 'window_end' is reserved: every window result already has key, window_start, window_end; choose another name"),
        ("aggregates:\n  total.spend: {sum: amount}", "test.yaml:19:7: invalid aggregate name 'total.spend' for pipelines[0].aggregates.total.spend; aggregate names use only A-Z, a-z, 0-9 and '_' (they become fields of the result)"),
        ("aggregates:\n  n: count\n  n: {sum: x}", "test.yaml:20:7: duplicate key 'n' in pipelines[0].aggregates (first defined at 19:7)"),
    ])
    func aggregateRules(aggregates: String, expected: String) {
        let body = tumbling.replacing("aggregates:\n  visits: count", with: aggregates)
        #expect(errors(pipeline(body)) == [expected])
    }

    @Test func havingMustNameAnAggregate() {
        let body = tumbling.replacing("  visits: count", with: "  visits: count\n  spend: {sum: amount}") + """

            having:
              - {field: vists, gte: 3}
              - {field: spend, gt: 10}
              - {field: amount, gt: 10}
            """
        #expect(errors(pipeline(body)) == [
            "test.yaml:22:17: unknown aggregate 'vists' in pipelines[0].having[0].field; having tests the aggregates "
                + "visits, spend (did you mean 'visits'?)",
            "test.yaml:24:17: unknown aggregate 'amount' in pipelines[0].having[2].field; having tests the aggregates "
                + "visits, spend",
        ])
    }

    /// Names come from the mapping's keys, so a broken function does not hide a having typo.
    @Test func havingIsCheckedEvenWhenAnAggregateFunctionIsInvalid() {
        let body = tumbling.replacing("visits: count", with: "visits: cout") + "\nhaving: [{field: visit, gte: 3}]"
        #expect(messages(pipeline(body)) == [
            "unknown aggregate function 'cout' for pipelines[0].aggregates.visits; expected count, or a one-key mapping "
                + "such as {sum: amount} (functions: count, sum, min, max, distinct_count, last) (did you mean 'count'?)",
            "unknown aggregate 'visit' in pipelines[0].having[0].field; having tests the aggregates visits (did you mean 'visits'?)",
        ])
    }

    @Test func havingIsNotCheckedAgainstAggregatesThatAreNotAMapping() {
        let body = tumbling.replacing("aggregates:\n  visits: count", with: "aggregates: count") + "\nhaving: [{field: visits, gte: 3}]"
        #expect(messages(pipeline(body)) == ["expected a mapping for pipelines[0].aggregates, got string 'count'"])
    }

    @Test(arguments: [
        ("having: {field: visits, gte: 3}", "expected a list for pipelines[0].having, got a mapping"),
        ("having: [{field: visits, gte: many}]", "expected a number for pipelines[0].having[0].gte, got string 'many'"),
    ])
    func havingUsesThePredicateSyntax(having: String, expected: String) {
        #expect(messages(pipeline(tumbling + "\n" + having)) == [expected])
    }

    @Test func windowMustBeAMapping() {
        let body = tumbling.replacing("window:\n  type: tumbling\n  size: 1m", with: "window: tumbling")
        #expect(messages(pipeline(body)) == ["expected a mapping for pipelines[0].window, got string 'tumbling'"])
    }
}
