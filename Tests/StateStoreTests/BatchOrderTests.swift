import Testing
@testable import StateStore

/// Commit applies a batch sorted by (store, key) for speed; only the per-key order matters.
@Suite struct BatchOrderTests {
    @Test func sortsByStoreThenKeyBytes() {
        let rows = [put("b", "x", ""), put("a", "é", ""), put("a", "z", ""), put("a", "Z", ""), put("a", "", ""), put("a", "zz", "")]
        let order = BatchOrder.indices(of: rows).map { "\(rows[$0].store):\(rows[$0].key)" }
        #expect(order == ["a:", "a:Z", "a:z", "a:zz", "a:é", "b:x"])
    }

    @Test func repeatedKeysKeepBatchOrder() {
        let rows = (0..<1_000).map { put("s", "k\($0 % 7)", "\($0)") }
        let order = BatchOrder.indices(of: rows)
        #expect(order.sorted() == Array(0..<1_000))
        for key in 0..<7 {
            let positions = order.filter { rows[$0].key == "k\(key)" }
            #expect(positions == positions.sorted())
        }
    }

    @Test func trivialBatches() {
        #expect(BatchOrder.indices(of: []) == [])
        #expect(BatchOrder.indices(of: [put("s", "k", "v")]) == [0])
        #expect(BatchOrder.indices(of: [put("s", "", ""), put("s", "", "")]) == [0, 1])
    }
}
