import Testing
import Operators

/// `migrateState(from:to:)` on the pattern driver (identity stitching), and the `_identity`
/// store's value type, ``IdentityMap``.
@Suite("Identity: migrate and map")
struct IdentityMigrateTests {
    typealias F = PatternFixture

    static func absence(cooldownMs: Int64? = nil) throws -> PatternHarness<AbsenceTrigger> {
        PatternHarness(AbsenceTrigger(
            common: try F.common(message: "{{type}}@{{event_time}}", cooldownMs: cooldownMs),
            start: F.isType("A"), then: F.isType("B"), withinMs: 500, deadlineField: nil
        ))
    }

    @Test func aPendingStateFiresForTheNewKeyWithItsIDAndCustomer() throws {
        var h = try Self.absence()
        let a = F.event("A", at: 1_000, offset: 1, key: "d")
        try h.send(a)
        h.advance(to: 1_100)                               // released: the state is d's slot now
        _ = h.op.takeStateChanges()
        let moved = h.op.migrateState(from: "d", to: "c")
        #expect(moved)
        #expect(h.op.takeStateChanges().map { "\($0.key)=\($0.value == nil ? "deleted" : "written")" }
                == ["c=written", "d=deleted"])
        h.advance(to: 1_501)
        #expect(h.actions.map(\.customerID) == ["c"])
        #expect(h.actions.first?.actionID == F.actionID(key: "c", discriminator: "absence:\(a.source)"))
        #expect(h.op.pendingKeyCount == 0)
    }

    @Test func bufferedEventsMoveAndAreRekeyed() throws {
        var h = try Self.absence()
        try h.send(F.event("A", at: 1_000, offset: 1, key: "d"))   // still buffered (no watermark yet)
        let moved = h.op.migrateState(from: "d", to: "c")
        #expect(moved)
        #expect(!h.op.isResident(key: "d") || h.op.takeStateChanges().first { $0.key == "d" }?.value == nil)
        try h.send(F.event("B", at: 1_200, offset: 2, key: "c"))   // the customer's purchase is the exit
        h.advance(to: 10_000)
        #expect(h.actions.isEmpty)
        #expect(h.op.pendingKeyCount == 0)
    }

    @Test func theDeviceTimerIsStaleAfterTheMove() throws {
        var h = try Self.absence()
        try h.send(F.event("A", at: 1_000, offset: 1, key: "d"))
        h.advance(to: 1_100)
        _ = h.op.migrateState(from: "d", to: "c")
        h.advance(to: 10_000)
        #expect(h.actions.map(\.customerID) == ["c"], "one reminder, not one per key")
    }

    @Test func whenTheCustomerHasStateItsStateWinsAndTheLaterCooldownIsKept() throws {
        var h = try Self.absence(cooldownMs: 5_000)
        try h.send(F.event("A", at: 1_000, offset: 1, key: "d"))    // device cart, due 1500
        try h.send(F.event("A", at: 1_200, offset: 2, key: "c"))    // customer cart, due 1700
        h.advance(to: 1_300)
        _ = h.op.migrateState(from: "d", to: "c")
        h.advance(to: 10_000)
        #expect(h.messages == ["A@1200"], "the customer's own pending cart is kept, the device's dropped")
        #expect(h.actions.map(\.customerID) == ["c"])
    }

    @Test func aRunningCooldownOnTheDeviceIsNotLiftedByTheMerge() throws {
        var h = try Self.absence(cooldownMs: 5_000)
        try h.send(F.event("A", at: 1_000, offset: 1, key: "d"))
        h.advance(to: 1_600)                                         // d fired at 1500, cools down to 6500
        #expect(h.actions.map(\.customerID) == ["d"])
        _ = h.op.migrateState(from: "d", to: "c")
        try h.send(F.event("A", at: 2_000, offset: 2, key: "c"))    // due 2500: inside the cooldown
        h.advance(to: 3_000)
        #expect(h.actions.count == 1)
    }

    @Test func nothingToMoveOrTheSameKeyReturnsFalse() throws {
        var h = try Self.absence()
        let none = h.op.migrateState(from: "d", to: "c")
        #expect(!none)
        try h.send(F.event("A", at: 1_000, offset: 1, key: "d"))
        let same = h.op.migrateState(from: "d", to: "d")
        #expect(!same)
    }

    @Test func aMigratedStateRoundTripsThroughTheCodec() throws {
        var h = try Self.absence()
        try h.send(F.event("A", at: 1_000, offset: 1, key: "d"))
        h.advance(to: 1_100)
        _ = h.op.migrateState(from: "d", to: "c")
        let change = try #require(h.op.takeStateChanges().first { $0.key == "c" })
        var restored = try Self.absence()
        try restored.op.restoreState(key: "c", value: try #require(change.value))
        restored.advance(to: 1_501)
        #expect(restored.actions.map(\.customerID) == ["c"])
    }

    @Test func windowsKeepTheirStateWhereItIs() throws {
        var window = try WindowFixture.window(.tumbling(sizeMs: 1_000))
        try WindowFixture.process([WindowFixture.event(at: 100, offset: 1, key: "d")], into: &window)
        _ = window.takeStateChanges()
        let moved = window.migrateState(from: "d", to: "c")
        #expect(!moved)
        #expect(window.takeStateChanges().isEmpty)
        #expect(window.stateKeyCount == 1)
    }

    // MARK: IdentityMap

    @Test func aLinkMapsTheDeviceAndALaterLinkReplacesIt() {
        var map = IdentityMap()
        let first = map.link("d", to: "c1", atMs: 10)
        #expect(first && map.knownID(for: "d") == "c1")
        let again = map.link("d", to: "c1", atMs: 20)
        #expect(!again, "the same customer again is no new link")
        let older = map.link("d", to: "c2", atMs: 5)
        #expect(!older && map.knownID(for: "d") == "c1", "an older login does not override a newer link")
        let relink = map.link("d", to: "c2", atMs: 30)
        #expect(relink && map.knownID(for: "d") == "c2" && map.count == 1)
        let selfLink = map.link("x", to: "x", atMs: 1)
        #expect(!selfLink && map.count == 1)
    }

    @Test func linksRoundTripThroughTakeAndRestore() throws {
        var map = IdentityMap()
        map.link("d2", to: "c", atMs: 7)
        map.link("d1", to: "c", atMs: -3)
        let changes = map.takeStateChanges()
        #expect(changes.map(\.key) == ["d1", "d2"])
        #expect(map.takeStateChanges().isEmpty)
        var restored = IdentityMap()
        for change in changes { try restored.restoreState(key: change.key, value: try #require(change.value)) }
        #expect(restored.link(of: "d1") == IdentityMap.Link(knownID: "c", linkedAtMs: -3))
        #expect(restored.knownID(for: "d2") == "c")
        #expect(restored.takeStateChanges().isEmpty, "a restore is already durable")
        let dropped = restored.eraseLinks(involving: "c")
        #expect(dropped == 2, "the reverse index is rebuilt by restore")
    }

    @Test func eraseDropsLinksToTheCustomerAndOfTheDevice() {
        var map = IdentityMap()
        map.link("d1", to: "c", atMs: 1)
        map.link("d2", to: "c", atMs: 1)
        map.link("d3", to: "other", atMs: 1)
        _ = map.takeStateChanges()
        let dropped = map.eraseLinks(involving: "c")
        #expect(dropped == 2)
        #expect(map.knownID(for: "d1") == nil && map.knownID(for: "d2") == nil && map.knownID(for: "d3") == "other")
        #expect(map.takeStateChanges() == [StateChange(key: "d1", value: nil), StateChange(key: "d2", value: nil)])
        let own = map.eraseLinks(involving: "d3")
        #expect(own == 1)
        #expect(map.count == 0)
    }

    @Test func corruptOrForeignValuesAreRefused() {
        var map = IdentityMap()
        for bad: [UInt8] in [[], [1], [1, 2, 1, 0x63, 0], [9, 0x49, 1, 0x63, 0], [1, 0x49, 0, 0], [1, 0x49, 1, 0x63, 0, 7]] {
            #expect(throws: StateRestoreError.self) { try map.restoreState(key: "d", value: bad) }
        }
        #expect(map.count == 0)
    }
}
