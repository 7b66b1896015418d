import Testing
import TrafficGenerator
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

    /// Against the plain definition (store bytes, key bytes, batch index), on random batches
    /// and on batches already in order (the pre-check's path), with repeated keys and stores.
    @Test(arguments: [UInt64(3), 17, 2026])
    func matchesReferenceOrder(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let alphabet: [String] = ["", "a", "b", "Z", "é", "a\u{0}", "ab", "aé"]
        for round in 0..<200 {
            let n = Int.random(in: 0...40, using: &rng)
            var rows = (0..<n).map { _ in
                put(alphabet[Int.random(in: 0..<3, using: &rng)],
                    (0..<Int.random(in: 0...3, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "" }.joined(),
                    "")
            }
            let reference = { (rows: [StateRow]) -> [Int] in
                rows.indices.sorted { a, b in
                    let x = (Array(rows[a].store.utf8), Array(rows[a].key.utf8))
                    let y = (Array(rows[b].store.utf8), Array(rows[b].key.utf8))
                    if x.0 != y.0 { return x.0.lexicographicallyPrecedes(y.0) }
                    if x.1 != y.1 { return x.1.lexicographicallyPrecedes(y.1) }
                    return a < b
                }
            }
            if round % 2 == 1 { rows = reference(rows).map { rows[$0] } }  // already in order
            #expect(BatchOrder.indices(of: rows) == reference(rows))
        }
    }

    @Test func trivialBatches() {
        #expect(BatchOrder.indices(of: []) == [])
        #expect(BatchOrder.indices(of: [put("s", "k", "v")]) == [0])
        #expect(BatchOrder.indices(of: [put("s", "", ""), put("s", "", "")]) == [0, 1])
    }
}
