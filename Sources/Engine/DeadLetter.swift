import Operators
import Policies

/// An input that could not be processed, with the reason. The original record travels with it:
/// bad input is never silently dropped.
public struct DeadLetter: Sendable {
    public var record: InputRecord
    public var reason: DeadLetterReason
    public var detail: String
    /// The pipeline that failed, when decoding succeeded but an operator could not handle the event.
    public var pipeline: String?

    public init(record: InputRecord, reason: DeadLetterReason, detail: String, pipeline: String? = nil) {
        self.record = record; self.reason = reason; self.detail = detail; self.pipeline = pipeline
    }
}

/// A record for an internal repartition topic: the original value, re-keyed.
public struct RepartitionRecord: Sendable {
    public var topic: String
    public var key: [UInt8]
    public var value: [UInt8]
    public var headers: [RecordHeader]
}

/// What processing one input produced; reused across inputs to avoid per-event allocations.
public struct EngineOutputs: Sendable {
    public var emitter: Emitter
    public var deadLetters: [DeadLetter] = []
    public var repartition: [RepartitionRecord] = []
    /// Erase requests (right to be forgotten) carried out for this input: the key, and how many
    /// stores held state for it. Not an output record; the daemon logs it without the key.
    public var erased: [(key: String, stores: Int)] = []
    /// With `policies:` — one record per contact-policy decision (sent, deferred, released,
    /// suppressed, capped, held out), in decision order.
    public var decisions: [PolicyDecisionRecord] = []
    /// With `policies:` — actions the holdout group would have been sent (not in `emitter`).
    public var holdout: [Action] = []
    /// With `policies:` — conversions attributed to earlier marketing actions.
    public var conversions: [ConversionRecord] = []
    /// With `policies:` — where a pipeline's operator emits, so the policy can decide on each
    /// candidate before it reaches `emitter`. Reused like the rest (no allocation per event).
    var candidates: Emitter

    /// Number of actions, dead letters and repartition records to produce for the input. Not
    /// the policy records: which of those are produced depends on the topics configured.
    public var count: Int { emitter.actions.count + deadLetters.count + repartition.count }

    public init(nowMs: Int64) {
        emitter = Emitter(nowMs: nowMs)
        candidates = Emitter(nowMs: nowMs)
    }

    /// Readies `candidates` for one operator call, at the emitter's current times.
    mutating func prepareCandidates() {
        candidates.nowMs = emitter.nowMs
        candidates.watermarkMs = emitter.watermarkMs
        candidates.removeAll()
    }

    /// Clears the outputs for the next input, stamping actions with `nowMs`.
    public mutating func reset(nowMs: Int64) {
        // In place, keeping the buffers' capacity: a fresh `Emitter` whenever the time moved (in
        // replay, at nearly every input) re-allocated and re-grew the actions array each time.
        emitter.nowMs = nowMs
        emitter.removeAll()
        if !deadLetters.isEmpty { deadLetters.removeAll(keepingCapacity: true) }
        if !repartition.isEmpty { repartition.removeAll(keepingCapacity: true) }
        if !erased.isEmpty { erased.removeAll() }
        if !decisions.isEmpty { decisions.removeAll(keepingCapacity: true) }
        if !holdout.isEmpty { holdout.removeAll(keepingCapacity: true) }
        if !conversions.isEmpty { conversions.removeAll(keepingCapacity: true) }
    }
}
