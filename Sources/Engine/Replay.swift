import Operators
import Policies

/// Runs a file of JSON lines through the same operator graph as the Kafka path, in virtual
/// time, with no broker: for testing configs against recorded traffic and for comparing with
/// the Kafka path.
///
/// Line *i* (counting non-blank lines from 0) becomes the record at `topic`/`partition`@*i*, so
/// a partition's records, dumped in offset order, yield the same action ids as through Kafka.
/// State is per key and keys stay in their partition, so replaying each partition of a topic on
/// its own gives, together, what the daemon computes for the whole topic.
/// Virtual processing time is the watermark (and `emitted_at` is at least the action's event
/// time): it is then a function of the input alone and two replays of one file are byte-identical. The watermark
/// moves only with the file; timers due at or before the final watermark have fired when
/// `run` returns.
///
/// With `policies:`, `onAction` sees only the actions the contact policy sent (deferred ones
/// when the watermark reaches their release time), and `onDecision` every decision record.
public enum Replay {
    public struct Summary: Sendable, Equatable {
        public var records = 0
        public var actions = 0
        public var deadLetters: [String: Int] = [:]
        /// Contact-policy decision records (0 without `policies:`).
        public var decisions = 0
        /// Actions held out by the contact policy's holdout group.
        public var heldOut = 0
        /// Conversions attributed by the contact policy.
        public var conversions = 0
    }

    public static func run(engine: inout Engine, topic: String, partition partitionNumber: Int32 = 0, lines: some Sequence<ArraySlice<UInt8>>,
                           onAction: (Action) -> Void, onDeadLetter: (DeadLetter) -> Void,
                           onDecision: (PolicyDecisionRecord) -> Void = { _ in }) -> Summary {
        var summary = Summary()
        var out = EngineOutputs(nowMs: 0)
        let partition = StreamPartition(topic: topic, partition: partitionNumber)
        engine.assign(partition, nowMs: 0)
        func flush() {
            // Each action is handed on in place: a copy (`for var a in …`) retained and released
            // its six strings once more per action.
            out.emitter.updateActions { a in
                // Virtual processing time never precedes the event an action reports.
                if a.emittedAtMs < a.eventTimeMs { a.emittedAtMs = a.eventTimeMs }
                onAction(a)
            }
            summary.actions += out.emitter.actions.count
            for d in out.deadLetters { summary.deadLetters[d.reason.rawValue, default: 0] += 1; onDeadLetter(d) }
            for d in out.decisions { summary.decisions += 1; onDecision(d) }
            summary.heldOut += out.holdout.count
            summary.conversions += out.conversions.count
        }
        var offset: Int64 = 0
        // One record for the whole file, updated in place: a fresh record per line allocated its
        // value (`Array(line)`) and released its topic, value and headers again afterwards
        // (callgrind, events-300k: ~850 instructions per line for the record before, ~210 now).
        var record = InputRecord(source: EventSource(topic: topic, partition: partitionNumber, offset: 0),
                                 key: nil, value: [], timestampMs: nil, headers: [])
        for line in lines {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            out.reset(nowMs: max(0, engine.watermarkMs))
            record.source.offset = offset
            refill(&record.value, with: line)
            engine.process(record, into: &out)
            // Most lines produce nothing (threshold replay: an action per ~300 events): these
            // checks cost less than walking the empty outputs. Made here, not in `flush`: an
            // access to `out` in there, a captured variable, is checked for exclusivity at run time.
            if !out.emitter.actions.isEmpty || !out.deadLetters.isEmpty || !out.decisions.isEmpty
                || !out.holdout.isEmpty || !out.conversions.isEmpty { flush() }
            offset += 1
            summary.records += 1
        }
        out.reset(nowMs: max(0, engine.watermarkMs))
        engine.tick(into: &out)
        flush()
        return summary
    }

    /// Replaces the bytes of `value` with `line`, reusing its buffer: it is moved out of the
    /// record first, so it is unique (no copy on write) unless the engine kept the previous
    /// record (a dead letter holds its value), and then the append simply allocates anew.
    @inline(__always)
    static func refill(_ value: inout [UInt8]?, with line: ArraySlice<UInt8>) {
        var bytes = value.take() ?? []
        bytes.replaceSubrange(bytes.startIndex..<bytes.endIndex, with: line)
        value = bytes
    }
}
