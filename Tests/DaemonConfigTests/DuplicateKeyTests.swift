import Testing
@testable import DaemonConfig

/// Yams rejects duplicate keys on its own with one error; these tests pin down that the loader
/// still reports each duplicate at the later key *and* everything else in the file.
@Suite struct DuplicateKeyTests {
    @Test func duplicateKeyIsReportedAtTheLaterKey() {
        let yaml = minimalYAML.replacing("  group_id: g", with: "  group_id: g\n  group_id: h")
        #expect(errors(yaml) == ["test.yaml:4:3: duplicate key 'group_id' in kafka (first defined at 3:3)"])
    }

    @Test func firstOccurrenceWins() throws {
        // Reported, so the config is rejected; but the value read is the first one.
        let yaml = minimalYAML.replacing("  group_id: g", with: "  group_id: g\n  group_id: [not, a, string]")
        #expect(messages(yaml) == ["duplicate key 'group_id' in kafka (first defined at 3:3)"])
    }

    @Test func duplicateTopLevelSectionAndOtherErrorsAreAllReported() {
        let yaml = minimalYAML
            .replacing("state:\n  dir: /tmp/s", with: "state:\n  dir: /tmp/s\nstate:\n  dir: /tmp/t")
            .replacing("  group_id: g", with: "  grop_id: g")
        #expect(errors(yaml) == [
            "test.yaml:3:3: unknown key 'grop_id' in kafka (did you mean 'group_id'?)",
            "test.yaml:12:1: duplicate key 'state' at top level (first defined at 10:1)",
        ])
    }

    @Test func everyDuplicateInEveryMappingIsReported() {
        let yaml = minimalYAML
            .replacing("  group_id: g", with: "  group_id: g\n  brokers: x\n  group_id: h")
            .replacing("      channel: sms", with: "      channel: sms\n      channel: email")
            .replacing("  actions_topic: out", with: "  actions_topic: out\n  'actions_topic': again")
        #expect(errors(yaml) == [
            "test.yaml:4:3: duplicate key 'brokers' in kafka (first defined at 2:3)",
            "test.yaml:5:3: duplicate key 'group_id' in kafka (first defined at 3:3)",
            "test.yaml:11:3: duplicate key 'actions_topic' in output (first defined at 10:3)",
            "test.yaml:19:7: duplicate key 'channel' in pipelines[0].action (first defined at 18:7)",
        ])
    }

    @Test func keyRepeatedThreeTimesIsReportedTwice() {
        let yaml = minimalYAML.replacing("  dir: /tmp/s", with: "  dir: /a\n  dir: /b\n  dir: /c")
        #expect(errors(yaml) == [
            "test.yaml:12:3: duplicate key 'dir' in state (first defined at 11:3)",
            "test.yaml:13:3: duplicate key 'dir' in state (first defined at 11:3)",
        ])
    }

    @Test func duplicateInFlowMappingAndInList() {
        let yaml = minimalYAML
            .replacing("  dir: /tmp/s", with: "  dir: /tmp/s\nmetrics: {interval: 1s, interval: 2s}")
            .replacing("    time_field: ts", with: "    time_field: ts\n    topic: in2")
        #expect(errors(yaml) == [
            "test.yaml:7:5: duplicate key 'topic' in inputs[0] (first defined at 5:5)",
            "test.yaml:13:25: duplicate key 'interval' in metrics (first defined at 13:11)",
        ])
    }

    @Test func duplicateKeysWithCRLFLineEndings() {
        let yaml = minimalYAML.replacing("  dir: /tmp/s", with: "  dir: /a\n  dir: /b")
            .split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        #expect(errors(yaml) == ["test.yaml:12:3: duplicate key 'dir' in state (first defined at 11:3)"])
    }

    @Test func duplicateInputTopicsAndPipelineNames() {
        let yaml = minimalYAML
            .replacing("    time_field: ts", with: "    time_field: ts\n  - topic: in\n    time_field: ts")
            .replacing("      message: hi", with: "      message: hi\n  - name: p\n    action: {channel: sms, message: x}")
        #expect(errors(yaml) == [
            "test.yaml:7:12: topic 'in' is already an input (first declared at 5:12); each topic may be declared once",
            "test.yaml:19:11: duplicate pipeline name 'p' (first defined at 15:11); pipeline names must be unique",
        ])
    }
}
