import Operators
import Testing
@testable import TrafficGenerator

private func generate(_ settings: TrafficSettings) -> (lines: [ArraySlice<UInt8>], stats: TrafficStats) {
    var g = TrafficGenerator(settings)
    var bytes: [UInt8] = []
    while g.generate(into: &bytes, maxLines: 1_000) > 0 {}
    return (bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { $0 }, g.stats)
}

private func settings(seed: UInt64 = 7, events: Int = 100_000) -> TrafficSettings {
    var s = TrafficSettings()
    s.seed = seed
    s.events = events
    return s
}

@Test func sameSeedSameBytesOtherSeedOtherBytes() {
    let a = generate(settings(seed: 7, events: 5_000))
    let b = generate(settings(seed: 7, events: 5_000))
    let c = generate(settings(seed: 8, events: 5_000))
    #expect(a.lines == b.lines)
    #expect(a.stats == b.stats)
    #expect(a.lines != c.lines)
}

@Test func chunkSizeDoesNotChangeTheOutput() {
    var g1 = TrafficGenerator(settings(events: 3_000))
    var g2 = TrafficGenerator(settings(events: 3_000))
    var one: [UInt8] = [], other: [UInt8] = []
    while g1.generate(into: &one, maxLines: 1) > 0 {}
    while g2.generate(into: &other, maxLines: 777) > 0 {}
    #expect(one == other)
}

@Test func writesExactlyTheRequestedLines() {
    let (lines, stats) = generate(settings(events: 12_345))
    #expect(lines.count == 12_345)
    #expect(stats.lines == 12_345)
}

/// Default shares: 1 % duplicates, 0.5 % malformed, 0.2 % late — within a few standard deviations.
@Test func sharesAreRoughlyAsConfigured() {
    let (lines, stats) = generate(settings(events: 200_000))
    #expect((1_700...2_300).contains(stats.duplicates))
    #expect((850...1_150).contains(stats.malformed))
    #expect((300...500).contains(stats.late))
    // A duplicate is the previous line again.
    let repeats = zip(lines.dropFirst(), lines).filter { $0 == $1 }.count
    #expect(repeats >= stats.duplicates)
    #expect(repeats <= stats.duplicates + 5)
}

/// Every line is a well-formed event (an object with a string key and a numeric `ts`) except
/// the malformed ones, which fail in one of the ways the daemon dead-letters.
@Test func malformedLinesAreExactlyTheCountedOnes() {
    let (lines, stats) = generate(settings(events: 50_000))
    var bad = 0
    for line in lines {
        guard case .object(let o)? = try? JSONReader.parse(Array(line)) else { bad += 1; continue }
        let key = o["type"] == .string("inventory_update") ? o["sku"] : o["customer_id"]
        guard case .string? = key, case .number? = o["ts"] else { bad += 1; continue }
    }
    #expect(bad == stats.malformed)
    #expect(stats.malformed > 0)
}

/// Event times lag their place in the output by at most the jitter, except late events,
/// which lag by far more: counting the events behind (latest − jitter) counts the late ones.
@Test func outOfOrdernessStaysWithinTheJitterExceptForLateEvents() {
    var s = settings(events: 100_000)
    s.jitterMs = 3_000
    let (lines, stats) = generate(s)
    var latest = Int64.min
    var behind = 0
    // A duplicate repeats the previous line: a copy of a late event is not another late event.
    for (i, line) in lines.enumerated() where i == 0 || lines[i - 1] != line {
        guard case .object(let o)? = try? JSONReader.parse(Array(line)), case .number(let ts)? = o["ts"] else { continue }
        let t = Int64(ts)
        if latest != .min, t < latest - s.jitterMs { behind += 1 }
        latest = max(latest, t)
    }
    #expect(behind >= stats.late - 2 && behind <= stats.late + 2, "behind \(behind), late \(stats.late)")
    #expect(stats.late > 0)
}

@Test func eventTimeStartsAtStartAndFollowsTheRate() {
    var s = settings(events: 10_000)
    s.duplicateShare = 0; s.malformedShare = 0; s.lateShare = 0
    s.rate = 100
    let (lines, _) = generate(s)
    let times = lines.compactMap { line -> Int64? in
        guard case .object(let o)? = try? JSONReader.parse(Array(line)), case .number(let ts)? = o["ts"] else { return nil }
        return Int64(ts)
    }
    #expect(times.min().map { $0 >= s.startMs } == true)
    // 10,000 events at 100/s span about 100 s.
    let span = (times.max() ?? 0) - (times.min() ?? 0)
    #expect((90_000...110_000).contains(span))
}

@Test func everyEventTypeAppearsInAMixedRun() {
    var s = settings(events: 200_000)
    s.rate = 1
    let (_, stats) = generate(s)
    for type in EventType.allCases {
        #expect(stats.count(of: type) > 0, "\(type.name)")
    }
}

@Test func typesSelectsEventTypes() {
    var s = settings(events: 5_000)
    s.types = ["inventory_update", "waitlist_joined"]
    s.malformedShare = 0
    let (lines, stats) = generate(s)
    for line in lines {
        guard case .object(let o)? = try? JSONReader.parse(Array(line)) else { continue }
        #expect(o["type"] == .string("inventory_update") || o["type"] == .string("waitlist_joined"))
    }
    #expect(stats.count(of: .inventoryUpdate) > 0 && stats.count(of: .waitlistJoined) > 0)
}

@Test func settingsProblemsAreReported() {
    var s = TrafficSettings()
    s.types = ["cart_ad"]
    s.duplicateShare = 2
    s.customers = 0
    #expect(s.problems.count == 4)
    #expect(TrafficSettings().problems.isEmpty)
}
