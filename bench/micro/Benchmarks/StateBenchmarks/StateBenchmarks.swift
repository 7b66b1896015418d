// StateStore.KeyValueStore (SQLite, WAL, synchronous=NORMAL): put and get in batches of 1000
// inside one transaction, as the daemon groups a batch of events' writes under one commit.
// 100k keys shaped like customer IDs, 64-byte values; the commit is amortised over the batch.
import Benchmark
import Foundation
import MicroSupport
import StateStore

let keyCount = 100_000
let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("stream-daemon-micro-\(ProcessInfo.processInfo.processIdentifier)").path

final class StoreFixture {
    let store: KeyValueStore
    let keys: [[UInt8]]
    var values: [[UInt8]]
    var cursor = 0

    init(name: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try KeyValueStore(path: "\(directory)/\(name).sqlite")
        keys = (0..<keyCount).map { Array("c-\($0)".utf8) }
        // Two value versions so consecutive puts of a key really change it.
        values = [Array(repeating: UInt8(ascii: "a"), count: 64), Array(repeating: UInt8(ascii: "b"), count: 64)]
        try store.transaction {
            for key in keys { try store.put(key, values[0]) }
        }
    }

    /// The next 1000 keys (round-robin over all of them).
    func nextBatch() -> Range<Int> {
        defer { cursor = (cursor + 1000) % keyCount }
        return cursor..<(cursor + 1000)
    }
}

let benchmarks: @Sendable () -> Void = {
    Fixtures.configure()

    Benchmark("State: KeyValueStore.put (upsert, 1000 per transaction, 100k keys)") { benchmark, fixture in
        let batch = fixture.nextBatch()
        let value = fixture.values[(fixture.cursor / 1000) & 1]
        do {
            try fixture.store.transaction {
                for index in batch { try fixture.store.put(fixture.keys[index], value) }
            }
        } catch {
            fatalError("put failed: \(error)")
        }
    } setup: {
        try StoreFixture(name: "put")
    }

    Benchmark("State: KeyValueStore.get (hit, 1000 per transaction, 100k keys)") { benchmark, fixture in
        let batch = fixture.nextBatch()
        do {
            try fixture.store.transaction {
                for index in batch {
                    guard let value = try fixture.store.get(fixture.keys[index]) else { fatalError("missing key") }
                    blackHole(value)
                }
            }
        } catch {
            fatalError("get failed: \(error)")
        }
    } setup: {
        try StoreFixture(name: "get")
    }

    Benchmark.teardown = {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
