import Testing
@testable import DaemonConfig

@Suite struct PipelineTests {
    @Test func inputReferringToAnUndeclaredTopicIsReportedAtThatItem() {
        let yaml = minimalYAML.replacing("  - name: p", with: "  - name: p\n    inputs:\n      - in\n      - inn\n      - elsewhere")
        #expect(errors(yaml) == [
            "test.yaml:16:9: topic 'inn' in pipelines[0].inputs[1] is not declared in inputs (did you mean 'in'?)",
            "test.yaml:17:9: topic 'elsewhere' in pipelines[0].inputs[2] is not declared in inputs",
        ])
    }

    @Test func explicitEmptyInputListIsRejected() {
        let yaml = minimalYAML.replacing("  - name: p", with: "  - name: p\n    inputs: []")
        #expect(errors(yaml) == ["test.yaml:14:13: pipelines[0].inputs must not be empty; omit it to read every input"])
    }

    @Test func topicListedTwiceIsRejected() {
        let yaml = minimalYAML.replacing("  - name: p", with: "  - name: p\n    inputs: [in, in]")
        #expect(errors(yaml) == ["test.yaml:14:18: topic 'in' is listed twice in pipelines[0].inputs"])
    }

    @Test func predicateWithoutAnOperatorIsRejected() {
        let yaml = minimalYAML.replacing("    action:", with: "    where:\n      - field: type\n    action:")
        #expect(errors(yaml) == [
            "test.yaml:15:9: predicate pipelines[0].where[0] needs exactly one operator: "
                + "equals, not_equals, in, not_in, exists, gt, gte, lt, lte, contains, "
                + "equals_field, gt_field, gte_field, lt_field, lte_field",
        ])
    }

    @Test func predicateWithTwoOperatorsIsRejectedAtTheSecond() {
        let yaml = minimalYAML.replacing("    action:", with: """
                where:
                  - field: amount
                    gte: 1
                    lt: 5
                action:
            """)
        #expect(errors(yaml) == [
            "test.yaml:17:9: predicate pipelines[0].where[0] has a second operator 'lt' after 'gte'; "
                + "a predicate takes exactly one operator, so split it into two predicates",
        ])
    }

    @Test func predicateWithoutFieldIsRejected() {
        let yaml = minimalYAML.replacing("    action:", with: "    where:\n      - equals: x\n    action:")
        #expect(errors(yaml) == ["test.yaml:15:9: missing required key 'field' in pipelines[0].where[0]"])
    }

    @Test func everyOperatorWithItsOperand() throws {
        let yaml = minimalYAML.replacing("    action:", with: """
                where:
                  - {field: a, equals: x}
                  - {field: b, not_equals: 2}
                  - {field: c, in: [x, 1, true, null]}
                  - {field: d, not_in: ["1"]}
                  - {field: e, exists: false}
                  - {field: f, gt: 1}
                  - {field: g, gte: 1.5}
                  - {field: h, lt: -2}
                  - {field: i.j, lte: 0.0}
                  - {field: k, contains: "@example.com"}
                  - {field: l, equals: null}
                action:
            """)
        let predicates = try #require(parseValid(yaml)?.pipelines.first?.predicates)
        #expect(predicates.map(\.field) == ["a", "b", "c", "d", "e", "f", "g", "h", "i.j", "k", "l"])
        #expect(predicates.map(\.op) == [.equals, .notEquals, .in, .notIn, .exists, .gt, .gte, .lt, .lte, .contains, .equals])
        #expect(predicates.map(\.operand) == [
            .string("x"), .int(2), .list([.string("x"), .int(1), .bool(true), .null]), .list([.string("1")]),
            .bool(false), .int(1), .double(1.5), .int(-2), .double(0), .string("@example.com"), .null,
        ])
        #expect(predicates.first?.location == ConfigSourceLocation(file: "test.yaml", line: 15, column: 9))
    }

    @Test(arguments: [
        ("{field: a, equals: [x]}", "expected a scalar (string, number, boolean or null) for pipelines[0].where[0].equals, got a list"),
        ("{field: a, not_equals: {x: 1}}", "expected a scalar (string, number, boolean or null) for pipelines[0].where[0].not_equals, got a mapping"),
        ("{field: a, in: x}", "expected a list for pipelines[0].where[0].in, got string 'x'"),
        ("{field: a, in: []}", "pipelines[0].where[0].in must not be empty; an empty list never matches"),
        ("{field: a, not_in: [[x]]}", "expected a scalar (string, number, boolean or null) for pipelines[0].where[0].not_in[0], got a list"),
        ("{field: a, exists: yes}", "expected a boolean (true or false) for pipelines[0].where[0].exists, got string 'yes'"),
        ("{field: a, gt: \"5\"}", "expected a number for pipelines[0].where[0].gt, got string '5'"),
        ("{field: a, lte: true}", "expected a number for pipelines[0].where[0].lte, got boolean true"),
        ("{field: a, contains: 42}", "expected a string for pipelines[0].where[0].contains, got integer 42"),
        ("{field: '', equals: x}", "invalid field path '' for pipelines[0].where[0].field; use field names separated by single dots, e.g. customer_id or order.total"),
        ("[field, equals]", "expected a mapping for pipelines[0].where[0], got a list"),
    ])
    func operandTypeErrors(predicate: String, expected: String) {
        let yaml = minimalYAML.replacing("    action:", with: "    where:\n      - \(predicate)\n    action:")
        #expect(messages(yaml) == [expected])
    }

    @Test func missingActionAndMessage() {
        let yaml = minimalYAML.replacing("      message: hi", with: "")
            .replacing("pipelines:", with: "pipelines:\n  - name: q")
        #expect(errors(yaml) == [
            "test.yaml:13:5: missing required key 'action' in pipelines[0]",
            "test.yaml:16:7: missing required key 'message' in pipelines[1].action",
        ])
    }

    @Test func emptyPipelineListIsRejected() {
        let yaml = minimalYAML.replacing("  - name: p\n    action:\n      channel: sms\n      message: hi", with: "  []")
        #expect(errors(yaml) == ["test.yaml:13:3: pipelines must not be empty; define at least one pipeline"])
    }
}
