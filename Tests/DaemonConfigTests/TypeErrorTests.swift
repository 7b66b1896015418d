import Testing
@testable import DaemonConfig

/// Each wrong type is reported once, naming the expected type and what was found.
@Suite struct TypeErrorTests {
    @Test(arguments: [
        // Strings
        ("  group_id: g", "  group_id: [g]", "expected a string for kafka.group_id, got a list"),
        ("  group_id: g", "  group_id: {a: 1}", "expected a string for kafka.group_id, got a mapping"),
        ("  group_id: g", "  group_id:", "expected a string for kafka.group_id, got null"),
        ("  group_id: g", "  group_id: ''", "kafka.group_id must not be empty"),
        ("  dir: /tmp/s", "  dir: ~", "expected a string for state.dir, got null"),
        ("      channel: sms", "      channel: \"\"", "pipelines[0].action.channel must not be empty"),
        // Integers
        ("  group_id: g", "  group_id: g\n  topic_partitions: four", "expected an integer for kafka.topic_partitions, got string 'four'"),
        ("  group_id: g", "  group_id: g\n  topic_partitions: 2.5", "expected an integer for kafka.topic_partitions, got number 2.5"),
        ("  group_id: g", "  group_id: g\n  topic_partitions: 0", "kafka.topic_partitions must be at least 1, got 0"),
        ("  group_id: g", "  group_id: g\n  replication_factor: -1", "kafka.replication_factor must be at least 1, got -1"),
        ("state:", "runtime:\n  max_in_flight: true\nstate:", "expected an integer for runtime.max_in_flight, got boolean true"),
        // Booleans: YAML 1.1 spellings are strings under the core schema.
        ("  group_id: g", "  group_id: g\n  create_topics: yes", "expected a boolean (true or false) for kafka.create_topics, got string 'yes'"),
        // Durations
        ("state:", "metrics:\n  interval: 5\nstate:", "expected a duration such as 500ms, 10s or 1h30m for metrics.interval, got integer 5"),
        ("state:", "metrics:\n  interval: 30 mins\nstate:", "invalid duration '30 mins' for metrics.interval (expected e.g. 500ms, 10s, 5m, 1h, 7d)"),
        ("state:", "metrics:\n  interval: 0s\nstate:", "metrics.interval must be greater than zero, got '0s'"),
        ("state:", "runtime:\n  commit_interval: [1s]\nstate:", "expected a duration such as 500ms, 10s or 1h30m for runtime.commit_interval, got a list"),
        // Sizes
        ("    time_field: ts", "    time_field: ts\n    max_value_bytes: 1MB", "invalid size '1MB' for inputs[0].max_value_bytes; expected bytes or digits and a unit (B, KiB, MiB, GiB), e.g. 64KiB or 1MiB"),
        ("    time_field: ts", "    time_field: ts\n    max_value_bytes: 0", "inputs[0].max_value_bytes must be greater than zero, got 0"),
        ("    time_field: ts", "    time_field: ts\n    max_value_bytes: false", "expected a size in bytes such as 1048576 or 1MiB for inputs[0].max_value_bytes, got boolean false"),
        // Enumerations
        ("    time_field: ts", "    time_field: ts\n    time_format: epoch_us", "unknown value 'epoch_us' for inputs[0].time_format; expected one of: epoch_ms, epoch_s, rfc3339, kafka (did you mean 'epoch_ms'?)"),
        ("  - name: p", "  - name: p\n    kind: aggregate", "unknown value 'aggregate' for pipelines[0].kind; expected one of: filter, window, followed_by, absence, threshold, inactivity, change, fan_out, lapse"),
        // Sections and lists
        ("kafka:\n  brokers: b:9092\n  group_id: g", "kafka: b:9092", "expected a mapping for kafka, got string 'b:9092'"),
        ("state:\n  dir: /tmp/s", "state: [/tmp/s]", "expected a mapping for state, got a list"),
        ("inputs:\n  - topic: in\n    time_field: ts", "inputs: {topic: in, time_field: ts}", "expected a list for inputs, got a mapping"),
        ("inputs:\n  - topic: in\n    time_field: ts", "inputs: []", "inputs must not be empty; declare at least one input topic"),
        ("  - topic: in\n    time_field: ts", "  - in", "expected a mapping for inputs[0], got string 'in'"),
        ("  - name: p", "  - name: p\n    where: {field: type, equals: x}", "expected a list for pipelines[0].where, got a mapping"),
        ("  - name: p", "  - name: p\n    inputs: in", "expected a list for pipelines[0].inputs, got string 'in'"),
        ("  group_id: g", "  group_id: g\n  properties: [a=b]", "expected a mapping for kafka.properties, got a list"),
        ("  group_id: g", "  group_id: g\n  properties:\n    linger.ms: {a: 1}", "expected a string for kafka.properties.linger.ms, got a mapping"),
        // Names and shapes
        ("  - topic: in", "  - topic: cx events", "invalid topic name 'cx events' for inputs[0].topic; topic names are 1 to 249 characters from A-Z, a-z, 0-9, '.', '_' and '-', and not '.' or '..'"),
        ("  actions_topic: out", "  actions_topic: \"..\"", "invalid topic name '..' for output.actions_topic; topic names are 1 to 249 characters from A-Z, a-z, 0-9, '.', '_' and '-', and not '.' or '..'"),
        ("  - name: p", "  - name: cart reminder", "invalid pipeline name 'cart reminder' for pipelines[0].name; pipeline names use only A-Z, a-z, 0-9, '_', '.' and '-'"),
        ("    time_field: ts", "    time_field: event..ts", "invalid field path 'event..ts' for inputs[0].time_field; use field names separated by single dots, e.g. customer_id or order.total"),
        ("  brokers: b:9092", "  brokers: a:9092,,b:9092", "kafka.brokers has an empty entry in 'a:9092,,b:9092'; expected host:port[,host:port...]"),
        ("  group_id: g", "  group_id: g\n  properties:\n    group.id: other", "set 'group.id' with kafka.group_id, not in kafka.properties"),
    ])
    func wrongValueIsReported(target: String, replacement: String, expected: String) {
        #expect(messages(minimalYAML.replacing(target, with: replacement)) == [expected])
    }

    @Test func topLevelMustBeAMapping() {
        #expect(errors("- kafka\n- inputs\n") == [
            "test.yaml:1:1: expected a mapping at top level (kafka, inputs, output, state, pipelines, ...), got a list",
        ])
    }

    @Test func emptyDocumentIsReported() {
        #expect(errors("# nothing yet\n") == [
            "test.yaml:1:1: config is empty; expected a mapping with kafka, inputs, output, state and pipelines",
        ])
    }

    /// The diagnostic points at the value, where the fix goes, not at the key.
    @Test func typeErrorIsLocatedAtTheValue() {
        let yaml = minimalYAML.replacing("  group_id: g", with: "  group_id: g\n  topic_partitions:   four")
        #expect(errors(yaml) == ["test.yaml:4:23: expected an integer for kafka.topic_partitions, got string 'four'"])
    }

    @Test func missingRequiredSectionsAndKeys() {
        let yaml = """
            # comment
            kafka:
              brokers: b:9092
            inputs:
              - time_field: ts
            """
        #expect(errors(yaml) == [
            "test.yaml:2:1: missing required key 'output' at top level",
            "test.yaml:2:1: missing required key 'state' at top level",
            "test.yaml:2:1: missing required key 'pipelines' at top level",
            "test.yaml:3:3: missing required key 'group_id' in kafka",
            "test.yaml:5:5: missing required key 'topic' in inputs[0]",
        ])
    }
}
