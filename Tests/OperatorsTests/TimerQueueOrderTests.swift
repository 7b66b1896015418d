import Testing
import TrafficGenerator
@testable import Operators

/// The bucketed ``TimerQueue`` against the simplest queue with the same contract: an unsorted
/// array popped by a linear scan for the least (time, key as `String <` orders it, insertion).
/// Random interleavings of schedule, pop (with timers scheduled mid-drain at the same, earlier
/// and later times), and removal must produce the same pops, counts and `nextTimeMs`.
@Suite("TimerQueue: order against a reference") struct TimerQueueOrderTests {
    struct Reference {
        var entries: [(timeMs: Int64, key: String, payload: Int, seq: Int)] = []
        var nextSeq = 0

        mutating func schedule(at timeMs: Int64, key: String, payload: Int) {
            entries.append((timeMs, key, payload, nextSeq))
            nextSeq += 1
        }

        var nextTimeMs: Int64? { entries.map(\.timeMs).min() }

        mutating func popDue(atOrBefore timeMs: Int64) -> (timeMs: Int64, key: String, payload: Int)? {
            guard let best = entries.indices.min(by: { Self.precedes(entries[$0], entries[$1]) }),
                  entries[best].timeMs <= timeMs else { return nil }
            let e = entries.remove(at: best)
            return (e.timeMs, e.key, e.payload)
        }

        static func precedes(_ a: (timeMs: Int64, key: String, payload: Int, seq: Int),
                             _ b: (timeMs: Int64, key: String, payload: Int, seq: Int)) -> Bool {
            if a.timeMs != b.timeMs { return a.timeMs < b.timeMs }
            if a.key != b.key { return a.key < b.key }
            return a.seq < b.seq
        }
    }

    /// The project's seeded generator: a fixed sequence per seed, so a failure reproduces.
    typealias Random = SplitMix64

    static let times: [Int64] = [.min, .min + 1, -7, 0, 1, 2, 3, 5, 8, 100, .max - 1, .max]
    /// Short ASCII keys (decided by the prefix), keys sharing 16 bytes, canonically equivalent
    /// spellings (equal as `String`s: they tie on insertion) and non-ASCII keys.
    static let keys = ["a", "b", "c-10", "c-9", "", "a\u{0}", "customer-00000000001", "customer-00000000000",
                       "customer-0000000000", "customer-000000000e\u{301}", "customer-000000000é", "é", "e\u{301}",
                       "e", "Z", "0123456789abcdef", "0123456789abcdef\u{301}", "日本"]

    /// ASCII keys only, so buckets take the radix sort (a non-ASCII key anywhere in a bucket
    /// makes it compare keys instead); several share their first 16 bytes.
    static let asciiKeys = ["a", "b", "c-10", "c-9", "", "a\u{0}", "customer-00000000001", "customer-00000000000",
                            "customer-0000000000", "customer-0000000000a", "Z", "0123456789abcdef", "0123456789abcdeg",
                            "0123456789abcdefX", "zz", "c-100"]

    struct Driver {
        var keys: [String]
        var queue = TimerQueue<Int>()
        var reference = Reference()
        var random: Random
        var payload = 0
        var pops = 0

        mutating func schedule(at timeMs: Int64) {
            let key = random.pick(keys)
            queue.schedule(at: timeMs, key: key, payload: payload)
            reference.schedule(at: timeMs, key: key, payload: payload)
            payload += 1
        }

        /// One pop from both; false when neither had a due timer.
        mutating func pop(atOrBefore threshold: Int64) -> Bool {
            let got = queue.popDue(atOrBefore: threshold)
            let want = reference.popDue(atOrBefore: threshold)
            #expect(got?.payload == want?.payload)
            #expect(got?.timeMs == want?.timeMs)
            #expect(got.map { Array($0.key.utf8) } == want.map { Array($0.key.utf8) })
            if got != nil { pops += 1 }
            return got != nil || want != nil
        }

        func checkShape() {
            #expect(queue.count == reference.entries.count)
            #expect(queue.isEmpty == reference.entries.isEmpty)
            #expect(queue.nextTimeMs == reference.nextTimeMs)
        }

