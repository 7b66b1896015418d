import Foundation
import Testing
@testable import DaemonConfig

/// `config/demo.yaml` is the contract the demo, the e2e tests and users copying it rely on.
@Suite struct DemoConfigTests {
    @Test func parsesWithDefaultsWhenNoEnvironmentIsSet() throws {
        let config = try ConfigLoader.load(path: demoConfigPath, environment: [:])

        #expect(config.file == demoConfigPath)
        #expect(config.kafka.brokers == "127.0.0.1:9092")
        #expect(config.kafka.groupID == "cx-demo")
        #expect(config.kafka.properties.map(\.key) == ["session.timeout.ms", "fetch.queue.backoff.ms"])
        #expect(config.kafka.properties.map(\.value) == ["6000", "10"])
        #expect(config.kafka.createTopics)
        #expect(config.kafka.topicPartitions == 4)
        #expect(config.kafka.replicationFactor == 1)

        #expect(config.inputs.count == 1)
        let input = try #require(config.inputs.first)
        #expect(input.topic == "cx.events")
        #expect(input.keyField == "customer_id")
        #expect(input.timeField == "ts")
        #expect(input.timeFormat == .epochMillis)
        #expect(input.maxValueBytes == 1_048_576)

        #expect(config.output == OutputSettings(actionsTopic: "cx.actions", deadLetterTopic: "cx.deadletter"))
        #expect(config.metrics.intervalMs == 2_000)
        #expect(config.state.dir == "/tmp/stream-daemon-demo")
        #expect(config.runtime == RuntimeSettings())
    }

    @Test func pipelinesMatchTheDemoContract() throws {
        let config = try ConfigLoader.load(path: demoConfigPath, environment: [:])
        #expect(config.pipelines.map(\.name) == ["cart_reminder", "parcel_delay", "flight_delay"])
        #expect(config.pipelines.map(\.trigger) == ["cart_reminder", "parcel_delay", "flight_delay"])
        #expect(config.pipelines.allSatisfy { $0.kind == .filter })

        let predicates = config.pipelines.map { $0.predicates.map { "\($0.field) \($0.op.rawValue) \($0.operand)" } }
        #expect(predicates == [
            ["type equals string(\"cart_add\")"],
            ["type equals string(\"parcel_delayed\")"],
            ["type equals string(\"flight_delayed\")", "delay_min gte int(15)"],
        ])
        #expect(config.pipelines.map(\.action.channel) == ["push", "sms", "sms"])
        #expect(config.pipelines.map(\.action.message) == [
            "You left {{sku}} in your cart",
            "Your parcel {{order_id}} is running late, new ETA {{eta}}",
            "Flight {{flight}} is delayed {{delay_min}} minutes",
        ])
        // Every pipeline reads the demo's only input, explicitly or by default.
        #expect(config.pipelines.allSatisfy { $0.inputs.isEmpty || $0.inputs == ["cx.events"] })
    }

    @Test func environmentOverridesTheDefaults() throws {
        let config = try ConfigLoader.load(path: demoConfigPath, environment: [
            "KAFKA_BROKERS": "k1:19092,k2:19092",
            "GROUP": "cx-test-7",
            "STATE_DIR": "/var/lib/sd-test",
        ])
        #expect(config.kafka.brokers == "k1:19092,k2:19092")
        #expect(config.kafka.groupID == "cx-test-7")
        #expect(config.state.dir == "/var/lib/sd-test")
    }

    @Test func emptyEnvironmentValueFallsBackToTheDefault() throws {
        let config = try ConfigLoader.load(path: demoConfigPath, environment: ["KAFKA_BROKERS": ""])
        #expect(config.kafka.brokers == "127.0.0.1:9092")
    }

    /// The engine reports template errors at `messageLocation`; it must point at the template itself.
    @Test func templateLocationsPointAtTheTemplateText() throws {
        let config = try ConfigLoader.load(path: demoConfigPath, environment: [:])
        let lines = try String(contentsOfFile: demoConfigPath, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        for pipeline in config.pipelines {
            let location = pipeline.action.messageLocation
            #expect(location.file == demoConfigPath)
            let line = String(lines[location.line - 1])
            let column = line.index(line.startIndex, offsetBy: location.column - 1)
            #expect(line[column...] == "\"\(pipeline.action.message)\"")

            let channelLine = String(lines[pipeline.action.channelLocation.line - 1])
            #expect(channelLine.hasSuffix("channel: \(pipeline.action.channel)"))
        }
    }
}
