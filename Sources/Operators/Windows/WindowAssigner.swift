/// Decides which windows an event time belongs to: the normalised form of ``WindowSpec/Kind``.
///
/// Tumbling is hopping with `advance == size`, so both share one code path ("fixed" windows,
/// whose bounds depend only on the event time); sessions depend on the key's other events and
/// are assigned by ``WindowTrigger`` itself.
enum WindowAssigner: Sendable {
    case fixed(sizeMs: Int64, advanceMs: Int64)
    case session(gapMs: Int64)

    /// Non-positive sizes are a configuration error the config validator reports; they are
    /// clamped to 1 ms here so they cannot divide by zero on the event path.
    init(_ kind: WindowSpec.Kind) {
        switch kind {
        case .tumbling(let size):
            self = .fixed(sizeMs: Swift.max(1, size), advanceMs: Swift.max(1, size))
        case .hopping(let size, let advance):
            self = .fixed(sizeMs: Swift.max(1, size), advanceMs: Swift.max(1, advance))
        case .session(let gap):
            self = .session(gapMs: Swift.max(1, gap))
        }
    }

    /// The fixed windows containing `timeMs`, by ascending start. Empty only for a hopping
    /// spec whose advance exceeds its size (time between windows belongs to none).
    static func fixedWindows(containing timeMs: Int64, sizeMs: Int64, advanceMs: Int64) -> [WindowBounds] {
        var bounds: [WindowBounds] = []
        let earliestStart = WindowTime.subtract(timeMs, sizeMs)  // exclusive
        var start = WindowTime.floorMultiple(timeMs, of: advanceMs)
        while start > earliestStart {
            bounds.append(WindowBounds(start: start, end: WindowTime.add(start, sizeMs)))
            let (previous, overflow) = start.subtractingReportingOverflow(advanceMs)
            if overflow { break }
            start = previous
        }
        bounds.reverse()
        return bounds
    }
}
