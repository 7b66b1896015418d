/// Collects the actions operators emit while processing one event (or one batch).
///
/// Operators write into an `inout` emitter rather than returning arrays so the engine can
/// reuse one buffer per batch (no allocation per event), and so that "now" is a single
/// value fixed by the engine: operators stay pure and tests control time.
public struct Emitter: Sendable {
    /// Processing time for this batch, epoch ms; stamped into `Action.emittedAtMs`.
    public let nowMs: Int64
    public private(set) var actions: [Action]

    public init(nowMs: Int64) {
        self.nowMs = nowMs
        self.actions = []
    }

    public mutating func emit(_ action: Action) {
        actions.append(action)
    }

    /// Drops collected actions, keeping capacity for the next batch.
    public mutating func removeAll() {
        actions.removeAll(keepingCapacity: true)
    }
}
