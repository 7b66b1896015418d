import Testing
@testable import DaemonConfig

/// `time_field` / `time_format` rules and the other per-input checks.
@Suite struct InputTests {
    @Test(arguments: [("epoch_ms", TimeFormat.epochMillis), ("epoch_s", .epochSeconds), ("rfc3339", .rfc3339)])
    func fieldBasedTimeFormats(text: String, format: TimeFormat) throws {
        let yaml = minimalYAML.replacing("    time_field: ts", with: "    time_field: ts\n    time_format: \(text)")
        let input = try #require(parseValid(yaml)?.inputs.first)
        #expect(input.timeFormat == format)
        #expect(input.timeField == "ts")
    }

    @Test func kafkaTimestampNeedsNoField() throws {
        let yaml = minimalYAML.replacing("    time_field: ts", with: "    time_format: kafka")
        let input = try #require(parseValid(yaml)?.inputs.first)
        #expect(input.timeFormat == .kafkaTimestamp)
        #expect(input.timeField == nil)
    }

    @Test func timeFieldIsForbiddenWithKafkaTimestamp() {
        let yaml = minimalYAML.replacing("    time_field: ts", with: "    time_format: kafka\n    time_field: ts")
        #expect(errors(yaml) == [
            "test.yaml:7:5: time_field must not be set when time_format is kafka (the Kafka record timestamp is the event time)",
        ])
    }

    @Test func timeFieldIsRequiredOtherwise() {
        let yaml = minimalYAML.replacing("    time_field: ts", with: "    time_format: epoch_s")
        #expect(errors(yaml) == [
            "test.yaml:5:5: missing required key 'time_field' in inputs[0] (needed unless time_format is kafka; this input uses epoch_s)",
        ])
    }

    @Test func timeFieldIsRequiredWithTheDefaultFormat() {
        let yaml = minimalYAML.replacing("    time_field: ts", with: "    key_field: id")
        #expect(messages(yaml) == [
            "missing required key 'time_field' in inputs[0] (needed unless time_format is kafka; this input uses epoch_ms)",
        ])
    }

    /// With an unknown time_format, whether time_field is needed is unknowable; say only what is wrong.
    @Test func invalidTimeFormatIsTheOnlyComplaint() {
        let yaml = minimalYAML.replacing("    time_field: ts", with: "    time_format: kafak")
        #expect(messages(yaml) == [
            "unknown value 'kafak' for inputs[0].time_format; expected one of: epoch_ms, epoch_s, rfc3339, kafka (did you mean 'kafka'?)",
        ])
    }

    @Test func outputTopicsMustNotFeedBackIntoInputs() {
        let yaml = minimalYAML
            .replacing("  actions_topic: out", with: "  actions_topic: in")
            .replacing("  dead_letter_topic: dlq", with: "  dead_letter_topic: in")
        #expect(errors(yaml) == [
            "test.yaml:8:18: output.actions_topic 'in' is also an input topic; the daemon would consume its own output",
            "test.yaml:9:22: output.dead_letter_topic 'in' is also an input topic; the daemon would consume its own output",
            "test.yaml:9:22: output.dead_letter_topic must differ from output.actions_topic ('in'); consumers of actions would receive dead letters",
        ])
    }

    @Test func topicNameRules() {
        #expect(TopicName.isValid("cx.events-v2_EU"))
        #expect(TopicName.isValid(String(repeating: "a", count: 249)))
        #expect(!TopicName.isValid(String(repeating: "a", count: 250)))
        #expect(!TopicName.isValid(""))
        #expect(!TopicName.isValid("."))
        #expect(!TopicName.isValid(".."))
        #expect(!TopicName.isValid("cx/events"))
        #expect(!TopicName.isValid("événements"))
    }

    @Test func numericLookingStringSettingsAreAccepted() throws {
        let yaml = minimalYAML.replacing("  group_id: g", with: "  group_id: 2024").replacing("  - topic: in", with: "  - topic: 42")
        let config = try #require(parseValid(yaml))
        #expect(config.kafka.groupID == "2024")
        #expect(config.inputs.first?.topic == "42")
    }
}
