import Testing
@testable import DaemonConfig

/// The whole point of collecting diagnostics: one run shows every problem, in file order.
@Suite struct MultipleErrorsTests {
    @Test func everyProblemIsReportedSortedByPosition() {
        let yaml = """
            kafka:
              brokers: b:9092
              topic_partitions: 0
              grop_id: g
            inputs:
              - topic: cx.events
                time_format: kafka
                time_field: ts
            output:
              actions_topic: cx.events
              dead_letter_topic: dlq
            metrics:
              interval: 10
            state:
              dir: ${STATE_DIR}
            pipelines:
              - name: p
                inputs: [cx.event]
                where:
                  - field: amount
                    gt: ten
                action:
                  message: hi
            """
        #expect(errors(yaml) == [
            "test.yaml:3:21: kafka.topic_partitions must be at least 1, got 0",
            "test.yaml:4:3: unknown key 'grop_id' in kafka (did you mean 'group_id'?)",
            "test.yaml:8:5: time_field must not be set when time_format is kafka (the Kafka record timestamp is the event time)",
            "test.yaml:10:18: output.actions_topic 'cx.events' is also an input topic; the daemon would consume its own output",
            "test.yaml:13:13: expected a duration such as 500ms, 10s or 1h30m for metrics.interval, got integer 10",
            "test.yaml:15:8: environment variable 'STATE_DIR' is not set",
            "test.yaml:18:14: topic 'cx.event' in pipelines[0].inputs[0] is not declared in inputs (did you mean 'cx.events'?)",
            "test.yaml:21:13: expected a number for pipelines[0].where[0].gt, got string 'ten'",
            "test.yaml:23:7: missing required key 'channel' in pipelines[0].action",
        ])
    }

    /// Checks that depend on a broken section are skipped instead of piling up noise.
    @Test func pipelineReferencesAreNotCheckedAgainstABrokenInputList() {
        let yaml = minimalYAML
            .replacing("  - topic: in", with: "  - topic: in put")
            .replacing("  - name: p", with: "  - name: p\n    inputs: [in]")
        #expect(messages(yaml) == [
            "invalid topic name 'in put' for inputs[0].topic; topic names are 1 to 249 characters from A-Z, a-z, 0-9, "
                + "'.', '_' and '-', and not '.' or '..'",
        ])
    }

    @Test func errorsDescriptionIsOneLinePerDiagnostic() {
        let yaml = minimalYAML.replacing("  group_id: g", with: "  group_id: g\n  a: 1\n  b: 2")
        do {
            _ = try ConfigLoader.parse(yaml: yaml, file: "x.yaml", environment: [:])
            Issue.record("expected errors")
        } catch {
            #expect(error.description == "x.yaml:4:3: unknown key 'a' in kafka\nx.yaml:5:3: unknown key 'b' in kafka")
        }
    }
}
