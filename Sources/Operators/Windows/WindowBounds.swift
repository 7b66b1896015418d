/// A window's extent in event time, the half-open interval `[start, end)` in epoch ms.
struct WindowBounds: Sendable, Hashable {
    var start: Int64
    var end: Int64
}

extension WindowBounds: CustomStringConvertible {
    /// `[start, end)` in epoch ms, as quoted in late-event details.
    var description: String { "[\(start), \(end))" }
}
