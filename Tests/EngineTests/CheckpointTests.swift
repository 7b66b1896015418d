import Engine
import Operators
import Testing

private func cp(_ id: UInt64) -> TaskCheckpoint {
    TaskCheckpoint(id: id, offsets: [StreamPartition(topic: "cx.events", partition: 2): Int64(id) * 100],
                   watermarkMs: 1_000 * Int64(id), upstream: [:], outputFloor: [0: Int64(id)])
}

private func row(_ key: String, _ value: String?) -> ChangelogBatcher.Row {
    ChangelogBatcher.Row(key: key, value: value.map { Array($0.utf8) })
}

@Test func checkpointRoundTripsThroughItsEncoding() throws {
    let original = TaskCheckpoint(
        id: 42,
        offsets: [StreamPartition(topic: "cx.events", partition: 3): 1_234_567, StreamPartition(topic: "other", partition: 3): 0],
        watermarkMs: 1_767_225_600_000,
        upstream: [StreamPartition(topic: "cx.events", partition: 1): 99],
        outputFloor: [0: 10, 5: 77])
    #expect(try TaskCheckpoint(decoding: original.encoded()) == original)
    let fresh = TaskCheckpoint()
    #expect(try TaskCheckpoint(decoding: fresh.encoded()) == fresh)  // watermark Int64.min survives as null
}

@Test func corruptOrUnknownCheckpointIsAnErrorNotACrash() {
    for bad in ["", "{", "[]", "{\"v\":2,\"id\":1}", "{\"v\":1}", "{\"v\":1,\"id\":1,\"offsets\":[[\"t\",1]]}"] {
        #expect(throws: CheckpointError.self) { try TaskCheckpoint(decoding: Array(bad.utf8)) }
    }
}

@Test func aBatchIsCommittedOnlyOnceALaterMarkerOrTheConsistentCutCoversIt() {
    var b = ChangelogBatcher()
    b.row(key: "a", value: Array("1".utf8))
    #expect(b.marker(cp(1), offset: 1) == nil)  // batch 1 closed, but is it committed everywhere? not known yet
    b.row(key: "b", value: Array("2".utf8))
    #expect(b.marker(cp(2), offset: 3) == [row("a", "1")])  // a store is at most one checkpoint ahead
    b.row(key: "c", value: nil)  // rows after the last marker: a crash mid-checkpoint
    let end = b.finish(at: 2)
    #expect(end.committed == [row("b", "2")])
    #expect(end.uncommittedKeys == ["c"])
    #expect(b.applied?.id == 2 && b.applied?.nextOffset == 4)
}

@Test func aMarkerOtherStoresLackIsRolledBack() {
    // Store A got checkpoint 2's marker, store B did not: the cut is 1, A's batch 2 is uncommitted.
    var a = ChangelogBatcher()
    a.row(key: "x", value: Array("1".utf8)); _ = a.marker(cp(1), offset: 1)
    a.row(key: "y", value: Array("2".utf8)); _ = a.marker(cp(2), offset: 3)
    var b = ChangelogBatcher()
    b.row(key: "z", value: Array("1".utf8)); _ = b.marker(cp(1), offset: 1)
    let cut = ChangelogBatcher.consistentID([a.lastID, b.lastID])
    #expect(cut == 1)
    let endA = a.finish(at: cut)
    #expect(endA.committed.isEmpty && endA.uncommittedKeys == ["y"])
    #expect(a.applied?.id == 1)  // batch 1 of A was handed out when marker 2 arrived
    let endB = b.finish(at: cut)
    #expect(endB.committed == [row("z", "1")] && endB.uncommittedKeys.isEmpty)
}

@Test func aRollbackFollowedByTheSameMarkerRestoresThatCheckpoint() {
    // Log after a restore rolled back key y: marker 1, y=stale, (marker 2 never completed
    // elsewhere), y=committed value, marker 1 again. Reading it later must give y's committed value.
    var b = ChangelogBatcher()
    b.row(key: "y", value: Array("old".utf8)); _ = b.marker(cp(1), offset: 1)
    b.row(key: "y", value: Array("stale".utf8)); _ = b.marker(cp(2), offset: 3)
    b.row(key: "y", value: Array("old".utf8)); let handed = b.marker(cp(1), offset: 5)
    #expect(handed == nil)
    b.row(key: "w", value: Array("new".utf8)); let next = b.marker(cp(3), offset: 7)
    // The stale row and its compensation travel together: applied in order, y ends as "old".
    #expect(next == [row("y", "stale"), row("y", "old")])
    let end = b.finish(at: 3)
    #expect(end.committed == [row("w", "new")])
}

@Test func noConsistentCutUntilEveryStoreHasAMarker() {
    #expect(ChangelogBatcher.consistentID([1, nil]) == nil)
    #expect(ChangelogBatcher.consistentID([]) == nil)
    #expect(ChangelogBatcher.consistentID([3, 2, 3]) == 2)
}
