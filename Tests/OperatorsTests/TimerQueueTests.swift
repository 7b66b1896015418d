import Testing
@testable import Operators

@Suite("TimerQueue") struct TimerQueueTests {
    @Test func firesInTimeThenKeyOrderRegardlessOfInsertionOrder() {
        var q = TimerQueue<Int>()
        q.schedule(at: 30, key: "b", payload: 1)
        q.schedule(at: 10, key: "z", payload: 2)
        q.schedule(at: 30, key: "a", payload: 3)
        q.schedule(at: 20, key: "m", payload: 4)
        var fired: [Int] = []
        while let t = q.popDue(atOrBefore: 30) { fired.append(t.payload) }
        #expect(fired == [2, 4, 3, 1])
        #expect(q.isEmpty)
    }

    @Test func nothingFiresBeforeItsTimeAndBoundaryIsInclusive() {
        var q = TimerQueue<String>()
        q.schedule(at: 100, key: "k", payload: "x")
        #expect(q.popDue(atOrBefore: 99) == nil)
        #expect(q.nextTimeMs == 100)
        #expect(q.popDue(atOrBefore: 100)?.payload == "x")
    }

    @Test func removeAllKeepsHeapOrder() {
        var q = TimerQueue<Int>()
        for i in (0..<100).reversed() { q.schedule(at: Int64(i), key: "k\(i % 3)", payload: i) }
        q.removeAll { $0.key == "k1" }
        var last = Int64.min
        var n = 0
        while let t = q.popDue(atOrBefore: .max) {
            #expect(t.timeMs >= last)
            #expect(t.key != "k1")
            last = t.timeMs; n += 1
        }
        #expect(n == 67)
    }
}

@Suite("TimerQueue: key order") struct TimerQueueKeyOrderTests {
    /// The queue compares keys by a 16-byte prefix where that is exact; the order must stay
    /// `String`'s (Unicode canonical) order, which replays are compared against byte for byte.
    @Test func equalTimesFireInStringOrder() {
        let keys = ["c-10", "c-9", "c-1", "", "a", "a\u{0}", "ab", "customer-00000000001", "customer-00000000000",
                    "customer-0000000000", "customer-000000000e\u{301}", "customer-000000000f", "customer-000000000é",
                    "é", "e\u{301}", "e", "f", "Z", "z", "0123456789abcdef", "0123456789abcdef\u{301}",
                    "0123456789abcdeg", "0123456789abcdefX", "日本", "k"]
        var q = TimerQueue<Int>()
        // A fixed scramble of the insertion order.
        for (n, i) in keys.indices.map({ ($0, ($0 * 7) % keys.count) }) { q.schedule(at: 5, key: keys[i], payload: n) }
        var fired: [String] = []
        while let t = q.popDue(atOrBefore: 5) { fired.append(t.key) }
        let expected = keys.indices.map { ($0 * 7) % keys.count }.map { keys[$0] }
            .enumerated().sorted { $0.element != $1.element ? $0.element < $1.element : $0.offset < $1.offset }.map(\.element)
        #expect(fired == expected)
        #expect(fired.count == keys.count)
    }

    @Test func canonicallyEquivalentKeysTieOnInsertionOrder() {
        var q = TimerQueue<Int>()
        q.schedule(at: 1, key: "e\u{301}", payload: 1)
        q.schedule(at: 1, key: "é", payload: 2)
        q.schedule(at: 1, key: "e\u{301}", payload: 3)
        var fired: [Int] = []
        while let t = q.popDue(atOrBefore: 1) { fired.append(t.payload) }
        #expect(fired == [1, 2, 3])
    }
}
