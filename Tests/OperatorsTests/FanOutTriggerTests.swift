import Testing
import Operators

extension FanOutTrigger: PatternOperator {}

/// FanOutTrigger with a virtual clock: rosters, both firing conditions, limits, order, nearby
/// stores, pacing, lateness and the state round trip.
@Suite("FanOutTrigger")
struct FanOutTriggerTests {
    typealias F = PatternFixture
    static let minute: Int64 = 60_000
    static let day: Int64 = 86_400_000

    static func members(keep: [String] = ["name", "home"], expireAfterMs: Int64 = 90 * day,
                        once: Bool = false) -> FanOutSpec.Members {
        FanOutSpec.Members(addWhen: F.isType("add"), removeWhen: F.isType("remove"), idField: "cid", keep: keep,
                           expireAfterMs: expireAfterMs, removeWhenNotified: once)
    }

    static func harness(_ spec: FanOutSpec, message: String = "{{member.id}}") throws -> PatternHarness<FanOutTrigger> {
        PatternHarness(FanOutTrigger(common: try F.common(message: message, customerField: "member.id"), spec: spec))
    }

    static func flight() throws -> PatternHarness<FanOutTrigger> {
        try harness(FanOutSpec(members: members(), fire: .change(field: "est", baselineField: "sched",
                                                                 minChange: Double(15 * minute), growsOnly: true),
                               finalWhen: F.isType("cancelled")),
                    message: "{{member.id}} {{#final}}final{{/final}}{{^final}}delay={{change}}{{/final}}")
    }

