import Testing
import TrafficGenerator
@testable import Operators

/// ``WindowKeyTable`` with its hand-written hash index (``WindowKeyIndex``) must behave exactly
/// like the `[String: Int]` key → slot map it replaced: seeded random runs of claims, lookups
/// and removals (growth from the smallest index, removed keys and freed slots reused, long probe
/// clusters) check every step against a `Dictionary` model, including keys that are canonically
/// equivalent but spelled with different bytes.
@Suite("WindowKeyTable: the key index behaves as a [String: Int]")
struct WindowKeyTableTests {
    /// Canonically equivalent spellings: `String` equality (and so a `Dictionary`) makes each
    /// pair one key.
    static let equivalentPairs: [(String, String)] = [
        ("K", "\u{212A}"), ("é", "e\u{301}"), ("cust-é", "cust-e\u{301}"), ("Å", "A\u{30A}"),
        ("a-very-long-customer-identifier-é", "a-very-long-customer-identifier-e\u{301}"),
    ]

    /// A key from a pool of `poolSize` (small and large strings), or a spelling of an
    /// equivalent pair.
    static func key(_ rng: inout SplitMix64, poolSize: Int) -> String {
        if rng.below(10) == 0 {
            let pair = equivalentPairs[rng.below(equivalentPairs.count)]
            return rng.below(2) == 0 ? pair.0 : pair.1
        }
        let n = rng.below(poolSize)
        return n % 3 == 0 ? "customer-with-a-long-identifier-\(n)" : "c-\(n)"
    }

    /// The table holds exactly the model's keys, each in its slot, and each entry knows its key.
    static func expectSame(_ table: WindowKeyTable, _ model: [String: Int]) {
        #expect(table.count == model.count)
        var listed: [String: Int] = [:]
        for (key, entry) in table {
            #expect(entry.key == key)
            #expect(listed.updateValue(table.slot(of: key) ?? -1, forKey: key) == nil, "key \(key) listed twice")
        }
        #expect(listed == model)
        for (key, slot) in model {
            #expect(table.slot(of: key) == slot)
            #expect(table[slot].key == key)
        }
    }

    @Test("random claims, lookups and removals match a Dictionary", arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomRun(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        // Small pools reuse removed keys and freed slots; large ones grow the index.
        let poolSize = [8, 50, 400, 3000][Int(seed) % 4]
        var table = WindowKeyTable()
        var model: [String: Int] = [:]
        var freed: Set<Int> = []
        var slotCount = 0
        for step in 0..<20_000 {
            let key = Self.key(&rng, poolSize: poolSize)
            switch rng.below(10) {
            case 0...4:
                let slot = table.slot(for: key)
                if let known = model[key] {
                    #expect(slot == known)
                } else {
                    // A new key takes a freed slot if there is one, else the next new slot.
                    if freed.isEmpty {
                        #expect(slot == slotCount)
                        slotCount += 1
                    } else {
                        #expect(freed.remove(slot) != nil, "slot \(slot) was not free")
                    }
                    #expect(!model.values.contains(slot))
                    model[key] = slot
                }
            case 5...7:
                #expect(table.slot(of: key) == model[key])
                #expect((table[key] != nil) == (model[key] != nil))
            default:
                if let slot = model.removeValue(forKey: key) {
                    table.remove(key, at: slot)
                    freed.insert(slot)
                }
                #expect(table.slot(of: key) == nil)
            }
            if step % 997 == 0 { Self.expectSame(table, model) }
        }
        Self.expectSame(table, model)
        // Emptying the table in random order keeps every remaining key reachable (backward shift).
        for key in model.keys.shuffled(using: &rng) {
            if let slot = model.removeValue(forKey: key) { table.remove(key, at: slot) }
            if model.count % 101 == 0 { Self.expectSame(table, model) }
        }
        #expect(table.count == 0)
    }

    @Test("canonically equivalent keys are one key")
    func equivalentKeys() {
        var table = WindowKeyTable()
        for (index, pair) in Self.equivalentPairs.enumerated() {
            #expect(table.slot(for: pair.0) == index)
            #expect(table.slot(for: pair.1) == index)
            #expect(table.slot(of: pair.1) == index)
        }
        #expect(table.count == Self.equivalentPairs.count)
        table.remove("\u{212A}", at: 0)
        #expect(table.slot(of: "K") == nil)
        #expect(table.count == Self.equivalentPairs.count - 1)
    }

    @Test("a large table (growth through many doublings) finds every key")
    func growth() {
        var table = WindowKeyTable()
        for n in 0..<50_000 { #expect(table.slot(for: "c-\(n)") == n) }
        #expect(table.count == 50_000)
        for n in stride(from: 0, to: 50_000, by: 2) { table.remove("c-\(n)", at: n) }
        for n in 0..<50_000 { #expect(table.slot(of: "c-\(n)") == (n % 2 == 0 ? nil : n)) }
        #expect(table.slot(of: "c-50000") == nil)
        #expect(table.count == 25_000)
    }
}
