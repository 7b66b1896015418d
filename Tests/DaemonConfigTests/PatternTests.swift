import Testing
@testable import DaemonConfig

/// The pattern kinds: followed_by, absence, threshold, inactivity, change.
@Suite struct PatternTests {
    /// "field op operand" per predicate, so expectations do not depend on locations.
    private func describe(_ predicates: [PredicateSettings]) -> [String] {
        predicates.map { "\($0.field) \($0.op.rawValue) \($0.operand)" }
    }

    @Test func absenceWithEveryKey() throws {
        let yaml = pipeline("""
            kind: absence
            start: [{field: type, equals: cart_add}]
            then: [{field: type, equals: purchase}, {field: total, gt: 0}]
            cancel: [{field: type, equals: cart_cleared}]
            within: 30m
            cooldown: 24h
            where: [{field: country, equals: NL}]
            """)
        let settings = try #require(parseValid(yaml)?.pipelines.first)
        #expect(settings.kind == .absence)
        #expect(settings.window == nil)
        #expect(describe(settings.predicates) == ["country equals string(\"NL\")"])
        let pattern = try #require(settings.pattern)
        #expect(describe(pattern.start) == ["type equals string(\"cart_add\")"])
        #expect(describe(pattern.then) == ["type equals string(\"purchase\")", "total gt int(0)"])
        #expect(describe(pattern.cancel) == ["type equals string(\"cart_cleared\")"])
        #expect(pattern.withinMs == 1_800_000)
        #expect(pattern.cooldownMs == 86_400_000)
        #expect(pattern.deadlineField == nil)
        #expect(pattern.count == nil)
        #expect(pattern.location == ConfigSourceLocation(file: "test.yaml", line: 13, column: 5))
        #expect(pattern.start.first?.location == ConfigSourceLocation(file: "test.yaml", line: 15, column: 13))
    }

    @Test func absenceWithADeadlineFieldInsteadOfWithin() throws {
        let yaml = pipeline("""
            kind: absence
            start: [{field: type, equals: order_placed}]
            then: [{field: type, equals: delivered}]
            deadline_field: delivery.promised_at
            """)
        let pattern = try #require(parseValid(yaml)?.pipelines.first?.pattern)
        #expect(pattern.deadlineField == "delivery.promised_at")
        #expect(pattern.withinMs == nil)
        #expect(pattern.cancel.isEmpty)
        #expect(pattern.cooldownMs == nil)
    }

