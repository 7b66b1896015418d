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
///
/// Durable state: stateful operators keep their state per key and report which keys changed,
/// so the engine can checkpoint just those (to its store and a compacted changelog topic)
/// together with the input offsets, and rebuild a fresh operator from them after a crash or
/// rebalance. The operator serialises; the engine stores. The watermark is not key state: the
/// engine persists it per task and sets `Emitter.watermarkMs` before calling the operator.
public protocol StreamOperator: Sendable {
    mutating func process(_ event: Event, into out: inout Emitter) throws(DecodeFailure)
    /// Fires everything due at `out.watermarkMs` (event-time timers, window closes) and at
    /// `out.nowMs` (processing-time timers).
    mutating func advance(into out: inout Emitter)

    /// Keys whose state changed since the previous call (each key once, with its latest state,
    /// sorted by key so checkpoints are reproducible); clears the set.
    ///
    /// Serialising only here (not on every change) keeps the event path at O(1) bookkeeping per
    /// event, and a key changed a thousand times between checkpoints is written once.
    mutating func takeStateChanges() -> [StateChange]

    /// Loads one key's state as written by ``takeStateChanges()``, replacing anything held for
    /// that key; re-arms its timers and re-buffers its pending events. Does not mark the key
    /// changed (it is already durable). On error nothing held for the key changes.
    mutating func restoreState(key: String, value: [UInt8]) throws(StateRestoreError)

    /// Drops everything held for `key` (windows, pattern state, cooldown, buffered events,
    /// pending timers) without emitting anything — the right to be forgotten. The deletion
    /// appears in the next ``takeStateChanges()`` (as value `nil`) if the key had state.
    /// - Returns: whether the key had any state.
    mutating func eraseState(key: String) -> Bool

    /// Number of keys holding state (metrics, `state stats`).
    var stateKeyCount: Int { get }
}

extension StreamOperator {
    /// Stateless operators have no timers.
    public mutating func advance(into out: inout Emitter) {}

    /// Stateless operators never change state.
    public mutating func takeStateChanges() -> [StateChange] { [] }

    /// Stateless operators have nothing to restore.
    public mutating func restoreState(key: String, value: [UInt8]) throws(StateRestoreError) {}

    /// Stateless operators hold nothing to erase.
    public mutating func eraseState(key: String) -> Bool { false }

    public var stateKeyCount: Int { 0 }
}