    static func add(_ id: String, at time: Int64, offset: Int64, home: String = "s1", key: String = "k") -> Event {
        F.event("add", at: time, offset: offset, key: key, extra: #""cid":"\#(id)","name":"N\#(id)","home":"\#(home)""#)
    }

    /// A status update `delayMinutes` late (times as epoch ms).
    static func status(delayMinutes: Int64, at time: Int64, offset: Int64) -> Event {
        F.event("status", at: time, offset: offset, extra: #""sched":0,"est":\#(delayMinutes * minute)"#)
    }

    static func level(_ units: Int, store: String = "s1", at time: Int64, offset: Int64) -> Event {
        F.event("stock", at: time, offset: offset, extra: #""units":\#(units),"store":"\#(store)","near":["s2"]"#)
    }

    static func restock(limit: Bool = true, order: Bool = true, nearby: Bool = false, pace: Int? = nil,
                        once: Bool = true) throws -> PatternHarness<FanOutTrigger> {
        try harness(FanOutSpec(
            members: members(once: once), fire: .rises(field: "units", per: "store"),
            limit: limit ? FanOutSpec.Limit(field: "units", factor: 2) : nil,
            order: order ? FanOutSpec.Order(memberField: "home", eventField: "store") : nil,
            nearbyField: nearby ? "near" : nil, pacePerMinute: pace),
            message: "{{member.id}} home={{at_home_store}} rank={{rank}}")
    }

    // MARK: - Roster

    @Test func rosterAddRemoveAndDuplicateAdd() throws {
        var h = try Self.flight()
        try h.send([Self.add("b", at: 1, offset: 1), Self.add("a", at: 2, offset: 2), Self.add("b", at: 3, offset: 3),
                    Self.add("c", at: 4, offset: 4), F.event("remove", at: 5, offset: 5, extra: #""cid":"c""#),
                    Self.status(delayMinutes: 20, at: 10, offset: 6)])
        h.advance(to: 100)
        // b keeps its first add time (1), so it stays ahead of a; c was removed.
        #expect(h.messages == ["b delay=1200000", "a delay=1200000"])
        #expect(h.actions.map(\.customerID) == ["b", "a"])
        #expect(h.actions.first?.actionID == F.actionID(discriminator: "fan_out:events/0@6/b"))
    }

    @Test(arguments: [(Int64(0), false), (Int64(1), true)])
    func membersExpireExactlyAtExpireAfter(earlierBy: Int64, notified: Bool) throws {
        var h = try Self.harness(FanOutSpec(members: Self.members(expireAfterMs: Self.day),
                                            fire: .when(F.isType("go"))))
        try h.send([Self.add("a", at: 1_000, offset: 1), F.event("go", at: 1_000 + Self.day - earlierBy, offset: 2)])
        h.advance(to: 2 * Self.day)
        #expect(h.messages == (notified ? ["a"] : []))
    }

    @Test func anExpiredRosterLeavesNoState() throws {
        var h = try Self.harness(FanOutSpec(members: Self.members(expireAfterMs: Self.day), fire: .when(F.isType("go"))))
        try h.send(Self.add("a", at: 0, offset: 1))
        h.advance(to: 10)
        #expect(h.op.pendingKeyCount == 1)
        h.advance(to: Self.day + 1)
        #expect(h.op.pendingKeyCount == 0)
    }

    // MARK: - Flight: announce on growth only, final once

    @Test func delayAnnouncedAt15And30NotAt29OrOnShrinkFinalOnce() throws {
        var h = try Self.flight()
        try h.send([Self.add("p", at: 0, offset: 1),
                    Self.status(delayMinutes: 14, at: 10, offset: 2), Self.status(delayMinutes: 15, at: 20, offset: 3),
                    Self.status(delayMinutes: 29, at: 30, offset: 4), Self.status(delayMinutes: 30, at: 40, offset: 5),
                    Self.status(delayMinutes: 16, at: 50, offset: 6), Self.status(delayMinutes: 44, at: 60, offset: 7),
                    F.event("cancelled", at: 70, offset: 8), F.event("cancelled", at: 80, offset: 9),
                    Self.add("q", at: 85, offset: 10), Self.status(delayMinutes: 90, at: 90, offset: 11)])
        h.advance(to: 1_000)
        #expect(h.messages == ["p delay=900000", "p delay=1800000", "p final"])
        // The finished key stays (ignoring its events) until expire_after.
        #expect(h.op.pendingKeyCount == 1)
        h.advance(to: 70 + 90 * Self.day + 1)
        #expect(h.op.pendingKeyCount == 0)
    }

    // MARK: - Restock

    @Test func restockNotifiesAtMostUnitsTimesFactorHomeStoreFirstRestLater() throws {
        var h = try Self.restock()
        var events = [Self.level(0, at: 0, offset: 1)]
        for index in 0..<12 {
            let time = Int64(10 + index)
            events.append(Self.add("c\(10 + index)", at: time, offset: time, home: index == 11 ? "s1" : "s2"))
        }
        events += [Self.level(5, at: 100, offset: 30), Self.level(0, at: 200, offset: 31), Self.level(1, at: 300, offset: 32)]
        try h.send(events)
        h.advance(to: 1_000)
        // c21 (home s1) first, then by add time; 5 × 2 = 10; then 1 × 2 = 2 of the remaining 2.
        #expect(h.messages.prefix(2) == ["c21 home=true rank=1", "c10 home=false rank=2"])
        #expect(h.actions.count == 12)
        #expect(h.actions.prefix(10).allSatisfy { $0.eventTimeMs == 100 })
        #expect(h.actions.suffix(2).map(\.customerID) == ["c19", "c20"])
        #expect(Set(h.actions.map(\.customerID)).count == 12) // each told once (removed when notified)
    }

    @Test func firstReadingAboveZeroDoesNotFire() throws {
        var h = try Self.restock()
        try h.send([Self.add("a", at: 0, offset: 1), Self.level(5, at: 10, offset: 2), Self.level(6, at: 20, offset: 3)])
        h.advance(to: 1_000)
        #expect(h.actions.isEmpty)
    }

    @Test func nearbyNamesOnlyOutOfStockListedStores() throws {
        var h = try Self.restock(nearby: true)
        try h.send([Self.level(0, at: 0, offset: 1), Self.level(3, store: "s3", at: 0, offset: 2),
                    Self.add("far", at: 1, offset: 3, home: "s9"), Self.add("near", at: 2, offset: 4, home: "s2"),
                    Self.add("home", at: 3, offset: 5, home: "s1"), Self.level(0, store: "s3", at: 4, offset: 6),
                    Self.level(4, at: 10, offset: 7)])
        h.advance(to: 1_000)
        // s2 is listed and never reported (out); s9 is not listed.
        #expect(h.messages == ["home home=true rank=1", "near home=false rank=2"])
    }

    @Test func nearbyStoreWithStockIsSkipped() throws {
        var h = try Self.restock(nearby: true)
        try h.send([Self.level(0, at: 0, offset: 1), Self.level(2, store: "s2", at: 0, offset: 2),
                    Self.add("near", at: 2, offset: 3, home: "s2"), Self.level(4, at: 10, offset: 4)])
        h.advance(to: 1_000)
        #expect(h.actions.isEmpty)
    }

    // MARK: - Pacing

    @Test func pacingSendsMember61AMinuteAfterMember1() throws {
        var h = try Self.restock(limit: false, pace: 60)
        let waiting = (0..<61).map { (index: Int) -> Event in Self.add("c\(1000 + index)", at: 1, offset: Int64(10 + index)) }
        try h.send([Self.level(0, at: 0, offset: 1)] + waiting + [Self.level(1, at: 100, offset: 100)])
        h.advance(to: 101)
        #expect(h.actions.count == 60)
        h.advance(to: 100 + Self.minute) // due at 100 + 1 min: not yet (the watermark must pass it)
        #expect(h.actions.count == 60)
        h.advance(to: 101 + Self.minute)
        #expect(h.actions.count == 61)
        #expect(h.actions.last?.customerID == "c1060")
        #expect(h.actions.last?.message == "c1060 home=true rank=61")
        #expect(h.actions.last?.actionID == F.actionID(discriminator: "fan_out:events/0@100/c1060"))
    }

    @Test func stateRoundTripMidPacingGivesIdenticalActions() throws {
        let waiting = (0..<130).map { (index: Int) -> Event in Self.add("c\(1000 + index)", at: 1, offset: Int64(10 + index)) }
        let events = [Self.level(0, at: 0, offset: 1)] + waiting + [Self.level(1, at: 100, offset: 200)]
        var live = try Self.restock(limit: false, pace: 60)
        try live.send(events)
        live.advance(to: 101) // 60 sent, 70 queued
        // A checkpoint now, restored into a fresh operator (as after a crash).
        var restored = try Self.restock(limit: false, pace: 60)
        let changes = live.op.takeStateChanges()
        #expect(!changes.isEmpty)
        for change in changes {
            if let value = change.value { try restored.op.restoreState(key: change.key, value: value) }
        }
        live.actions = []
        for watermark in [101 + Self.minute, 101 + 2 * Self.minute, 101 + 3 * Self.minute] {
            live.advance(to: watermark)
            restored.advance(to: watermark)
        }
        #expect(live.actions.count == 70)
        #expect(restored.actions.map(\.actionID) == live.actions.map(\.actionID))
        #expect(restored.messages == live.messages)
    }

    // MARK: - Event time

    @Test func outOfOrderWithinTheBoundIsResequenced() throws {
        var h = try Self.restock()
        // Arrival order: the restock (30) before the sell-out (20); both within the bound.
        try h.send([Self.add("a", at: 10, offset: 1), Self.level(3, at: 30, offset: 2), Self.level(0, at: 20, offset: 3)],
                   watermark: 5)
        #expect(h.late.isEmpty)
        h.advance(to: 1_000)
        #expect(h.actions.map(\.customerID) == ["a"])
    }

    @Test func aLateEventIsReported() throws {
        var h = try Self.restock()
        try h.send(Self.level(0, at: 10, offset: 1), watermark: 100)
        #expect(h.late.count == 1)
        #expect(h.op.bufferedEventCount == 0)
    }

    @Test func aMemberEventWithoutAnIDIsAFailure() throws {
        var h = try Self.restock()
        #expect(throws: DecodeFailure.self) { try h.send(F.event("add", at: 1, offset: 1)) }
    }
}
