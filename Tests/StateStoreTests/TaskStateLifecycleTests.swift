import CSQLite
import Foundation
import Testing
@testable import StateStore

/// Opening, persistence, wiping, read-only inspection and damaged files.
@Suite struct TaskStateLifecycleTests {
    @Test func createsParentDirectoriesAndUsesWAL() throws {
        try withTempDir { dir in
            let path = TaskStateStore.path(stateDir: "\(dir)/state", group: "cx", task: "inputs-3")
            let state = try TaskStateStore(path: path)
            #expect(state.path == path)
            #expect(FileManager.default.fileExists(atPath: path))
            #expect(try state.connection.scalarText("PRAGMA journal_mode") == "wal")
            #expect(try state.connection.scalarInt("PRAGMA synchronous") == 1)  // NORMAL
        }
    }

    @Test func stateSurvivesReopen() throws {
        try withTempDir { dir in
            let path = "\(dir)/t.sqlite"
            do {
                let state = try TaskStateStore(path: path)
                try state.commit(rows: (0..<1_000).map { put("s", "k\($0)", "v\($0)") }, meta: ["offsets": [7]])
                try state.commit(rows: [delete("s", "k0")], meta: [:])
                // No close(): the store is released like on an orderly exit without cleanup.
            }
            let reopened = try TaskStateStore(path: path)
            #expect(try reopened.count(store: "s") == 999)
            #expect(try reopened.get(store: "s", key: "k999") == bytes("v999"))
            #expect(try reopened.get(store: "s", key: "k0") == nil)
            #expect(try reopened.meta("offsets") == [7])
        }
    }

    @Test func deleteAllWipesRowsAndMeta() throws {
        try withTempDir { dir in
            let path = "\(dir)/t.sqlite"
            let state = try TaskStateStore(path: path)
            try state.commit(rows: [put("a", "k", "v"), put("b", "k", "v")], meta: ["offsets": [1]])
            try state.deleteAll()
            #expect(try state.stores() == [])
            #expect(try state.stats() == [])
            #expect(try state.meta("offsets") == nil)
            try state.commit(rows: [put("a", "k2", "v2")], meta: [:])
            state.close()
            let reopened = try TaskStateStore(path: path)
            #expect(try keys(reopened, "a") == ["k2"])
        }
    }

    @Test func garbageFileIsCorruptionNamingThePath() throws {
        try withTempDir { dir in
            let path = "\(dir)/inputs-1.sqlite"
            let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
            #expect(FileManager.default.createFile(atPath: path, contents: garbage))
            let error = #expect(throws: SQLiteError.self) { try TaskStateStore(path: path) }
            #expect(error?.description.contains(path) == true)
            #expect(error?.isCorruption == true)
            let readOnly = #expect(throws: SQLiteError.self) { try TaskStateStore(path: path, access: .readOnly) }
            #expect(readOnly?.description.contains(path) == true)
            #expect(readOnly?.isCorruption == true)
        }
    }

    /// A file with an intact header but damaged pages opens, then fails when the damage is read.
    @Test func damagedPagesAreCorruptionNamingThePath() throws {
        try withTempDir { dir in
            let path = "\(dir)/t.sqlite"
            do {
                let state = try TaskStateStore(path: path)
                try state.commit(rows: (0..<5_000).map { put("s", "key-\($0)", String(repeating: "v", count: 100)) }, meta: [:])
                state.close()  // last connection: checkpoints the WAL into the file
            }
            let handle = try #require(FileHandle(forUpdatingAtPath: path))
            try handle.seek(toOffset: 4096 * 3)
            handle.write(Data(repeating: 0xFF, count: 4096 * 20))
            try handle.close()
            let error = #expect(throws: SQLiteError.self) {
                let state = try TaskStateStore(path: path)
                try state.forEach(store: "s") { _, _ in }
            }
            #expect(error?.description.contains(path) == true)
            #expect(error?.isCorruption == true)
        }
    }

    @Test func unopenablePathNamesThePath() throws {
        try withTempDir { dir in
            let blocker = "\(dir)/file"
            #expect(FileManager.default.createFile(atPath: blocker, contents: Data()))
            let path = "\(blocker)/sub/t.sqlite"  // parent "directory" is a regular file
            let error = #expect(throws: SQLiteError.self) { try TaskStateStore(path: path) }
            #expect(error?.description.contains(path) == true)
        }
    }

    @Test func newerSchemaIsRefused() throws {
        try withTempDir { dir in
            let path = "\(dir)/t.sqlite"
            do {
                let state = try TaskStateStore(path: path)
                try state.connection.exec("PRAGMA user_version = \(TaskStateSchema.version + 1)")
                state.close()
            }
            let error = #expect(throws: SQLiteError.self) { try TaskStateStore(path: path) }
            #expect(error?.description.contains("newer") == true)
            #expect(error?.description.contains(path) == true)
        }
    }

    @Test func readOnlyReadsWithoutWriting() throws {
        try withTempDir { dir in
            let path = "\(dir)/t.sqlite"
            let writer = try TaskStateStore(path: path)
            try writer.commit(rows: [put("s", "k", "v")], meta: ["offsets": [1]])
            // Readable while the writer still has the file open (WAL not yet checkpointed).
            let reader = try TaskStateStore(path: path, access: .readOnly)
            #expect(try reader.get(store: "s", key: "k") == bytes("v"))
            #expect(try reader.stats() == [StoreStats(store: "s", keys: 1, keyBytes: 1, valueBytes: 1)])
            let error = #expect(throws: SQLiteError.self) { try reader.commit(rows: [put("s", "k2", "v")], meta: [:]) }
            #expect(error.map { $0.code & 0xFF } == SQLITE_READONLY)
            #expect(error?.description.contains(path) == true)
            #expect(throws: SQLiteError.self) { try reader.deleteAll() }
            try writer.commit(rows: [put("s", "k3", "v")], meta: [:])
            #expect(try keys(reader, "s") == ["k", "k3"])
        }
    }

    @Test func readOnlyNeitherCreatesNorAcceptsForeignFiles() throws {
        try withTempDir { dir in
            let missing = "\(dir)/missing.sqlite"
            #expect(throws: SQLiteError.self) { try TaskStateStore(path: missing, access: .readOnly) }
            #expect(!FileManager.default.fileExists(atPath: missing))
            let foreign = "\(dir)/foreign.sqlite"
            _ = try KeyValueStore(path: foreign)
            let error = #expect(throws: SQLiteError.self) { try TaskStateStore(path: foreign, access: .readOnly) }
            #expect(error?.description.contains("not a task state file") == true)
        }
    }

    /// Inspecting a file nobody else has open leaves no `-wal`/`-shm` files behind.
    @Test func readOnlyLeavesNoSideFiles() throws {
        try withTempDir { dir in
            let path = "\(dir)/t.sqlite"
            let writer = try TaskStateStore(path: path)
            try writer.commit(rows: [put("s", "k", "v")], meta: [:])
            writer.close()
            let before = try FileManager.default.contentsOfDirectory(atPath: dir)
            #expect(before == ["t.sqlite"])
            let reader = try TaskStateStore(path: path, access: .readOnly)
            #expect(try reader.count(store: "s") == 1)
            reader.close()
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["t.sqlite"])
        }
    }
}
