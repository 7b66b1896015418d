import Foundation
import Testing
@testable import DaemonConfig

/// `config/cart-abandonment.yaml`, the sample for patterns, windows and watermarks.
@Suite struct CartAbandonmentConfigTests {
    let path = sampleConfigPath("cart-abandonment.yaml")

    @Test func sharesTheDemoConventions() throws {
        let config = try ConfigLoader.load(path: path, environment: [:])
        #expect(config.kafka.brokers == "127.0.0.1:9092")
        #expect(config.kafka.groupID == "cx-cart")
        #expect(config.kafka.properties.map(\.key) == ["session.timeout.ms", "fetch.queue.backoff.ms"])
        #expect(config.kafka.properties.map(\.value) == ["6000", "10"])
        let input = try #require(config.inputs.first)
        #expect(config.inputs.count == 1)
        #expect(input.topic == "cx.events")
        #expect(input.keyField == "customer_id")
        #expect(input.timeField == "ts")
        #expect(input.timeFormat == .epochMillis)
        #expect(config.output == OutputSettings(actionsTopic: "cx.actions", deadLetterTopic: "cx.deadletter"))
        #expect(config.state.dir == "/tmp/stream-daemon-cart")
        #expect(config.watermark == WatermarkSettings(maxOutOfOrdernessMs: 5_000, idleTimeoutMs: 30_000))
    }

    @Test func environmentOverridesTheDefaults() throws {
        let config = try ConfigLoader.load(path: path, environment: [
            "KAFKA_BROKERS": "k1:19092", "GROUP": "cx-cart-test", "STATE_DIR": "/var/lib/sd-cart",
        ])
        #expect(config.kafka.brokers == "k1:19092")
        #expect(config.kafka.groupID == "cx-cart-test")
        #expect(config.state.dir == "/var/lib/sd-cart")
    }

    @Test func pipelines() throws {
        let config = try ConfigLoader.load(path: path, environment: [:])
        #expect(config.pipelines.map(\.name) == ["cart_abandoned", "login_failures", "page_views_per_minute"])
        #expect(config.pipelines.map(\.kind) == [.absence, .threshold, .window])
        #expect(config.pipelines.map(\.action.channel) == ["push", "agent", "agent"])
        let describe = { (predicates: [PredicateSettings]) in predicates.map { "\($0.field) \($0.op.rawValue) \($0.operand)" } }

        let cart = try #require(config.pipelines.first { $0.name == "cart_abandoned" })
        let absence = try #require(cart.pattern)
        #expect(describe(absence.start) == ["type equals string(\"cart_add\")"])
        #expect(describe(absence.then) == ["type equals string(\"purchase\")"])
        #expect(describe(absence.cancel) == ["type equals string(\"cart_cleared\")"])
        #expect(absence.withinMs == 1_800_000)
        #expect(absence.deadlineField == nil)
        #expect(absence.cooldownMs == 86_400_000)
        #expect(cart.action.message == "You left {{sku}} in your cart")

        let logins = try #require(config.pipelines.first { $0.name == "login_failures" })
        let threshold = try #require(logins.pattern)
        #expect(describe(threshold.start) == ["type equals string(\"login_failed\")"])
        #expect(threshold.count == 3)
        #expect(threshold.withinMs == 3_600_000)
        #expect(logins.action.message == "{{count}} failed logins")

        let views = try #require(config.pipelines.first { $0.name == "page_views_per_minute" })
        #expect(describe(views.predicates) == ["type equals string(\"page_view\")"])
        let window = try #require(views.window)
        #expect(window.type == .tumbling)
        #expect(window.sizeMs == 60_000)
        #expect(window.graceMs == 0)
        #expect(window.groupBy == nil)
        #expect(window.earlyEveryMs == nil)
        #expect(window.aggregates.map { "\($0.name)=\($0.function.rawValue)" } == ["views=count"])
        #expect(describe(window.having) == ["views gte int(20)"])
    }
}
