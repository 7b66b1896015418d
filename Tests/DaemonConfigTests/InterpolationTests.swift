import Testing
@testable import DaemonConfig

/// `${VAR}` interpolation: exercised end to end (so positions and typing are covered) and on
/// the expander alone (so edge cases stay readable).
@Suite struct InterpolationTests {
    @Test func setVariableIsSubstituted() throws {
        let yaml = minimalYAML.replacing("group_id: g", with: "group_id: ${GROUP}")
        let config = try #require(parseValid(yaml, environment: ["GROUP": "cx-7"]))
        #expect(config.kafka.groupID == "cx-7")
    }

    @Test func unsetVariableIsReportedAtTheScalar() {
        let yaml = minimalYAML.replacing("group_id: g", with: "group_id: pre-${GROUP}")
        #expect(errors(yaml) == ["test.yaml:3:13: environment variable 'GROUP' is not set"])
    }

    @Test func everyUnsetVariableIsReported() {
        let yaml = minimalYAML
            .replacing("group_id: g", with: "group_id: ${A}-${B}")
            .replacing("dir: /tmp/s", with: "dir: ${C}")
        #expect(errors(yaml) == [
            "test.yaml:3:13: environment variable 'A' is not set",
            "test.yaml:3:13: environment variable 'B' is not set",
            "test.yaml:11:8: environment variable 'C' is not set",
        ])
    }

    @Test func defaultIsUsedWhenUnset() throws {
        let yaml = minimalYAML.replacing("group_id: g", with: "group_id: ${GROUP:cx-default}")
        #expect(try #require(parseValid(yaml)).kafka.groupID == "cx-default")
        #expect(try #require(parseValid(yaml, environment: ["GROUP": "set"])).kafka.groupID == "set")
    }

    @Test func defaultMayContainColons() throws {
        let yaml = minimalYAML.replacing("brokers: b:9092", with: "brokers: ${BROKERS:127.0.0.1:9092}")
        #expect(try #require(parseValid(yaml)).kafka.brokers == "127.0.0.1:9092")
    }

    @Test func emptyDefaultInAQuotedValueIsAnEmptyString() throws {
        let yaml = minimalYAML.replacing("message: hi", with: "message: \"${MESSAGE:}\"")
        #expect(try #require(parseValid(yaml)).pipelines.first?.action.message == "")
    }

    @Test func emptyDefaultInAPlainValueIsNull() throws {
        // Null switches an optional key off ...
        let optional = minimalYAML.replacing("topic: in", with: "topic: in\n    key_field: ${KEY_FIELD:}")
        #expect(try #require(parseValid(optional)).inputs.first?.keyField == nil)
        // ... and is the wrong type for a required one.
        let required = minimalYAML.replacing("message: hi", with: "message: ${MESSAGE:}")
        #expect(messages(required) == ["expected a string for pipelines[0].action.message, got null"])
    }

    @Test func doubleDollarEscapesInterpolation() throws {
        let yaml = minimalYAML.replacing("message: hi", with: "message: \"costs $${price} and ${CURRENCY:EUR}\"")
        #expect(try #require(parseValid(yaml)).pipelines.first?.action.message == "costs ${price} and EUR")
    }

    @Test func plainScalarsAreTypedAfterInterpolation() throws {
        let yaml = minimalYAML
            .replacing("group_id: g", with: "group_id: g\n  topic_partitions: ${PARTITIONS:8}\n  create_topics: ${CREATE}")
            .replacing("    action:", with: """
                    where:
                      - field: n
                        equals: ${N}
                      - field: s
                        equals: "${N}"
                      - field: f
                        gt: ${F:1.5}
                    action:
                """)
        let config = try #require(parseValid(yaml, environment: ["N": "15", "CREATE": "false"]))
        #expect(config.kafka.topicPartitions == 8)
        #expect(config.kafka.createTopics == false)
        #expect(config.pipelines.first?.predicates.map(\.operand) == [.int(15), .string("15"), .double(1.5)])
    }

    @Test func quotedScalarsStayStrings() {
        let yaml = minimalYAML.replacing("group_id: g", with: "group_id: g\n  topic_partitions: \"${PARTITIONS:8}\"")
        #expect(errors(yaml) == ["test.yaml:4:21: expected an integer for kafka.topic_partitions, got string '8'"])
    }

    @Test func environmentValuesCannotInjectStructure() throws {
        let yaml = minimalYAML.replacing("message: hi", with: "message: ${MESSAGE}")
        let injected = "hi\n  evil: true\nstate: {dir: /}"
        let config = try #require(parseValid(yaml, environment: ["MESSAGE": injected]))
        #expect(config.pipelines.first?.action.message == injected)
        #expect(config.state.dir == "/tmp/s")
    }

    @Test func keysAreNotInterpolated() {
        let yaml = minimalYAML.replacing("state:", with: "${SECTION}: {}\nstate:")
        #expect(errors(yaml, environment: ["SECTION": "metrics"]) == ["test.yaml:10:1: unknown key '${SECTION}' at top level"])
    }

    @Test func malformedReferencesAreReported() {
        let yaml = minimalYAML
            .replacing("group_id: g", with: "group_id: ${GROUP")
            .replacing("dir: /tmp/s", with: "dir: ${STATE DIR}")
        #expect(errors(yaml) == [
            "test.yaml:3:13: unterminated '${' in value (write '$${' for a literal '${')",
            "test.yaml:11:8: invalid environment variable reference '${STATE DIR}' "
                + "(names use A-Z, a-z, 0-9, '_' and '.'; write '$${' for a literal '${')",
        ])
    }

    @Test(arguments: [
        ("plain", [:], "plain"),
        ("$", [:], "$"),
        ("a$b", [:], "a$b"),
        ("${A}", ["A": "1"], "1"),
        ("${A}", ["A": ""], ""),
        ("x${A}y${B}z", ["A": "1", "B": "2"], "x1y2z"),
        ("${A:d}", [:], "d"),
        ("${A:d}", ["A": ""], "d"),
        ("${A:d}", ["A": "v"], "v"),
        ("${A:}", [:], ""),
        ("${A:a:b:c}", [:], "a:b:c"),
        ("${A:{x}", [:], "{x"),
        ("$${A}", ["A": "v"], "${A}"),
        ("${my.var_1}", ["my.var_1": "ok"], "ok"),
    ] as [(String, [String: String], String)])
    func expansion(text: String, environment: [String: String], expected: String) {
        let expansion = EnvironmentInterpolation.expand(text, environment: environment)
        #expect(expansion.problems == [])
        #expect(expansion.text == expected)
    }

    @Test(arguments: [
        ("${A}", [EnvironmentInterpolation.Problem.unset(name: "A")]),
        ("${}", [.invalidName(reference: "${}")]),
        ("${:d}", [.invalidName(reference: "${:d}")]),
        ("${A B}", [.invalidName(reference: "${A B}")]),
        ("${A", [.unterminated]),
        ("${A}${B}", [.unset(name: "A"), .unset(name: "B")]),
    ])
    func expansionProblems(text: String, problems: [EnvironmentInterpolation.Problem]) {
        #expect(EnvironmentInterpolation.expand(text, environment: [:]).problems == problems)
    }
}
