import Testing
@testable import DaemonConfig

/// Every default the schema promises, read from the smallest valid config.
@Suite struct DefaultsTests {
    @Test func kafkaDefaults() throws {
        let kafka = try #require(parseValid(minimalYAML)).kafka
        #expect(kafka.properties.isEmpty)
        #expect(kafka.createTopics == true)
        #expect(kafka.topicPartitions == 4)
        #expect(kafka.replicationFactor == 1)
    }

    @Test func inputDefaults() throws {
        let input = try #require(parseValid(minimalYAML)?.inputs.first)
        #expect(input.keyField == nil)
        #expect(input.timeFormat == .epochMillis)
        #expect(input.maxValueBytes == 1_048_576)
        #expect(input.location == ConfigSourceLocation(file: "test.yaml", line: 5, column: 5))
    }

    @Test func sectionDefaults() throws {
        let config = try #require(parseValid(minimalYAML))
        #expect(config.metrics.intervalMs == 5_000)
        #expect(config.runtime.shutdownTimeoutMs == 10_000)
        #expect(config.runtime.commitIntervalMs == 1_000)
        #expect(config.runtime.maxInFlight == 100_000)
        #expect(config.file == "test.yaml")
    }

    @Test func pipelineDefaults() throws {
        let pipeline = try #require(parseValid(minimalYAML)?.pipelines.first)
        #expect(pipeline.kind == .filter)
        #expect(pipeline.trigger == "p")
        #expect(pipeline.inputs.isEmpty)
        #expect(pipeline.predicates.isEmpty)
        #expect(pipeline.action.customerField == nil)
        #expect(pipeline.location == ConfigSourceLocation(file: "test.yaml", line: 13, column: 5))
        #expect(pipeline.action.channelLocation == ConfigSourceLocation(file: "test.yaml", line: 15, column: 16))
        #expect(pipeline.action.messageLocation == ConfigSourceLocation(file: "test.yaml", line: 16, column: 16))
    }

    /// The settings added for time-based kinds: absent unless the kind uses them.
    @Test func timeSettingsDefaults() throws {
        let config = try #require(parseValid(minimalYAML))
        #expect(config.watermark.maxOutOfOrdernessMs == 5_000)
        #expect(config.watermark.idleTimeoutMs == 30_000)
        let pipeline = try #require(config.pipelines.first)
        #expect(pipeline.pattern == nil)
        #expect(pipeline.window == nil)
    }

    /// A sample config leaves `metrics:` with every child commented out; that must mean "defaults".
    @Test func nullOptionalSectionsMeanDefaults() throws {
        let yaml = minimalYAML.replacing("state:", with: "metrics:\n  # interval: 2s\nruntime: ~\nstate:")
        let config = try #require(parseValid(yaml))
        #expect(config.metrics == MetricsSettings())
        #expect(config.runtime == RuntimeSettings())
    }

    @Test func explicitValuesOverrideDefaults() throws {
        let yaml = minimalYAML
            .replacing("  group_id: g", with: """
                  group_id: g
                  create_topics: false
                  topic_partitions: 12
                  replication_factor: 3
                  properties:
                    b.second: "x"
                    a.first: 1.50
                    c.third: true
                """)
            .replacing("    time_field: ts", with: "    time_field: ts\n    time_format: rfc3339\n    max_value_bytes: 64KiB\n    key_field: user.id")
            .replacing("state:", with: "metrics:\n  interval: 500ms\nruntime:\n  shutdown_timeout: 1m\n  commit_interval: 250ms\n  max_in_flight: 7\nstate:")
            .replacing("  - name: p", with: "  - name: p\n    kind: filter\n    trigger: t\n    inputs: [in]")
            .replacing("      message: hi", with: "      message: hi\n      customer_field: cid")
        let config = try #require(parseValid(yaml))
        #expect(config.kafka == KafkaSettings(brokers: "b:9092", groupID: "g",
                                              properties: [("b.second", "x"), ("a.first", "1.50"), ("c.third", "true")],
                                              createTopics: false, topicPartitions: 12, replicationFactor: 3))
        let input = try #require(config.inputs.first)
        #expect(input.timeFormat == .rfc3339)
        #expect(input.maxValueBytes == 65_536)
        #expect(input.keyField == "user.id")
        #expect(config.metrics.intervalMs == 500)
        #expect(config.runtime == RuntimeSettings(shutdownTimeoutMs: 60_000, commitIntervalMs: 250, maxInFlight: 7))
        let pipeline = try #require(config.pipelines.first)
        #expect(pipeline.trigger == "t")
        #expect(pipeline.inputs == ["in"])
        #expect(pipeline.action.customerField == "cid")
    }
}
