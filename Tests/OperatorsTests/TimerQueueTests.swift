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
