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

    /// The lowest watermark at which ``advance(into:)`` can fire anything; while the watermark
    /// is below it the engine skips the call. The watermark moves with nearly every event, and
    /// asking costs a comparison where `advance` walks the operator's queues. `Int64.min` means
    /// "call me every time" (the default, and the answer while processing-time work such as
    /// early window results is pending, since that follows `nowMs`, not the watermark).
    var nextDueMs: Int64 { get }

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

    /// Moves everything held for key `from` to key `to` (identity stitching: a login links an
    /// anonymous device to a customer), so it continues as that key's state: what `from` had
    /// pending fires for `to`. Both keys appear in the next ``takeStateChanges()`` (`from`
    /// deleted, `to` written). Both keys must be in memory (the engine loads them first). What
    /// happens when `to` already has state is the operator's documented merge rule.
    /// - Returns: whether `from` had any state (false: nothing moved, or not supported).
    mutating func migrateState(from: String, to: String) -> Bool

    /// Number of keys holding state in memory (metrics, `state stats`).
    var stateKeyCount: Int { get }

    // Residency: the engine keeps at most a bounded number of keys in memory per operator; the
    // rest live only in the task's store and are loaded (``restoreState(key:value:)``) when an
    // event or a due timer needs them. See ``EvictedKey``.

    /// The key whose state `event` would read or change, or nil if the operator ignores it
    /// (its `where:` does not match), so the engine loads only what is needed.
    func stateKey(for event: Event) -> String?

    /// Whether the key's state (if any) is in memory. A key that is not must be loaded before
    /// the operator touches it; one that is must never be overwritten by a load.
    func isResident(key: String) -> Bool

    /// Drops least recently used keys from memory until at most `limit` remain. Only keys whose
    /// state is durable (unchanged since the last ``takeStateChanges()``) and that nothing pins
    /// (buffered events, pending early results) are evicted.
    /// - Returns: the evicted keys with the event time their timers are due (to index them).
    mutating func evictColdState(keepingAtMost limit: Int) -> [EvictedKey]

    /// The top-level event members the operator may ever read (its `where:`, fields it
    /// aggregates or groups by, what its texts, customer field and conditions name — from the
    /// event or from anything it keeps of it): the engine decodes only these (projection
    /// pushdown). An operator that cannot list its reads exactly answers `.all` (the default).
    var fieldReads: FieldProjection { get }
}

/// A key dropped from memory, and the event time at which it must be loaded again for its
/// timers (`nil`: only an event can need it).
public struct EvictedKey: Sendable, Equatable {
    public var key: String
    public var wakeMs: Int64?
    public init(key: String, wakeMs: Int64?) { self.key = key; self.wakeMs = wakeMs }
}

extension StreamOperator {
    /// Stateless operators have no timers.
    public mutating func advance(into out: inout Emitter) {}

    /// Conservative: without an answer of its own, an operator is advanced at every step.
    public var nextDueMs: Int64 { .min }

    /// ``advance(into:)`` unless nothing can be due at `out.watermarkMs` (``nextDueMs``). A
    /// mutating method so the engine asks the operator in place, through its optional slot:
    /// reading `nextDueMs` from there copied the whole operator first.
    public mutating func advanceIfDue(into out: inout Emitter) {
        guard nextDueMs <= out.watermarkMs else { return }
        advance(into: &out)
    }

    /// Stateless operators never change state.
    public mutating func takeStateChanges() -> [StateChange] { [] }

    /// Stateless operators have nothing to restore.
    public mutating func restoreState(key: String, value: [UInt8]) throws(StateRestoreError) {}

    /// Stateless operators hold nothing to erase.
    public mutating func eraseState(key: String) -> Bool { false }

    /// Operators that cannot merge keys (stateless ones, windows: a window's aggregate cannot be
    /// split by key after the fact) keep their state where it is.
    public mutating func migrateState(from: String, to: String) -> Bool { false }

    public var stateKeyCount: Int { 0 }

    public func stateKey(for event: Event) -> String? { nil }
    public func isResident(key: String) -> Bool { true }
    public mutating func evictColdState(keepingAtMost limit: Int) -> [EvictedKey] { [] }

    /// Conservative: without a list of its own, an operator may read any field.
    public var fieldReads: FieldProjection { .all }
}
