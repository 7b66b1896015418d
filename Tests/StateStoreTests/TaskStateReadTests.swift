import Foundation
import Testing
@testable import StateStore

/// Reads: point gets, scans in key order, store listing, counts and sizes, checkpoint meta.
@Suite struct TaskStateReadTests {
    @Test func forEachVisitsOneStoreInUTF8ByteOrder() throws {
        try withTempDir { dir in
            let state = try TaskStateStore(path: "\(dir)/t.sqlite")
            let scrambled = ["b", "a10", "B", "a2", "é", "a", "z", "ä", "a1", "0"]
            try state.commit(rows: scrambled.map { put("s", $0, "v-\($0)") } + [put("other", "aa", "x")], meta: [:])
            let expected = scrambled.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            #expect(expected == ["0", "B", "a", "a1", "a10", "a2", "b", "z", "ä", "é"])
            let seen = try contents(state, "s")
            #expect(seen.map(\.0) == expected)
            #expect(seen.map(\.1) == expected.map { "v-\($0)" })
            #expect(try keys(state, "missing") == [])
        }
    }

    @Test func forEachPropagatesTheBodysError() throws {
        struct Stop: Error {}
        try withTempDir { dir in
            let state = try TaskStateStore(path: "\(dir)/t.sqlite")
            try state.commit(rows: [put("s", "a", "1"), put("s", "b", "2")], meta: [:])
            var visited = 0
            #expect(throws: Stop.self) { try state.forEach(store: "s") { _, _ in visited += 1; throw Stop() } }
            #expect(visited == 1)
            // The body may read the same store while scanning.
            try state.forEach(store: "s") { key, value throws in #expect(try state.get(store: "s", key: key) == value) }
        }
    }

    @Test func storesListsNonEmptyStoresSorted() throws {
        try withTempDir { dir in
            let state = try TaskStateStore(path: "\(dir)/t.sqlite")
            #expect(try state.stores() == [])
            try state.commit(rows: [put("restock", "k", "v"), put("abandon", "k1", "v"), put("abandon", "k2", "v"), put("gone", "k", "v")], meta: [:])
            try state.commit(rows: [delete("gone", "k")], meta: [:])
            #expect(try state.stores() == ["abandon", "restock"])
        }
    }

    @Test func statsCountKeysAndBytesPerStore() throws {
        try withTempDir { dir in
            let state = try TaskStateStore(path: "\(dir)/t.sqlite")
            try state.commit(rows: [
                StateRow(store: "b", key: "é", value: [1, 2, 3]),        // key: 2 UTF-8 bytes
                StateRow(store: "b", key: "abc", value: []),
                StateRow(store: "a", key: "x", value: Array(repeating: 0, count: 1000)),
            ], meta: ["offsets": [1, 2, 3, 4]])
            #expect(try state.stats() == [
                StoreStats(store: "a", keys: 1, keyBytes: 1, valueBytes: 1000),
                StoreStats(store: "b", keys: 2, keyBytes: 5, valueBytes: 3),
            ])
            #expect(try state.count(store: "b") == 2)
            #expect(try state.count(store: "none") == 0)
        }
    }

    @Test func metaRoundTripsAndOverwrites() throws {
        try withTempDir { dir in
            let state = try TaskStateStore(path: "\(dir)/t.sqlite")
            #expect(try state.meta("offsets") == nil)
            let blob: [UInt8] = Array(0...255)
            try state.commit(rows: [], meta: ["offsets": blob, "watermark": [1]])
            #expect(try state.meta("offsets") == blob)
            try state.commit(rows: [], meta: ["watermark": [2]])
            #expect(try state.meta("watermark") == [2])
            #expect(try state.meta("offsets") == blob)
            #expect(try state.stores() == [])  // meta is not a store
        }
    }
}
