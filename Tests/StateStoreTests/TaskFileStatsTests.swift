import Foundation
import Testing
@testable import StateStore

/// What `stream-daemon state stats` reads: the task files of a group and their sizes.
@Suite struct TaskFileStatsTests {
    @Test func missingDirectoryMeansNoState() throws {
        try withTempDir { dir throws in
            #expect(try TaskFileStats.taskFiles(in: "\(dir)/nope") == nil)
        }
    }

    @Test func listsTaskFilesSortedAndReadsTheirSizes() throws {
        try withTempDir { dir in
            let group = TaskStateStore.groupDirectory(stateDir: dir, group: "g")
            let a = try TaskStateStore(path: TaskStateStore.path(stateDir: dir, group: "g", task: "inputs-1"))
            try a.commit(rows: [put("abandon", "c1", "12345"), put("restock", "c22", "1")], meta: ["offsets": [1]])
            let b = try TaskStateStore(path: TaskStateStore.path(stateDir: dir, group: "g", task: "inputs-0"))
            b.close()
            #expect(FileManager.default.createFile(atPath: "\(group)/notes.txt", contents: Data()))

            let files = try #require(try TaskFileStats.taskFiles(in: group))
            #expect(files == ["\(group)/inputs-0.sqlite", "\(group)/inputs-1.sqlite"])

            let stats = try TaskFileStats.read(path: files[1])
            #expect(stats.task == "inputs-1")
            #expect(stats.path == files[1])
            #expect(stats.stores == [StoreStats(store: "abandon", keys: 1, keyBytes: 2, valueBytes: 5),
                                     StoreStats(store: "restock", keys: 1, keyBytes: 3, valueBytes: 1)])
            #expect(stats.fileBytes > 0)
            let empty = try TaskFileStats.read(path: files[0])
            #expect(empty.stores == [])
            a.close()
        }
    }
}
