import Foundation
import Testing
@testable import StateStore

private func tempPath() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kvtest-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("state.db").path
}

@Test func putGetOverwriteDelete() throws {
    let store = try KeyValueStore(path: tempPath())
    #expect(try store.get(Array("a".utf8)) == nil)
    try store.put(Array("a".utf8), Array("1".utf8))
    #expect(try store.get(Array("a".utf8)) == Array("1".utf8))
    try store.put(Array("a".utf8), Array("2".utf8))
    #expect(try store.get(Array("a".utf8)) == Array("2".utf8))
    try store.put(Array("empty".utf8), [])
    #expect(try store.get(Array("empty".utf8)) == [])
    #expect(try store.count() == 2)
    try store.delete(Array("a".utf8))
    #expect(try store.get(Array("a".utf8)) == nil)
    #expect(try store.count() == 1)
}

@Test func survivesReopen() throws {
    let path = tempPath()
    do {
        let store = try KeyValueStore(path: path)
        try store.transaction { for i in 0..<1_000 { try store.put(Array("k\(i)".utf8), Array("v\(i)".utf8)) } }
    }
    let reopened = try KeyValueStore(path: path)
    #expect(try reopened.count() == 1_000)
    #expect(try reopened.get(Array("k999".utf8)) == Array("v999".utf8))
}

struct Boom: Error {}

@Test func failedTransactionLeavesNothing() throws {
    let store = try KeyValueStore(path: tempPath())
    #expect(throws: Boom.self) {
        try store.transaction {
            try store.put(Array("x".utf8), Array("1".utf8))
            throw Boom()
        }
    }
    #expect(try store.get(Array("x".utf8)) == nil)
}

@Test func unopenablePathNamesThePath() {
    do {
        _ = try KeyValueStore(path: "/nonexistent-dir-\(UUID().uuidString)/state.db")
        Issue.record("expected an error")
    } catch {
        #expect(error.description.contains("/nonexistent-dir-"))
    }
}
