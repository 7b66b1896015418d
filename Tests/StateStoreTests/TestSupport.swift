import Foundation
@testable import StateStore

/// Runs `body` with a fresh directory that is removed afterwards, so parallel tests never share
/// files and runs leave nothing behind.
func withTempDir<R>(_ body: (String) throws -> R) throws -> R {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("statestore-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    return try body(dir)
}

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

func put(_ store: String, _ key: String, _ value: String) -> StateRow {
    StateRow(store: store, key: key, value: bytes(value))
}

func delete(_ store: String, _ key: String) -> StateRow {
    StateRow(store: store, key: key, value: nil)
}

/// Every (key, value) of `store` in scan order, values as strings.
func contents(_ state: TaskStateStore, _ store: String) throws -> [(String, String)] {
    var out: [(String, String)] = []
    try state.forEach(store: store) { key, value in out.append((key, String(decoding: value, as: UTF8.self))) }
    return out
}

func keys(_ state: TaskStateStore, _ store: String) throws -> [String] {
    try contents(state, store).map(\.0)
}
