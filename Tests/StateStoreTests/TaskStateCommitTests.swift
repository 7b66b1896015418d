import CSQLite
import Foundation
import Testing
@testable import StateStore

/// `commit`: one transaction for the rows of several stores plus the checkpoint.
@Suite struct TaskStateCommitTests {
    @Test func rowsAndMetaAreVisibleTogetherAfterReopen() throws {
        try withTempDir { dir in
            let path = "\(dir)/inputs-0.sqlite"
            do {
                let state = try TaskStateStore(path: path)
                try state.commit(rows: [put("abandon", "c1", "cart"), put("restock", "c1", "sku-9")],
                                 meta: ["offsets": [1, 2, 3], "watermark": [9]])
                state.close()
            }
            let reopened = try TaskStateStore(path: path)
            #expect(try reopened.get(store: "abandon", key: "c1") == bytes("cart"))
            #expect(try reopened.get(store: "restock", key: "c1") == bytes("sku-9"))
            #expect(try reopened.meta("offsets") == [1, 2, 3])
            #expect(try reopened.meta("watermark") == [9])
        }
    }

    @Test func nilValueDeletesTheKey() throws {
        try withTempDir { dir in
            let state = try TaskStateStore(path: "\(dir)/t.sqlite")
            try state.commit(rows: [put("s", "a", "1"), put("s", "b", "2")], meta: [:])
            try state.commit(rows: [delete("s", "a"), delete("s", "never-existed")], meta: [:])
            #expect(try state.get(store: "s", key: "a") == nil)
            #expect(try keys(state, "s") == ["b"])
            #expect(try state.count(store: "s") == 1)
        }
    }

    @Test func laterRowForTheSameKeyWins() throws {
        try withTempDir { dir in
            let state = try TaskStateStore(path: "\(dir)/t.sqlite")
            try state.commit(rows: [put("s", "k", "1"), put("s", "z", "z"), put("s", "k", "2")], meta: [:])
            #expect(try state.get(store: "s", key: "k") == bytes("2"))
            try state.commit(rows: [put("s", "k", "3"), delete("s", "k")], meta: [:])
            #expect(try state.get(store: "s", key: "k") == nil)
            try state.commit(rows: [delete("s", "k"), put("s", "k", "4")], meta: [:])
            #expect(try state.get(store: "s", key: "k") == bytes("4"))
        }
    }

    @Test func emptyValueAndEmptyKeyAreKeptDistinctFromMissing() throws {
        try withTempDir { dir in
            let state = try TaskStateStore(path: "\(dir)/t.sqlite")
            try state.commit(rows: [StateRow(store: "s", key: "", value: [])], meta: ["m": []])
            #expect(try state.get(store: "s", key: "") == [])
            #expect(try state.meta("m") == [])
            #expect(try state.count(store: "s") == 1)
        }
    }

    @Test func sameKeyInDifferentStoresIsIndependent() throws {
        try withTempDir { dir in
            let state = try TaskStateStore(path: "\(dir)/t.sqlite")
            try state.commit(rows: [put("a", "k", "in-a"), put("b", "k", "in-b")], meta: [:])
            try state.commit(rows: [delete("a", "k")], meta: [:])
            #expect(try state.get(store: "a", key: "k") == nil)
            #expect(try state.get(store: "b", key: "k") == bytes("in-b"))
        }
    }

    /// A commit that fails part-way (the database "disk" fills up after some rows were written)
    /// leaves the previous state and checkpoint untouched, and the store stays usable.
    @Test func commitFailingMidwayLeavesThePreviousState() throws {
        try withTempDir { dir in
            let path = "\(dir)/t.sqlite"
            let state = try TaskStateStore(path: path)
            try state.commit(rows: [put("s", "before", "1")], meta: ["offsets": [1]])
            // Fault injection: allow only a few more pages, far fewer than the next batch needs.
            let pages = try state.connection.scalarInt("PRAGMA page_count")
            try state.connection.exec("PRAGMA max_page_count = \(pages + 2)")
            let big = (0..<5_000).map { StateRow(store: "s", key: "k\($0)", value: Array(repeating: 7, count: 200)) }
            let error = #expect(throws: SQLiteError.self) {
                try state.commit(rows: big + [delete("s", "before")], meta: ["offsets": [2]])
            }
            #expect(error.map { $0.code & 0xFF } == SQLITE_FULL)
            #expect(error?.description.contains(path) == true)
            #expect(error?.description.contains("commit row") == true)
            #expect(try keys(state, "s") == ["before"])
            #expect(try state.meta("offsets") == [1])

            // Still usable, and the failed batch did not linger in an open transaction.
            try state.connection.exec("PRAGMA max_page_count = 1073741823")
            try state.commit(rows: [put("s", "after", "2")], meta: ["offsets": [3]])
            state.close()
            let reopened = try TaskStateStore(path: path)
            #expect(try keys(reopened, "s") == ["after", "before"])
            #expect(try reopened.meta("offsets") == [3])
        }
    }

    @Test func emptyCommitIsANoOp() throws {
        try withTempDir { dir in
            let state = try TaskStateStore(path: "\(dir)/t.sqlite")
            try state.commit(rows: [], meta: [:])
            #expect(try state.stores() == [])
        }
    }

    @Test func useAfterCloseThrowsNamingThePath() throws {
        try withTempDir { dir in
            let path = "\(dir)/t.sqlite"
            let state = try TaskStateStore(path: path)
            state.close()
            state.close()  // idempotent
            let error = #expect(throws: SQLiteError.self) { try state.commit(rows: [put("s", "k", "v")], meta: [:]) }
            #expect(error?.code == SQLITE_MISUSE)
            #expect(error?.description.contains(path) == true)
            #expect(throws: SQLiteError.self) { try state.get(store: "s", key: "k") }
            #expect(throws: SQLiteError.self) { try state.forEach(store: "s") { _, _ in } }
            #expect(throws: SQLiteError.self) { try state.stats() }
        }
    }

    @Test func largeBatchCommitsCompletely() throws {
        try withTempDir { dir in
            let state = try TaskStateStore(path: "\(dir)/t.sqlite")
            let rows = (0..<20_000).shuffled().map { StateRow(store: $0 % 2 == 0 ? "even" : "odd", key: "c-\($0)", value: [UInt8(truncatingIfNeeded: $0)]) }
            try state.commit(rows: rows, meta: ["offsets": [42]])
            #expect(try state.count(store: "even") == 10_000)
            #expect(try state.count(store: "odd") == 10_000)
            #expect(try state.get(store: "odd", key: "c-12345") == [UInt8(truncatingIfNeeded: 12345)])
        }
    }
}
