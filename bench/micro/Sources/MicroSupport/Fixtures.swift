import Benchmark
import Operators

/// Inputs shared by the benchmark suites, so every suite measures the same kind of event.
public enum Fixtures {
    /// The metrics every suite reports. `throughput` and `mallocCountTotal` are per inner
    /// operation because each benchmark loops `benchmark.scaledIterations` (1000) times.
    public static let metrics: [BenchmarkMetric] = [.throughput, .wallClock, .mallocCountTotal]

    /// Defaults for a suite: 1000 operations per measured iteration, ~2 s per benchmark.
    public static func configure(maxDuration: Duration = .seconds(2), maxIterations: Int = 100_000) {
        Benchmark.defaultConfiguration = .init(
            metrics: metrics,
            timeUnits: .nanoseconds,
            warmupIterations: 3,
            scalingFactor: .kilo,
            maxDuration: maxDuration,
            maxIterations: maxIterations
        )
    }

    /// A typical CX event (the demo's `cart_add`), 101 bytes.
    public static let cxEventJSON =
        #"{"type":"cart_add","customer_id":"c-1042","ts":1767225600123,"sku":"SNEAKER-42","qty":1,"price":59.9}"#
    public static var cxEventBytes: [UInt8] { Array(cxEventJSON.utf8) }

    /// The demo input's decoding settings: key `customer_id`, time `ts` in epoch ms.
    public static let decodeSpec = DecodeSpec(
        keyField: "customer_id", timeField: "ts", timeFormat: .epochMillis, maxValueBytes: 1 << 20
    )

    /// 2026-01-01T00:00:00Z, minute-aligned.
    public static let baseTimeMs: Int64 = 1_767_225_600_000

    public static func source(offset: Int64, partition: Int32 = 0) -> EventSource {
        EventSource(topic: "cx.events", partition: partition, offset: offset)
    }

    /// `c-0`, `c-1`, … — customer IDs as the demo producer writes them.
    public static func keys(_ count: Int) -> [String] {
        (0..<count).map { "c-\($0)" }
    }

    /// An already-decoded event shaped like ``cxEventJSON``.
    public static func event(key: String, type: String, timeMs: Int64, offset: Int64) -> Event {
        Event(
            source: source(offset: offset),
            key: key,
            eventTimeMs: timeMs,
            fields: JSONObject([
                ("type", .string(type)),
                ("customer_id", .string(key)),
                ("ts", .number(Double(timeMs))),
                ("sku", .string("SNEAKER-42")),
                ("qty", .number(1)),
                ("price", .number(59.9)),
            ])
        )
    }

    /// An action template like the demo's: a constant channel and a one-variable message.
    public static func actionTemplate(trigger: String, message: String) -> ActionTemplate {
        do {
            return ActionTemplate(trigger: trigger, channel: try MessageTemplate("push"),
                                  message: try MessageTemplate(message), customerField: nil)
        } catch {
            fatalError("fixture template does not compile: \(error)")
        }
    }

    /// `field == value` (string operand).
    public static func equals(_ field: String, _ value: String) -> Predicate {
        Predicate(field: FieldPath(field), test: .equals(.string(value)))
    }
}
