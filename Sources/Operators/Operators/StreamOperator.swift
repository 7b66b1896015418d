/// A step of a pipeline: consumes decoded events and emits actions — the role of Kafka Streams'
/// `Processor`, with `advance` as its punctuator.
///
/// Operators are pure values (no I/O, no clocks, no Kafka) so they can be unit-tested with a
/// virtual clock and replayed deterministically; `mutating` lets stateful operators keep their
/// state inline. An operator throws ``DecodeFailure`` when a particular event cannot be
/// processed (e.g. a field it needs is missing); the engine dead-letters that event and goes on.
///
/// Time: the engine sets `Emitter.watermarkMs` (event time) and `Emitter.nowMs` (processing
/// time) and calls `advance` whenever either moves, including when no events arrive at all — so
/// an abandonment timer fires at 3 a.m. on a quiet topic. Timers due at or before the watermark
/// fire in a deterministic order (time, then key), so replays are byte-identical.
public protocol StreamOperator: Sendable {
    mutating func process(_ event: Event, into out: inout Emitter) throws(DecodeFailure)
    /// Fires everything due at `out.watermarkMs` (event-time timers, window closes) and at
    /// `out.nowMs` (processing-time timers).
    mutating func advance(into out: inout Emitter)
}

extension StreamOperator {
    /// Stateless operators have no timers.
    public mutating func advance(into out: inout Emitter) {}
}
