import Testing
@testable import DaemonConfig

@Suite struct UnknownKeyTests {
    @Test func misspelledKeyIsReportedAtTheKeyWithASuggestion() {
        let yaml = """
            kafka:
              brokers: b:9092
              group_id: g
              grop_id: x
            """
        let found = diagnostics(yaml, file: "demo.yaml")
        let typo = found.first { $0.message.hasPrefix("unknown key") }
        #expect(typo?.description == "demo.yaml:4:3: unknown key 'grop_id' in kafka (did you mean 'group_id'?)")
        #expect(typo?.location == ConfigSourceLocation(file: "demo.yaml", line: 4, column: 3))
    }

    /// The typo replaces a required key; "missing group_id" would only repeat the same fix.
    @Test func misspeltRequiredKeyIsNotAlsoReportedMissing() {
        let yaml = minimalYAML.replacing("  group_id: g", with: "  grop_id: g")
        #expect(errors(yaml, file: "demo.yaml") == ["demo.yaml:3:3: unknown key 'grop_id' in kafka (did you mean 'group_id'?)"])
    }

    @Test func unknownKeyWithoutACloseMatchHasNoSuggestion() {
        let yaml = minimalYAML.replacing("  group_id: g", with: "  group_id: g\n  compression: zstd")
        #expect(errors(yaml) == ["test.yaml:4:3: unknown key 'compression' in kafka"])
    }

    @Test(arguments: [
        ("kafka:", "kafak:", "test.yaml:1:1: unknown key 'kafak' at top level (did you mean 'kafka'?)"),
        ("    time_field: ts", "    time_field: ts\n    max_value_byte: 1", "test.yaml:7:5: unknown key 'max_value_byte' in inputs[0] (did you mean 'max_value_bytes'?)"),
        ("  dead_letter_topic: dlq", "  dead_letter_topic: dlq\n  dead_letter: x", "test.yaml:10:3: unknown key 'dead_letter' in output"),
        ("state:", "runtime:\n  comit_interval: 1s\nstate:", "test.yaml:11:3: unknown key 'comit_interval' in runtime (did you mean 'commit_interval'?)"),
        ("      message: hi", "      message: hi\n      custmer_field: id", "test.yaml:17:7: unknown key 'custmer_field' in pipelines[0].action (did you mean 'customer_field'?)"),
        ("  - name: p", "  - name: p\n    triger: t", "test.yaml:14:5: unknown key 'triger' in pipelines[0] (did you mean 'trigger'?)"),
    ])
    func unknownKeysInEverySection(target: String, replacement: String, expected: String) {
        #expect(errors(minimalYAML.replacing(target, with: replacement)) == [expected])
    }

    @Test func misspeltOperatorIsReportedOnce() {
        let yaml = minimalYAML.replacing("    action:", with: "    where:\n      - field: type\n        equal: x\n    action:")
        #expect(errors(yaml) == ["test.yaml:16:9: unknown key 'equal' in pipelines[0].where[0] (did you mean 'equals'?)"])
    }

    @Test func suggestionPicksTheClosestKnownKey() {
        #expect(Suggestion.closest(to: "grop_id", in: KafkaSettings.keys) == "group_id")
        #expect(Suggestion.closest(to: "topic_partition", in: KafkaSettings.keys) == "topic_partitions")
        #expect(Suggestion.closest(to: "zzzzzz", in: KafkaSettings.keys) == nil)
        #expect(Suggestion.closest(to: "brokrs", in: KafkaSettings.keys, maxDistance: 0) == nil)
        #expect(Suggestion.levenshtein("kitten", "sitting") == 3)
        #expect(Suggestion.levenshtein("", "abc") == 3)
    }
}
