import Foundation
import KafkaClient

/// What the run loop's produce and delivery-report paths touch per output, kept out of
/// dictionaries and the heap.
///
/// Why: with ~570k actions per million inputs (the `us` benchmark), per-output work dominated the
/// daemon's cost outside the engine: a hashed `actionsByTrigger` update, key and value arrays,
/// and per delivery report two clock reads and a hashed output-floor update (plus the per-token
/// timing dictionary now carried by `CommitTracker`). Touched only from the processing thread.
struct DeliveryPath {
    /// `output.actions_topic`, copied once: reading it through the config copied the config's
    /// strings for every action and every delivery report.
    let actionsTopic: String
    /// Whether the config has `policies:` (only then do policy records count as outputs).
    let hasPolicies: Bool
    var clock = LatencyClock()
    var floors = DeliveredFloors()
    /// `actionsByTrigger` increments not yet added: actions come in runs of one trigger, so the
    /// dictionary is updated once per run instead of once per action.
    private var runTrigger = ""
    private var runCount = 0
    /// Reused encoding buffer for actions (grown on demand, freed by `release`).
    private var buffer = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)

    init(actionsTopic: String, hasPolicies: Bool) {
        self.actionsTopic = actionsTopic
        self.hasPolicies = hasPolicies
    }

    mutating func countAction(trigger: String, into metrics: inout DaemonMetrics) {
        if runCount > 0 && trigger == runTrigger {
            runCount += 1
            return
        }
        flushActionCounts(into: &metrics)
        runTrigger = trigger
        runCount = 1
    }

    /// Adds the pending run to `metrics.actionsByTrigger` (before the counts are read).
    mutating func flushActionCounts(into metrics: inout DaemonMetrics) {
        guard runCount > 0 else { return }
        metrics.actionsByTrigger[runTrigger, default: 0] += runCount
        runCount = 0
    }

    /// A buffer of at least `capacity` bytes, valid until the next call or `release`.
    mutating func encodeBuffer(capacity: Int) -> UnsafeMutableBufferPointer<UInt8> {
        if buffer.count < capacity {
            buffer.deallocate()
            buffer = .allocate(capacity: max(capacity, 2 * buffer.count, 1024))
        }
        return buffer
    }

    mutating func release() {
        buffer.deallocate()
        buffer = UnsafeMutableBufferPointer(start: nil, count: 0)
    }
}

/// One monotonic clock read per delivery report: the wall clock (for end-to-end latency against
/// record timestamps) is derived from it with an offset re-sampled once per loop iteration,
/// instead of a second clock read per report. The offset drifts only by clock slewing between
/// samples (microseconds), far below the histograms' millisecond reporting.
struct LatencyClock {
    private var wallMinusMonotonicNs: Int64 = 0

    init() { resync() }

    /// Monotonic time in ns (the same clock as `DispatchTime.now().uptimeNanoseconds` on Linux).
    func nowNs() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    mutating func resync() {
        let mono = Int64(bitPattern: nowNs())
        wallMinusMonotonicNs = Int64(Date().timeIntervalSince1970 * 1e9) - mono
    }

    /// Epoch ms at monotonic time `ns`.
    func wallMs(atNs ns: UInt64) -> Int64 {
        (Int64(bitPattern: ns) &+ wallMinusMonotonicNs) / 1_000_000
    }
}

/// Per actions-topic partition, the offset after the highest acknowledged action not yet folded
/// into `Daemon.outputFloor` (an array indexed by partition instead of a dictionary update per
/// delivery report). Folding is a max, so it commutes with the other updates of the floor.
struct DeliveredFloors {
    private var next: [Int64] = []

    mutating func delivered(partition: Int32, offset: Int64) {
        guard partition >= 0 else { return }
        let p = Int(partition)
        if p >= next.count { next.append(contentsOf: repeatElement(-1, count: p + 1 - next.count)) }
        next[p] = max(next[p], offset + 1)
    }

    /// Moves what was delivered since the last fold into `floor`.
    mutating func fold(into floor: inout [Int32: Int64]) {
        for p in next.indices where next[p] >= 0 {
            floor[Int32(p)] = max(floor[Int32(p)] ?? 0, next[p])
            next[p] = -1
        }
    }
}
