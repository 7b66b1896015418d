/// How a ``WindowTrigger`` buckets events in event time: Kafka Streams' three window kinds,
/// plus the grace period during which a window still accepts out-of-order events.
///
/// Windows are half-open intervals `[start, end)` in epoch milliseconds, so an event exactly at
/// a tumbling window's end belongs to the next window and no event is ever counted twice by
/// adjacent tumbling windows.
public struct WindowSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Back-to-back windows `[k*size, (k+1)*size)`, aligned to the epoch so every instance
        /// (and every replay) cuts time at the same instants.
        case tumbling(sizeMs: Int64)
        /// Overlapping windows `[s, s+size)` for every `s` that is a multiple of `advance`:
        /// an event belongs to up to `size / advance` windows ("orders in the last hour,
        /// updated every minute").
        case hopping(sizeMs: Int64, advanceMs: Int64)
        /// Per-key activity sessions: an event opens `[t, t+gap)`; an event within `gap` of a
        /// session extends it, and an event bridging two sessions merges them.
        case session(gapMs: Int64)
    }

    public var kind: Kind
    /// How long after a window's end it stays open for out-of-order events: a window closes
    /// (and fires) once `end + grace <= watermark`. Events arriving after that are late.
    public var graceMs: Int64

    public init(kind: Kind, graceMs: Int64 = 0) {
        self.kind = kind
        self.graceMs = graceMs
    }
}