    @Test func absenceWithBothHorizonsIsReportedAtTheLaterKey() {
        let yaml = pipeline("""
            kind: absence
            start: [{field: type, equals: a}]
            then: [{field: type, equals: b}]
            deadline_field: due
            within: 30m
            """)
        #expect(errors(yaml) == [
            "test.yaml:18:5: kind absence takes either 'within' or 'deadline_field', not both, in pipelines[0]",
        ])
    }

    @Test func absenceWithoutAHorizon() {
        let yaml = pipeline("kind: absence\nstart: [{field: type, equals: a}]\nthen: [{field: type, equals: b}]")
        #expect(errors(yaml) == [
            "test.yaml:13:5: missing required key 'within' or 'deadline_field' in pipelines[0] "
                + "(kind absence needs exactly one of them)",
        ])
    }

    /// The typo is the one mistake; "missing within" would repeat it.
    @Test func misspeltHorizonIsReportedOnce() {
        let yaml = pipeline("kind: absence\nstart: [{field: type, equals: a}]\nthen: [{field: type, equals: b}]\nwithn: 5m")
        #expect(errors(yaml) == ["test.yaml:17:5: unknown key 'withn' in pipelines[0] (did you mean 'within'?)"])
    }

    @Test func followedByThresholdAndInactivity() throws {
        let yaml = minimalYAML.replacing("pipelines:", with: """
            pipelines:
              - name: browse_then_buy
                kind: followed_by
                start: [{field: type, equals: product_view}]
                then: [{field: type, equals: purchase}]
                within: 2h
                action: {channel: email, message: thanks}
              - name: login_failures
                kind: threshold
                start: [{field: type, equals: login_failed}]
                count: 3
                within: 1d
                cancel: [{field: type, equals: login_ok}]
                action: {channel: agent, message: "{{count}} failed logins"}
              - name: churn_risk
                kind: inactivity
                start: [{field: type, exists: true}]
                within: 60d
                cooldown: 30d
                action: {channel: email, message: we miss you}
            """)
        let pipelines = try #require(parseValid(yaml)?.pipelines)
        #expect(pipelines.map(\.kind) == [.followedBy, .threshold, .inactivity, .filter])
        let followedBy = try #require(pipelines[0].pattern)
        #expect(describe(followedBy.then) == ["type equals string(\"purchase\")"])
        #expect(followedBy.withinMs == 7_200_000)
        let threshold = try #require(pipelines[1].pattern)
        #expect(threshold.count == 3)
        #expect(threshold.withinMs == 86_400_000)
        #expect(describe(threshold.cancel) == ["type equals string(\"login_ok\")"])
        #expect(threshold.then.isEmpty)
        let inactivity = try #require(pipelines[2].pattern)
        #expect(inactivity.withinMs == 5_184_000_000)
        #expect(inactivity.cooldownMs == 2_592_000_000)
        #expect(pipelines[3].pattern == nil)
        #expect(pipelines[3].window == nil)
    }

    @Test(arguments: [
        ("min_change: 15m", 900_000.0),
        ("min_change: 1h30m", 5_400_000.0),
        ("min_change: 10", 10.0),
        ("min_change: 0.5", 0.5),
    ])
    func changeAcceptsANumberOrADuration(minChange: String, expected: Double) throws {
        let yaml = pipeline("""
            kind: change
            field: departure_estimate
            baseline_field: departure_scheduled
            \(minChange)
            """)
        let pattern = try #require(parseValid(yaml)?.pipelines.first?.pattern)
        #expect(pattern.field == "departure_estimate")
        #expect(pattern.baselineField == "departure_scheduled")
        #expect(pattern.minChange == expected)
        #expect(pattern.start.isEmpty)
        #expect(pattern.withinMs == nil)
    }

    @Test func changeBaselineDefaultsToTheFirstValue() throws {
        let pattern = try #require(parseValid(pipeline("kind: change\nfield: price\nmin_change: 5"))?.pipelines.first?.pattern)
        #expect(pattern.baselineField == nil)
    }

    @Test(arguments: [
        ("min_change: 0", "pipelines[0].min_change must be a finite number greater than zero, got '0'"),
        ("min_change: -2.5", "pipelines[0].min_change must be a finite number greater than zero, got '-2.5'"),
        ("min_change: 0s", "pipelines[0].min_change must be a finite number greater than zero, got '0s'"),
        ("min_change: .inf", "pipelines[0].min_change must be a finite number greater than zero, got '.inf'"),
        ("min_change: .nan", "pipelines[0].min_change must be a finite number greater than zero, got '.nan'"),
        ("min_change: 15 min", "invalid duration '15 min' for pipelines[0].min_change (expected e.g. 500ms, 10s, 5m, 1h, 7d); a plain number is also accepted"),
        ("min_change: \"15\"", "invalid duration '15' for pipelines[0].min_change (expected e.g. 500ms, 10s, 5m, 1h, 7d); a plain number is also accepted"),
        ("min_change: [15m]", "expected a number or a duration such as 15m for pipelines[0].min_change, got a list"),
        ("min_change: true", "expected a number or a duration such as 15m for pipelines[0].min_change, got boolean true"),
    ])
    func invalidMinChange(minChange: String, expected: String) {
        #expect(messages(pipeline("kind: change\nfield: price\n\(minChange)")) == [expected])
    }

    /// Every kind names what it needs, at the pipeline, in one run.
    @Test(arguments: [
        ("followed_by", ["start", "then", "within"]),
        ("threshold", ["start", "within", "count"]),
        ("inactivity", ["start", "within"]),
        ("change", ["field", "min_change"]),
        ("window", ["window", "aggregates"]),
    ])
    func requiredKeysPerKind(kind: String, missing: [String]) {
        #expect(errors(pipeline("kind: \(kind)")) == missing.map {
            "test.yaml:13:5: missing required key '\($0)' in pipelines[0] (kind \(kind) needs it)"
        })
    }

    @Test func absenceNeedsStartThenAndAHorizon() {
        #expect(errors(pipeline("kind: absence")) == [
            "test.yaml:13:5: missing required key 'start' in pipelines[0] (kind absence needs it)",
            "test.yaml:13:5: missing required key 'then' in pipelines[0] (kind absence needs it)",
            "test.yaml:13:5: missing required key 'within' or 'deadline_field' in pipelines[0] "
                + "(kind absence needs exactly one of them)",
        ])
    }

    /// A stray key is reported at the key with the kinds that use it; its value is not also checked.
    @Test(arguments: [
        ("kind: absence\nstart: [{field: a, exists: true}]\nthen: [{field: b, exists: true}]\nwithin: 1m\ncount: -5",
         "test.yaml:18:5: 'count' does not apply to kind absence (used by kind threshold)"),
        ("kind: threshold\nstart: [{field: a, exists: true}]\ncount: 2\nwithin: 1m\nthen: [{field: b, exists: true}]",
         "test.yaml:18:5: 'then' does not apply to kind threshold (used by kinds followed_by, absence)"),
        ("kind: followed_by\nstart: [{field: a, exists: true}]\nthen: [{field: b, exists: true}]\nwithin: 1m\ndeadline_field: due",
         "test.yaml:18:5: 'deadline_field' does not apply to kind followed_by (used by kind absence)"),
        ("kind: change\nfield: price\nmin_change: 1\nwithin: 1h",
         "test.yaml:17:5: 'within' does not apply to kind change (used by kinds followed_by, absence, threshold, inactivity)"),
        ("kind: inactivity\nstart: [{field: a, exists: true}]\nwithin: 1d\nbaseline_field: x",
         "test.yaml:17:5: 'baseline_field' does not apply to kind inactivity (used by kind change)"),
        ("kind: absence\nstart: [{field: a, exists: true}]\nthen: [{field: b, exists: true}]\nwithin: 1m\nhaving: []",
         "test.yaml:18:5: 'having' does not apply to kind absence (used by kind window)"),
        ("kind: filter\nstart: [{field: type, equals: a}]",
         "test.yaml:15:5: 'start' does not apply to kind filter (used by kinds followed_by, absence, threshold, inactivity)"),
        ("within: 30 mins",
         "test.yaml:14:5: 'within' does not apply to kind filter (used by kinds followed_by, absence, threshold, inactivity; "
            + "kind defaults to filter)"),
    ])
    func keyThatDoesNotApplyToTheKind(keys: String, expected: String) {
        #expect(errors(pipeline(keys)) == [expected])
    }

    /// `filter` takes none of the other kinds' keys (its own, `distinct_by`/`distinct_within`, are
    /// tested in `DistinctFilterConfigTests`); the value is never looked at.
    @Test(arguments: PipelineSettings.Kind.dependentKeys.filter { !PipelineSettings.Kind.filter.keys.contains($0) })
    func filterAcceptsNoKindSpecificKey(key: String) {
        #expect(messages(pipeline("kind: filter\n\(key): whatever")) == [
            "'\(key)' does not apply to kind filter (\(PipelineSettings.Kind.usedBy(key)))",
        ])
    }

    @Test func cancelAndCooldownApplyToEveryPatternKind() {
        let patternKinds = PipelineSettings.Kind.allCases.filter(\.isPattern)
        #expect(patternKinds.map(\.rawValue) == ["followed_by", "absence", "threshold", "inactivity", "change"])
        for kind in patternKinds {
            #expect(kind.keys.contains("cancel") && kind.keys.contains("cooldown"), "\(kind)")
        }
        #expect(PipelineSettings.Kind.usedBy("cooldown") == "used by kinds followed_by, absence, threshold, inactivity, change, lapse")
    }

    /// A misspelt kind is one mistake: no "does not apply" or "missing" noise, but the values of
    /// the keys that are there are still checked in the same run.
    @Test func invalidKindDoesNotCascade() {
        let yaml = pipeline("kind: absense\nstart: [{field: type, equals: a}]\nwithin: 30 mins\ncount: 0")
        #expect(errors(yaml) == [
            "test.yaml:14:11: unknown value 'absense' for pipelines[0].kind; expected one of: filter, window, "
                + "followed_by, absence, threshold, inactivity, change, fan_out, lapse (did you mean 'absence'?)",
            "test.yaml:16:13: invalid duration '30 mins' for pipelines[0].within (expected e.g. 500ms, 10s, 5m, 1h, 7d)",
            "test.yaml:17:12: pipelines[0].count must be at least 1, got 0",
        ])
    }

    @Test(arguments: [
        ("within: 30 mins", "test.yaml:17:13: invalid duration '30 mins' for pipelines[0].within (expected e.g. 500ms, 10s, 5m, 1h, 7d)"),
        ("within: 30", "test.yaml:17:13: expected a duration such as 500ms, 10s or 1h30m for pipelines[0].within, got integer 30"),
        ("within: 0s", "test.yaml:17:13: pipelines[0].within must be greater than zero, got '0s'"),
        ("within: 1m\ncooldown: 1 day", "test.yaml:18:15: invalid duration '1 day' for pipelines[0].cooldown (expected e.g. 500ms, 10s, 5m, 1h, 7d)"),
        ("within: 1m\ncooldown: 0ms", "test.yaml:18:15: pipelines[0].cooldown must be greater than zero, got '0ms'"),
    ])
    func durationsMustParse(keys: String, expected: String) {
        let yaml = pipeline("kind: followed_by\nstart: [{field: a, exists: true}]\nthen: [{field: b, exists: true}]\n\(keys)")
        #expect(errors(yaml) == [expected])
    }

    @Test(arguments: [
        ("count: 0", "pipelines[0].count must be at least 1, got 0"),
        ("count: \"3\"", "expected an integer for pipelines[0].count, got string '3'"),
        ("count: 2.5", "expected an integer for pipelines[0].count, got number 2.5"),
    ])
    func thresholdCountIsAPositiveInteger(count: String, expected: String) {
        let yaml = pipeline("kind: threshold\nstart: [{field: a, exists: true}]\nwithin: 1h\n\(count)")
        #expect(messages(yaml) == [expected])
    }

    @Test(arguments: [
        ("start: []\nthen: [{field: b, exists: true}]",
         "test.yaml:15:12: pipelines[0].start must not be empty; it would match every event"),
        ("start: [{field: a, exists: true}]\nthen: []",
         "test.yaml:16:11: pipelines[0].then must not be empty; it would match every event"),
        ("start: [{field: a, exists: true}]\nthen: [{field: b, exists: true}]\ncancel: []",
         "test.yaml:17:13: pipelines[0].cancel must not be empty; omit cancel if nothing cancels a match"),
    ])
    func patternPredicateListsMustNotBeEmpty(lists: String, expected: String) {
        #expect(errors(pipeline("kind: absence\n\(lists)\nwithin: 1m")) == [expected])
    }

    @Test(arguments: [
        ("start: {field: type, equals: a}", "expected a list for pipelines[0].start, got a mapping"),
        ("start: [{field: type, equal: a}]", "unknown key 'equal' in pipelines[0].start[0] (did you mean 'equals'?)"),
        ("start: [{field: type, gt: a}]", "expected a number for pipelines[0].start[0].gt, got string 'a'"),
        ("start: [{field: .type, equals: a}]", "invalid field path '.type' for pipelines[0].start[0].field; use field names separated by single dots, e.g. customer_id or order.total"),
    ])
    func patternPredicatesUseTheWhereSyntax(start: String, expected: String) {
        #expect(messages(pipeline("kind: inactivity\n\(start)\nwithin: 7d")) == [expected])
    }

    @Test(arguments: [
        ("kind: absence\nstart: [{field: a, exists: true}]\nthen: [{field: b, exists: true}]\ndeadline_field: due..at",
         "invalid field path 'due..at' for pipelines[0].deadline_field; use field names separated by single dots, e.g. customer_id or order.total"),
        ("kind: change\nfield: price.\nmin_change: 1",
         "invalid field path 'price.' for pipelines[0].field; use field names separated by single dots, e.g. customer_id or order.total"),
        ("kind: change\nfield: price\nbaseline_field: [list_price]\nmin_change: 1",
         "expected a string for pipelines[0].baseline_field, got a list"),
    ])
    func patternFieldsAreDottedPaths(keys: String, expected: String) {
        #expect(messages(pipeline(keys)) == [expected])
    }

    /// Problems in several pipelines and several keys arrive together, in file order.
    @Test func everyPatternProblemIsReportedAtOnce() {
        let yaml = minimalYAML.replacing("pipelines:", with: """
            pipelines:
              - name: a
                kind: threshold
                start: []
                count: 0
                within: soon
                action: {channel: sms, message: x}
              - name: b
                kind: change
                field: price
                min_change: -1
                count: 3
                action: {channel: sms, message: x}
            """)
        #expect(errors(yaml) == [
            "test.yaml:15:12: pipelines[0].start must not be empty; it would match every event",
            "test.yaml:16:12: pipelines[0].count must be at least 1, got 0",
            "test.yaml:17:13: invalid duration 'soon' for pipelines[0].within (expected e.g. 500ms, 10s, 5m, 1h, 7d)",
            "test.yaml:22:17: pipelines[1].min_change must be a finite number greater than zero, got '-1'",
            "test.yaml:23:5: 'count' does not apply to kind change (used by kind threshold)",
        ])
    }
}
