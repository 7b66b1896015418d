import Testing
import Operators

extension LapseTrigger: PatternOperator {}

/// `kind: lapse` with a virtual clock, in days: deadline events `D` carry `expires` (epoch ms),
/// `V` is a visit, `S` a membership start, `X` cancels; quiet 60 days, lead 30 days.
@Suite("LapseTrigger")
struct LapseTriggerTests {
    typealias F = PatternFixture
    static let day: Int64 = 86_400_000
    static let expiry: Int64 = 400 * day

    static func harness(cooldownMs: Int64? = nil) throws -> PatternHarness<LapseTrigger> {
        PatternHarness(LapseTrigger(
            common: try F.common(message: "d={{deadline}} last={{last_activity}} left={{days_left}} plan={{plan}}",
                                 cooldownMs: cooldownMs),
            deadlineWhen: F.isType("D"), deadlineField: "expires", activity: F.isType("V"), started: F.isType("S"),
            quietMs: 60 * day, leadMs: 30 * day
        ))
    }

    static func deadline(at time: Int64, offset: Int64, expires: Int64 = expiry, type: String = "D") -> Event {
        F.event(type, at: time, offset: offset, extra: #""expires":\#(expires),"plan":"Gold""#)
    }

    static func visit(at time: Int64, offset: Int64) -> Event { F.event("V", at: time, offset: offset) }

    static func message(lastActivity: Int64?, daysLeft: Int64, deadline: Int64 = expiry) -> String {
        "d=\(deadline) last=\(lastActivity.map(String.init) ?? "") left=\(daysLeft) plan=Gold"
    }

    @Test func aVisitAt85DaysLeftThenSilenceGetsTheOfferAt25DaysLeftExactly() throws {
        var h = try Self.harness()
        let marker = Self.deadline(at: Self.expiry - 120 * Self.day, offset: 1)
        let visit = Self.expiry - 85 * Self.day
        try h.send([marker, Self.visit(at: visit, offset: 2)])
        let offerAt = visit + 60 * Self.day
        h.advance(to: offerAt) // fires only after every event at T: not yet
        #expect(h.actions.isEmpty)
        h.advance(to: offerAt + 1)
        #expect(h.actions == [Action(
            actionID: F.actionID(discriminator: "lapse:\(marker.source)"), trigger: F.trigger, customerID: "k",
            channel: "sms", message: Self.message(lastActivity: visit, daysLeft: 25), eventTimeMs: marker.eventTimeMs,
            emittedAtMs: h.nowMs, cause: marker.source
        )])
    }

    @Test func noVisitAtAllFiresWhenTheLeadWindowOpens() throws {
        var h = try Self.harness()
        try h.send(Self.deadline(at: 0, offset: 1))
        h.advance(to: Self.expiry - 30 * Self.day)
        #expect(h.actions.isEmpty)
        h.advance(to: Self.expiry - 30 * Self.day + 1)
        #expect(h.messages == [Self.message(lastActivity: nil, daysLeft: 30)])
    }

    @Test func aVisitShortlyBeforeTheMarkDelaysTheOfferToVisitPlus60Days() throws {
        var h = try Self.harness()
        let visit = Self.expiry - 70 * Self.day
        try h.send([Self.deadline(at: 0, offset: 1), Self.visit(at: visit, offset: 2)])
        h.advance(to: Self.expiry - 10 * Self.day)
        #expect(h.actions.isEmpty)
        h.advance(to: Self.expiry - 10 * Self.day + 1)
        #expect(h.messages == [Self.message(lastActivity: visit, daysLeft: 10)])
    }

    /// The offer is due at D − 30d (no visits): a visit at that very millisecond is applied
    /// first and re-arms the timer past the deadline; one a millisecond later comes after the offer.
    @Test(arguments: [(Int64(0), 0), (Int64(1), 1)] as [(Int64, Int)])
    func aVisitAtExactlyTheOfferTimeStillCounts(after: Int64, offers: Int) throws {
        var h = try Self.harness()
        try h.send([Self.deadline(at: 0, offset: 1), Self.visit(at: Self.expiry - 30 * Self.day + after, offset: 2)])
        h.advance(to: Self.expiry + Self.day)
        #expect(h.actions.count == offers)
    }

    /// Visits at D − 60d − 1 ms and D − 60d: offers due at D − 1 ms (0 days left) and at D (none).
    @Test(arguments: [(Int64(-1), [LapseTriggerTests.message(lastActivity: expiry - 60 * day - 1, daysLeft: 0)]),
                      (Int64(0), [])] as [(Int64, [String])])
    func theLastMillisecondBeforeTheDeadline(shift: Int64, expected: [String]) throws {
        var h = try Self.harness()
        try h.send([Self.deadline(at: 0, offset: 1), Self.visit(at: Self.expiry - 60 * Self.day + shift, offset: 2)])
        h.advance(to: Self.expiry + Self.day)
        #expect(h.messages == expected)
    }

    @Test func anOfferDueAtOrAfterTheDeadlineIsNeverMade() throws {
        var h = try Self.harness()
        try h.send([Self.deadline(at: 0, offset: 1), Self.visit(at: Self.expiry - 60 * Self.day, offset: 2)])
        h.advance(to: Self.expiry + 100 * Self.day)
        #expect(h.actions.isEmpty)
        #expect(h.op.pendingKeyCount == 0, "the term ended at the deadline and the visit aged out")
    }

    @Test func aVisitAfterTheOfferChangesNothing() throws {
        var h = try Self.harness()
        try h.send(Self.deadline(at: 0, offset: 1))
        h.advance(to: Self.expiry - 29 * Self.day)
        #expect(h.actions.count == 1)
        try h.send(Self.visit(at: Self.expiry - 20 * Self.day, offset: 2), watermark: Self.expiry - 29 * Self.day)
        h.advance(to: Self.expiry + 100 * Self.day)
        #expect(h.actions.count == 1)
    }

    @Test func aRenewalMovesTheDeadlineAndStartsANewTerm() throws {
        var h = try Self.harness()
        let first = Self.deadline(at: 0, offset: 1)
        let next = Self.expiry + 365 * Self.day
        let renewal = Self.deadline(at: Self.expiry - 5 * Self.day, offset: 2, expires: next, type: "D")
        try h.send([first, renewal])
        h.advance(to: next)
        #expect(h.messages == [Self.message(lastActivity: nil, daysLeft: 30),
                               Self.message(lastActivity: nil, daysLeft: 30, deadline: next)])
        #expect(h.actions.map(\.cause) == [first.source, renewal.source])
        #expect(Set(h.actions.map(\.actionID)).count == 2)
    }

    @Test func aRepeatedDeadlineKeepsTheTermSoOneOfferOnly() throws {
        var h = try Self.harness()
        try h.send([Self.deadline(at: 0, offset: 1), Self.deadline(at: 0, offset: 2),
                    Self.deadline(at: Self.expiry - 20 * Self.day, offset: 3)])
        h.advance(to: Self.expiry + Self.day)
        #expect(h.messages == [Self.message(lastActivity: nil, daysLeft: 30)])
    }

    @Test func aStartLessThan60DaysBeforeTheMarkDelaysTheOffer() throws {
        var h = try Self.harness()
        let start = Self.expiry - 80 * Self.day
        try h.send([F.event("S", at: start, offset: 1), Self.deadline(at: start, offset: 2)])
        h.advance(to: Self.expiry)
        #expect(h.messages == [Self.message(lastActivity: nil, daysLeft: 20)])
    }

    @Test func aStartLongBeforeTheMarkDoesNotDelayIt() throws {
        var h = try Self.harness()
        try h.send([F.event("S", at: 0, offset: 1), Self.deadline(at: 0, offset: 2)])
        h.advance(to: Self.expiry)
        #expect(h.messages == [Self.message(lastActivity: nil, daysLeft: 30)])
    }

    @Test func aMarkerArrivingInsideTheWindowFiresAtItsOwnTime() throws {
        var h = try Self.harness()
        try h.send(Self.deadline(at: Self.expiry - 12 * Self.day - 5, offset: 1))
        h.advance(to: Self.expiry)
        #expect(h.messages == [Self.message(lastActivity: nil, daysLeft: 12)])
    }

    @Test func cancelDropsTheKey() throws {
        var h = try Self.harness()
        try h.send([Self.deadline(at: 0, offset: 1), F.event("X", at: Self.day, offset: 2)])
        h.advance(to: Self.expiry + Self.day)
        #expect(h.actions.isEmpty)
        #expect(h.op.pendingKeyCount == 0)
    }

    @Test func outOfOrderWithinTheBoundIsOrderedByEventTime() throws {
        let events = [Self.visit(at: Self.expiry - 85 * Self.day + 3, offset: 2),
                      Self.deadline(at: Self.expiry - 85 * Self.day, offset: 1)]
        var shuffled = try Self.harness()
        try shuffled.send(events, watermark: Self.expiry - 85 * Self.day - 10)
        shuffled.advance(to: Self.expiry)
        var ordered = try Self.harness()
        try ordered.send(events.reversed(), watermark: Self.expiry - 85 * Self.day - 10)
        ordered.advance(to: Self.expiry)
        #expect(shuffled.messages == [Self.message(lastActivity: Self.expiry - 85 * Self.day + 3, daysLeft: 24)])
        #expect(shuffled.messages == ordered.messages)
    }

    @Test func aLateVisitIsReportedNotApplied() throws {
        var h = try Self.harness()
        try h.send(Self.deadline(at: 0, offset: 1))
        h.advance(to: Self.expiry - 100 * Self.day)
        try h.send(Self.visit(at: Self.expiry - 101 * Self.day, offset: 2), watermark: Self.expiry - 100 * Self.day)
        #expect(h.late.count == 1)
        h.advance(to: Self.expiry)
        #expect(h.messages == [Self.message(lastActivity: nil, daysLeft: 30)])
    }

    @Test(arguments: [#""expires":null"#, #""other":1"#, #""expires":"soon""#])
    func anUnreadableDeadlineIsADecodeFailure(extra: String) throws {
        var h = try Self.harness()
        #expect(throws: DecodeFailure.self) { try h.send(F.event("D", at: 0, offset: 1, extra: extra)) }
        #expect(h.op.bufferedEventCount == 0)
    }

    @Test func cooldownSuppressesTheNextTermsOffer() throws {
        var h = try Self.harness(cooldownMs: 60 * Self.day)
        let next = Self.expiry + 40 * Self.day
        try h.send([Self.deadline(at: 0, offset: 1), Self.deadline(at: Self.expiry - 5 * Self.day, offset: 2, expires: next)])
        h.advance(to: next)
        #expect(h.messages == [Self.message(lastActivity: nil, daysLeft: 30)])
    }
}
