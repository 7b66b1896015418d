/// What `stream-daemon generate` produces. Shares are fractions of all lines written.
public struct TrafficSettings: Sendable, Equatable {
    public var seed: UInt64 = 1
    /// Lines to write, duplicates and malformed records included.
    public var events = 100_000
    public var customers = 10_000
    /// Event time of the first event, epoch ms (default 2026-01-01T00:00:00Z).
    public var startMs: Int64 = 1_767_225_600_000
    /// Events per second of event time.
    public var rate: Double = 10
    /// Out-of-order bound: an event's time lags its place in the output by up to this much.
    /// Keep it below the config's `watermark.max_out_of_orderness` (default 5s).
    public var jitterMs: Int64 = 2_000
    /// Late events lag by between half of `lateDelayMs` and `lateDelayMs`, far beyond any
    /// sensible out-of-order bound, so a consumer dead-letters them (`late`).
    public var lateDelayMs: Int64 = 600_000
    public var duplicateShare = 0.01
    public var malformedShare = 0.005
    public var lateShare = 0.002
    /// Only these event types (empty = all), e.g. `inventory_update` for config/restock.yaml.
    /// Only journeys that can yield one of them start, and `rate` then counts their events
    /// (those filtered out included), so journey timings stay realistic.
    public var types: [String] = []

    public init() {}

    /// Problems with the settings, as messages for the command line.
    public var problems: [String] {
        var out: [String] = []
        if events < 0 { out.append("--events must be >= 0") }
        if customers < 1 { out.append("--customers must be >= 1") }
        if !(rate > 0) || !rate.isFinite { out.append("--rate must be > 0") }
        if jitterMs < 0 { out.append("--jitter must be >= 0") }
        if lateDelayMs < 2 { out.append("--late-delay must be >= 2ms") }
        for (name, share) in [("--duplicates", duplicateShare), ("--malformed", malformedShare), ("--late", lateShare)]
            where !(0...1).contains(share) {
            out.append("\(name) must be a share between 0 and 1")
        }
        if duplicateShare + malformedShare + lateShare > 1 { out.append("--duplicates + --malformed + --late must not exceed 1") }
        let unknown = types.filter { !EventType.allNames.contains($0) }
        if !unknown.isEmpty {
            out.append("unknown event type(s) \(unknown.joined(separator: ", ")); known: \(EventType.allNames.joined(separator: ", "))")
        }
        return out
    }
}

/// What was generated, by kind: for the command's summary and for tests of the shares.
public struct TrafficStats: Sendable, Equatable {
    public var lines = 0
    public var duplicates = 0
    public var malformed = 0
    public var late = 0
    /// Well-formed events per type, by `EventType` raw value.
    public var byType = [Int](repeating: 0, count: EventType.allCases.count)

    public func count(of type: EventType) -> Int { byType[Int(type.rawValue)] }
}
