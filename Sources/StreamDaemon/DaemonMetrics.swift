import Foundation
import Histogram
import Operators
import Policies

/// Counters and latency histograms of one daemon process, printed as one JSON object per line.
///
/// Counters are cumulative since start (so a scraper can diff them); latency percentiles cover the
/// last interval only (so a spike is visible the moment it happens, not averaged away).
/// Touched only from the processing thread: plain stored properties, no locks.
struct DaemonMetrics {
    let started = ContinuousClock.now
    var eventsIn = 0
    var eventsInByTopic: [String: Int] = [:]
    var actionsOut = 0
    var actionsByTrigger: [String: Int] = [:]
    var deadLetters = 0
    var deadLettersByReason: [String: Int] = [:]
    var repartitioned = 0
    var delivered = 0
    var deliveryFailures = 0
    var commits = 0
    var rebalances = 0
    /// State checkpoints committed (SQLite + changelog), each covering every changed task.
    var checkpoints = 0
    /// Longest time the processing thread spent in one periodic checkpoint during the interval,
    /// in ms: it waits there for outputs and changelog records to be acknowledged, and nothing
    /// is consumed meanwhile, so this pause bounds how much a checkpoint adds to tail latency.
    var checkpointPauseMaxMs = 0.0
    /// Actions re-created while re-processing after a restore that the actions topic already
    /// held, so they were not sent again.
    var resendsSuppressed = 0
    /// Re-keyed copies skipped because their source offset was already applied.
    var repartitionDuplicates = 0
    /// Erase requests (right to be forgotten) carried out.
    var erasures = 0
    /// Record timestamp (producer's CreateTime) → output acknowledged, in microseconds.
    var endToEnd = Histogram<UInt64>(highestTrackableValue: 86_400_000_000, numberOfSignificantValueDigits: .three)
    /// Consumed by us → output acknowledged, in microseconds.
    var processing = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)

    struct Snapshot {
        var lag: [(partition: String, lag: Int64)]
        var inFlight: Int
        var assignedPartitions: Int
        var watermarkMs: Int64
        var tableRows: [String: Int]
        var stateKeys: [String: Int]
        /// Contact-policy counters (cumulative, summed over tasks); nil without `policies:`.
        var policy: PolicyCounters?
        /// Deferred actions waiting for quiet hours to end (a gauge).
        var policyDeferred: Int
        /// State or table rows that could not be read or decoded (the key then counts as empty).
        var stateReadFailures: Int
    }

    /// Renders the line and starts a new latency interval.
    mutating func renderLine(_ s: Snapshot) -> [UInt8] {
        var w = JSONLine()
        w.field("ts") { $0.string(Self.timestamp()) }
        let up = ContinuousClock.now - started
        w.field("uptime_s") { $0.double((Double(up.components.seconds) + Double(up.components.attoseconds) / 1e18 * 1).rounded(to: 3)) }
        w.field("events_in") { $0.int(eventsIn) }
        w.field("actions_out") { $0.int(actionsOut) }
        w.field("dead_letters") { $0.int(deadLetters) }
        w.field("delivered") { $0.int(delivered) }
        w.field("delivery_failures") { $0.int(deliveryFailures) }
        w.field("events_in_by_topic") { $0.object(eventsInByTopic) }
        w.field("actions_by_trigger") { $0.object(actionsByTrigger) }
        w.field("dead_letters_by_reason") { $0.object(deadLettersByReason) }
        w.field("consumer_lag") { j in
            j.objectOf(s.lag.map { ($0.partition, Int($0.lag)) })
        }
        w.field("latency_ms") { $0.latency(endToEnd) }
        w.field("processing_ms") { $0.latency(processing) }
        w.field("commits") { $0.int(commits) }
        w.field("rebalances") { $0.int(rebalances) }
        w.field("checkpoints") { $0.int(checkpoints) }
        w.field("checkpoint_pause_ms_max") { $0.double(checkpointPauseMaxMs.rounded(to: 3)) }
        w.field("resends_suppressed") { $0.int(resendsSuppressed) }
        w.field("repartition_duplicates") { $0.int(repartitionDuplicates) }
        w.field("erasures") { $0.int(erasures) }
        w.field("state_keys") { $0.object(s.stateKeys) }
        w.field("state_read_failures") { $0.int(s.stateReadFailures) }
        w.field("in_flight") { $0.int(s.inFlight) }
        w.field("assigned_partitions") { $0.int(s.assignedPartitions) }
        w.field("repartitioned") { $0.int(repartitioned) }
        w.field("watermark") { j in if s.watermarkMs == .min { j.null() } else { j.int(Int(s.watermarkMs)) } }
        w.field("table_rows") { $0.object(s.tableRows) }
        // Only with `policies:`, so lines of other configs keep their exact shape.
        if let policy = s.policy {
            w.field("policy") { $0.embed(policy.encodeJSON()) }
            w.field("policy_deferred_pending") { $0.int(s.policyDeferred) }
        }
        endToEnd.reset()
        processing.reset()
        checkpointPauseMaxMs = 0
        return w.finish()
    }

    static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}

private extension Double {
    func rounded(to places: Int) -> Double {
        let m = Foundation.pow(10.0, Double(places))
        return (self * m).rounded() / m
    }
}

/// A tiny builder over `JSONWriter` for flat metric objects.
struct JSONLine {
    private(set) var writer = JSONWriter()
    private var first = true

    init() { writer.raw("{") }

    mutating func field(_ name: String, _ value: (inout JSONLine) -> Void) {
        if !first { writer.raw(",") }
        first = false
        writer.writeString(name)
        writer.raw(":")
        value(&self)
    }

    mutating func string(_ s: String) { writer.writeString(s) }
    mutating func int(_ v: Int) { writer.writeInt(Int64(v)) }
    mutating func null() { writer.writeNull() }
    mutating func double(_ v: Double) { writer.writeDouble(v) }

    /// A JSON value encoded elsewhere (e.g. `PolicyCounters.encodeJSON()`), re-written in place
    /// (once per metrics line: not worth a raw-bytes API on the writer).
    mutating func embed(_ json: [UInt8]) {
        if let value = try? JSONReader.parse(json) { writer.writeValue(value) } else { writer.writeNull() }
    }

    mutating func object(_ dict: [String: Int]) {
        objectOf(dict.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    mutating func objectOf(_ pairs: [(String, Int)]) {
        writer.raw("{")
        for (i, (k, v)) in pairs.enumerated() {
            if i > 0 { writer.raw(",") }
            writer.writeString(k); writer.raw(":"); writer.writeInt(Int64(v))
        }
        writer.raw("}")
    }

    mutating func latency(_ h: Histogram<UInt64>) {
        let count = h.totalCount
        func ms(_ us: UInt64) -> Double { (Double(us) / 1000).rounded(to: 3) }
        writer.raw("{\"count\":"); writer.writeInt(Int64(count))
        writer.raw(",\"p50\":"); writer.writeDouble(count > 0 ? ms(h.valueAtPercentile(50)) : 0)
        writer.raw(",\"p99\":"); writer.writeDouble(count > 0 ? ms(h.valueAtPercentile(99)) : 0)
        writer.raw(",\"max\":"); writer.writeDouble(count > 0 ? ms(h.max) : 0)
        writer.raw("}")
    }

    mutating func finish() -> [UInt8] {
        writer.raw("}\n")
        return writer.bytes
    }
}
