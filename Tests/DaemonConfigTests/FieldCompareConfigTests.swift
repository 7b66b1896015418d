import Testing
@testable import DaemonConfig

/// Field-to-field predicates (`gt_field`, …) and followed_by's `same:` in the config schema.
@Suite struct FieldCompareConfigTests {
    @Test func everyFieldOperatorTakesAFieldPath() throws {
        let yaml = minimalYAML.replacing("    action:", with: """
                where:
                  - {field: ts, gt_field: promised_delivery}
                  - {field: ts, gte_field: start.promised_delivery}
                  - {field: a, lt_field: b.c}
                  - {field: a, lte_field: b}
                  - {field: store_id, equals_field: home_store}
                action:
            """)
        let predicates = try #require(parseValid(yaml)?.pipelines.first?.predicates)
        #expect(predicates.map(\.op) == [.gtField, .gteField, .ltField, .lteField, .equalsField])
        #expect(predicates.map(\.operand) == [
            .string("promised_delivery"), .string("start.promised_delivery"), .string("b.c"), .string("b"),
            .string("home_store"),
        ])
    }

    @Test(arguments: [
        ("{field: a, gt_field: {x: 1}}", "test.yaml:15:30: expected a string for pipelines[0].where[0].gt_field, got a mapping"),
        ("{field: a, lt_field: \"b..c\"}", "test.yaml:15:30: invalid field path 'b..c' for pipelines[0].where[0].lt_field; "
            + "use field names separated by single dots, e.g. customer_id or order.total"),
        ("{field: a, equals_field: [b]}", "test.yaml:15:34: expected a string for pipelines[0].where[0].equals_field, got a list"),
    ])
    func badOperandIsReportedAtItsPlace(predicate: String, expected: String) {
        let yaml = minimalYAML.replacing("    action:", with: "    where:\n      - \(predicate)\n    action:")
        #expect(errors(yaml) == [expected])
    }

    @Test func aFieldOperatorAfterAnotherOperatorIsRejected() {
        let yaml = minimalYAML.replacing("    action:", with: "    where:\n      - {field: a, gt: 1, gt_field: b}\n    action:")
        #expect(errors(yaml) == ["test.yaml:15:27: predicate pipelines[0].where[0] has a second operator 'gt_field' after "
            + "'gt'; a predicate takes exactly one operator, so split it into two predicates"])
    }

    @Test func followedByTakesSame() throws {
        let yaml = pipeline("""
            kind: followed_by
            start: [{field: type, equals: order_ready}]
            then: [{field: type, equals: store_arrival}]
            within: 7d
            same: [store_id, order.region]
            """)
        let pattern = try #require(parseValid(yaml)?.pipelines.first?.pattern)
        #expect(pattern.same == ["store_id", "order.region"])
    }

    @Test(arguments: [
        ("same: []", "test.yaml:17:11: pipelines[0].same must not be empty; omit it to match any pending start"),
        ("same: [store_id, store_id]", "test.yaml:17:22: pipelines[0].same lists 'store_id' twice"),
        ("same: store_id", "test.yaml:17:11: expected a list for pipelines[0].same, got string 'store_id'"),
        ("same: [\"a..b\"]", "test.yaml:17:12: invalid field path 'a..b' for pipelines[0].same[0]; "
            + "use field names separated by single dots, e.g. customer_id or order.total"),
    ])
    func badSameIsReportedAtItsPlace(line: String, expected: String) {
        let yaml = pipeline("""
            kind: followed_by
            start: [{field: type, equals: a}]
            then: [{field: type, equals: b}]
            \(line)
            within: 1h
            """)
        #expect(errors(yaml) == [expected])
    }

    @Test func sameIsOnlyForFollowedBy() {
        let yaml = pipeline("""
            kind: threshold
            start: [{field: type, equals: a}]
            count: 2
            within: 1h
            same: [store_id]
            """)
        #expect(messages(yaml).count == 1)
        #expect(messages(yaml).first?.contains("used by kind followed_by") == true)
    }
}
