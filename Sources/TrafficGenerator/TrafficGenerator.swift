/// Seeded, realistic mixed CX traffic as JSON lines: customer journeys (browse, cart →
/// purchase → shipment → delivery, logins, flights, support, ...) interleaved in event time,
/// with out-of-order jitter, late events, duplicates and malformed records in given shares.
///
/// Deterministic: the same settings give the same bytes (own PRNG, no dictionaries, no clocks).
/// Lines appear in "arrival" order; each event's `ts` lags its arrival by up to `jitterMs`
/// (late ones by much more), as events reach Kafka from many devices.
public struct TrafficGenerator: Sendable {
    public let settings: TrafficSettings
    public internal(set) var stats = TrafficStats()

    var rng: SplitMix64
    /// Arrival time, epoch ms (fractional so low rates keep their mean gap).
    var clock: Double
    var followUps = FollowUpHeap()
    var seq: UInt64 = 0
    var orders: Int64 = 0
    var writer = LineWriter()
    /// Whether `writer.bytes` holds a well-formed event that may be repeated as a duplicate.
    var lastIsEvent = false
    /// Per `EventType`: whether `settings.types` lets it through.
    let allowed: [Bool]
    /// Cumulative weights of the journey kinds (0 for kinds that cannot produce an allowed type).
    let journeyWeights: [Int]

    /// How the next event is damaged or delayed.
    enum Mode: Equatable {
        case normal, late
        case malformed(Malformation)
    }

    enum Malformation: Int, CaseIterable {
        case invalidJSON, missingKey, keyNotAString, timeNotANumber, missingTime, notAnObject
    }

    public init(_ settings: TrafficSettings) {
        self.settings = settings
        rng = SplitMix64(seed: settings.seed)
        // The first event's time is `startMs` at the earliest: its lag is at most the jitter.
        clock = Double(settings.startMs + settings.jitterMs)
        let allowed = EventType.allCases.map { settings.types.isEmpty || settings.types.contains($0.name) }
        self.allowed = allowed
        var total = 0
        journeyWeights = Journey.allCases.map { j in
            total += j.types.contains { allowed[Int($0.rawValue)] } ? j.weight : 0
            return total
        }
    }

    public var isFinished: Bool { stats.lines >= settings.events }

    /// Appends up to `maxLines` lines to `out`; returns how many (0 once `events` are written).
    public mutating func generate(into out: inout [UInt8], maxLines: Int) -> Int {
        var written = 0
        let d = settings.duplicateShare, m = settings.malformedShare, l = settings.lateShare
        while written < maxLines, stats.lines < settings.events {
            let u = rng.unit()
            if u < d, lastIsEvent {
                out.append(contentsOf: writer.bytes)
                stats.duplicates += 1
                lastIsEvent = false
            } else {
                // u < d right after a non-event (nothing to repeat) gives a normal event.
                let mode: Mode = u < d ? .normal
                    : u < d + m ? .malformed(Malformation.allCases[rng.below(Malformation.allCases.count)])
                    : u < d + m + l ? .late : .normal
                writer.bytes.removeAll(keepingCapacity: true)
                nextEvent(mode)
                out.append(contentsOf: writer.bytes)
                switch mode {
                case .malformed: stats.malformed += 1; lastIsEvent = false
                case .late: stats.late += 1; lastIsEvent = true
                case .normal: lastIsEvent = true
                }
            }
            stats.lines += 1
            written += 1
        }
        return written
    }

    /// Advances arrival time and writes the next event: a due journey step, or a new journey.
    private mutating func nextEvent(_ mode: Mode) {
        guard journeyWeights.last ?? 0 > 0 else { return }
        let meanGap = 1000 / settings.rate
        while true {
            clock += rng.unit() * 2 * meanGap
            let now = Int64(clock)
            if let top = followUps.first, top.due <= now, let step = followUps.pop() {
                if run(step, now: now, mode) { return }
            } else if start(now: now, mode) {
                return
            }
        }
    }

    mutating func schedule(_ f: FollowUp) {
        var f = f
        seq += 1
        f.seq = seq
        followUps.push(f)
    }
}
