import Testing
@testable import Engine

private let p0 = StreamPartition(topic: "cx.events", partition: 0)
private let p1 = StreamPartition(topic: "cx.events", partition: 1)

struct NoToken: Error {}

/// Registers an input with outputs; fails the test if no token comes back.
private func token(_ t: inout CommitTracker, _ p: StreamPartition, offset: Int64, outputs: Int) throws -> UInt64 {
    guard let tok = t.processed(p, offset: offset, outputs: outputs) else { throw NoToken() }
    return tok
}

@Test func inputWithoutOutputsIsCommittableAtOnce() {
    var t = CommitTracker()
    #expect(t.processed(p0, offset: 0, outputs: 0) == nil)
    #expect(t.processed(p0, offset: 1, outputs: 0) == nil)
    #expect(t.committable() == [p0: 2])
}

@Test func offsetWaitsForEveryOutputOfItsInput() throws {
    var t = CommitTracker()
    let tok = try token(&t, p0, offset: 5, outputs: 2)
    #expect(t.committable() == [p0: 5])  // nothing past the pending input
    t.acknowledged(token: tok)
    #expect(t.committable() == [p0: 5])
    #expect(t.inFlight == 1)
    t.acknowledged(token: tok)
    #expect(t.committable() == [p0: 6])
    #expect(t.inFlight == 0)
}

@Test func outOfOrderAcknowledgementsHoldTheCommitPointAtTheOldestPending() throws {
    var t = CommitTracker()
    let a = try token(&t, p0, offset: 10, outputs: 1)
    _ = t.processed(p0, offset: 11, outputs: 0)
    let c = try token(&t, p0, offset: 12, outputs: 1)
    t.acknowledged(token: c)
    #expect(t.commitPoint(p0) == 10)
    t.acknowledged(token: a)
    #expect(t.commitPoint(p0) == 13)
}

@Test func duplicateAcknowledgementIsIgnored() throws {
    var t = CommitTracker()
    let a = try token(&t, p0, offset: 0, outputs: 1)
    let b = try token(&t, p0, offset: 1, outputs: 1)
    t.acknowledged(token: a)
    t.acknowledged(token: a)
    #expect(t.commitPoint(p0) == 1)
    #expect(t.inFlight == 1)
    t.acknowledged(token: b)
    #expect(t.commitPoint(p0) == 2)
}

@Test func partitionsAreIndependentAndMarkCommittedSuppressesRepeats() throws {
    var t = CommitTracker()
    let a = try token(&t, p0, offset: 0, outputs: 1)
    _ = t.processed(p1, offset: 7, outputs: 0)
    #expect(t.committable() == [p0: 0, p1: 8])
    t.markCommitted([p1: 8])
    #expect(t.committable() == [p0: 0])
    t.acknowledged(token: a)
    #expect(t.committable() == [p0: 1])
}

@Test func revokedPartitionIgnoresLateAcknowledgements() throws {
    var t = CommitTracker()
    let a = try token(&t, p0, offset: 3, outputs: 1)
    t.revoke(p0)
    #expect(t.inFlight == 0)
    t.acknowledged(token: a)
    #expect(t.commitPoint(p0) == nil)
    // Re-assigned: a fresh slot, the old token does not touch it.
    t.assign(p0)
    let b = try token(&t, p0, offset: 3, outputs: 1)
    t.acknowledged(token: a)
    #expect(t.commitPoint(p0) == 3)
    t.acknowledged(token: b)
    #expect(t.commitPoint(p0) == 4)
}

@Test func compactionKeepsTokensValid() throws {
    var t = CommitTracker()
    var tokens: [UInt64] = []
    for o in 0..<5_000 { tokens.append(try token(&t, p0, offset: Int64(o), outputs: 1)) }
    // Acknowledge all but the last in order: triggers compaction repeatedly.
    for tok in tokens.dropLast() { t.acknowledged(token: tok) }
    #expect(t.commitPoint(p0) == 4_999)
    let late = try token(&t, p0, offset: 5_000, outputs: 1)
    t.acknowledged(token: late)
    #expect(t.commitPoint(p0) == 4_999)
    t.acknowledged(token: tokens[4_999])
    #expect(t.commitPoint(p0) == 5_001)
    #expect(t.inFlight == 0)
}
