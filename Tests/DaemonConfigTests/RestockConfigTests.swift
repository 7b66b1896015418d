import Foundation
import Testing
@testable import DaemonConfig

/// `config/restock.yaml`, the sample for tables and joins.
@Suite struct RestockConfigTests {
    let path = sampleConfigPath("restock.yaml")

    @Test func sharesTheDemoConventions() throws {
        let config = try ConfigLoader.load(path: path, environment: [:])
        #expect(config.kafka.brokers == "127.0.0.1:9092")
        #expect(config.kafka.groupID == "cx-restock")
        #expect(config.kafka.properties.map(\.key) == ["session.timeout.ms", "fetch.queue.backoff.ms"])
        #expect(config.kafka.properties.map(\.value) == ["6000", "10"])
        let input = try #require(config.inputs.first)
        #expect(config.inputs.count == 1)
        #expect(input.topic == "cx.inventory")
        #expect(input.keyField == "sku")
        #expect(input.timeField == "ts")
        #expect(input.timeFormat == .epochMillis)
        #expect(config.output == OutputSettings(actionsTopic: "cx.actions", deadLetterTopic: "cx.deadletter"))
        #expect(config.state.dir == "/tmp/stream-daemon-restock")
    }

    @Test func environmentOverridesTheDefaults() throws {
        let config = try ConfigLoader.load(path: path, environment: [
            "KAFKA_BROKERS": "k1:19092", "GROUP": "cx-restock-test", "STATE_DIR": "/var/lib/sd-restock",
        ])
        #expect(config.kafka.brokers == "k1:19092")
        #expect(config.kafka.groupID == "cx-restock-test")
        #expect(config.state.dir == "/var/lib/sd-restock")
    }

    @Test func storesTable() throws {
        let config = try ConfigLoader.load(path: path, environment: [:])
        let table = try #require(config.tables.first)
        #expect(config.tables.count == 1)
        #expect(table.name == "stores")
        #expect(table.topic == "cx.stores")
        #expect(table.keyField == "store_id")
        #expect(table.global)
    }

    @Test func restockAlertPipeline() throws {
        let config = try ConfigLoader.load(path: path, environment: [:])
        #expect(config.pipelines.map(\.name) == ["restock_alert"])
        let pipeline = try #require(config.pipelines.first)
        #expect(pipeline.kind == .change)
        #expect(pipeline.trigger == "restock_alert")
        #expect(pipeline.inputs.isEmpty)
        #expect(pipeline.predicates.isEmpty)
        #expect(pipeline.rekeyBy == nil)
        let pattern = try #require(pipeline.pattern)
        #expect(pattern.field == "units")
        #expect(pattern.minChange == 1)
        #expect(pattern.baselineField == nil)
        #expect(pattern.cooldownMs == nil)
        let join = try #require(pipeline.joins.first)
        #expect(pipeline.joins.count == 1)
        #expect(join.table == "stores")
        #expect(join.on == "store_id")
        #expect(join.alias == "store")
        #expect(join.required == false)
        #expect(pipeline.action.channel == "push")
        #expect(pipeline.action.message == "Back in stock at {{store.name}}: {{sku}}")
    }
}