        mutating func step() {
            switch random.below(10) {
            case 0..<5:
                schedule(at: random.pick(TimerQueueOrderTests.times))
            case 5, 6:
                let threshold = random.pick(TimerQueueOrderTests.times)
                for _ in 0..<random.below(6) where pop(atOrBefore: threshold) {}
            case 7, 8:
                // A drain that schedules as it goes: at the popped time, before it, after it.
                let threshold = random.pick(TimerQueueOrderTests.times)
                for _ in 0..<random.below(12) {
                    let before = queue.nextTimeMs
                    guard pop(atOrBefore: threshold), let t = before else { break }
                    switch random.below(4) {
                    case 0: schedule(at: t)
                    case 1: schedule(at: t == .min ? t : t - 1)
                    case 2: schedule(at: t == .max ? t : t + 1)
                    default: break
                    }
                    checkShape()
                }
            default:
                let modulus = 2 + random.below(4), residue = random.below(2)
                let key = random.pick(keys)
                queue.removeAll { $0.payload % modulus == residue || $0.key == key }
                reference.entries.removeAll { $0.payload % modulus == residue || $0.key == key }
            }
            checkShape()
        }
    }

    @Test(arguments: 0..<24) func randomInterleavingsPopLikeTheReference(seed: Int) {
        var driver = Driver(keys: seed % 2 == 0 ? Self.keys : Self.asciiKeys, random: Random(seed: UInt64(seed)))
        for _ in 0..<600 { driver.step() }
        while driver.pop(atOrBefore: .max) {}
        driver.checkShape()
        #expect(driver.pops > 100)
    }

    /// Large buckets of random ASCII keys (half of them behind a common 14-byte stem, so many
    /// share all 16 prefix bytes) drain in exactly `String` order, then insertion order.
    @Test(arguments: 0..<6) func largeBucketsDrainInStringOrder(seed: Int) {
        var random = Random(seed: 1_000 + UInt64(seed))
        let alphabet = Array("09az-_".utf8)
        var q = TimerQueue<Int>()
        var scheduled: [(key: String, payload: Int)] = []
        for payload in 0..<3_000 {
            let length = random.below(8)
            let suffix = String(decoding: (0..<length).map { _ in random.pick(alphabet) }, as: UTF8.self)
            let key = random.below(2) == 0 ? "customer-00000" + suffix : suffix
            q.schedule(at: 42, key: key, payload: payload)
            scheduled.append((key, payload))
        }
        let expected = scheduled.sorted { $0.key != $1.key ? $0.key < $1.key : $0.payload < $1.payload }.map(\.payload)
        var fired: [Int] = []
        while let t = q.popDue(atOrBefore: 42) { fired.append(t.payload) }
        #expect(fired == expected)
    }

    @Test func timerScheduledEarlierDuringADrainFiresBeforeTheRest() {
        var q = TimerQueue<Int>()
        for (i, key) in ["d", "a", "c", "b"].enumerated() { q.schedule(at: 10, key: key, payload: i) }
        #expect(q.popDue(atOrBefore: 10)?.key == "a")
        q.schedule(at: 10, key: "a", payload: 4)
        q.schedule(at: 10, key: "bb", payload: 5)
        q.schedule(at: 9, key: "z", payload: 6)
        q.schedule(at: 11, key: "0", payload: 7)
        #expect(q.nextTimeMs == 9)
        var fired: [Int] = []
        while let t = q.popDue(atOrBefore: 10) { fired.append(t.payload) }
        #expect(fired == [6, 4, 3, 5, 2, 0])
        #expect(q.nextTimeMs == 11)
        #expect(q.count == 1)
    }

    @Test func extremeTimesKeepTheirOrder() {
        var q = TimerQueue<Int>()
        q.schedule(at: .max, key: "a", payload: 0)
        q.schedule(at: .min, key: "b", payload: 1)
        q.schedule(at: .min, key: "a", payload: 2)
        q.schedule(at: 0, key: "a", payload: 3)
        #expect(q.nextTimeMs == .min)
        #expect(q.popDue(atOrBefore: .min)?.payload == 2)
        q.schedule(at: .min, key: "0", payload: 4)
        var fired: [Int] = []
        while let t = q.popDue(atOrBefore: .max) { fired.append(t.payload) }
        #expect(fired == [4, 1, 3, 0])
        #expect(q.nextTimeMs == nil)
    }

    @Test func drainedBucketsReleaseTheirStorage() {
        var q = TimerQueue<Int>()
        for i in 0..<5_000 { q.schedule(at: Int64(i % 2), key: "k\(i)", payload: i) }
        while q.popDue(atOrBefore: 0) != nil {}
        #expect(q.count == 2_500)
        #expect(q.reservedCapacity < 5_000)
        while q.popDue(atOrBefore: 1) != nil {}
        #expect(q.reservedCapacity == 0)
        #expect(q.isEmpty)
    }
}

extension SplitMix64 {
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
