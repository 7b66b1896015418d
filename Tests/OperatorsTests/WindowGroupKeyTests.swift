import Testing
import Operators

@Suite("WindowTrigger: group_by and customer field")
struct WindowGroupKeyTests {
    typealias F = WindowFixture

    @Test func groupsByFieldAcceptingStringsAndIntegers() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000), groupBy: "user.id")
        try F.process([
            F.event(at: 1, offset: 1, key: "k", #"{"user":{"id":"u1"}}"#),
            F.event(at: 2, offset: 2, key: "k", #"{"user":{"id":42}}"#),
            F.event(at: 3, offset: 3, key: "other", #"{"user":{"id":42.0}}"#),
        ], into: &trigger)
        let out = F.advance(&trigger, watermarkMs: 1_000)
        #expect(out.actions.map(\.message) == ["42 0-1000 n=2", "u1 0-1000 n=1"])
        #expect(out.actions.map(\.customerID) == ["42", "u1"])
    }

    @Test(arguments: [
        ("{}", "group_by field 'user.id' is missing"),
        (#"{"user":{"id":null}}"#, "group_by field 'user.id' is null"),
        (#"{"user":{"id":""}}"#, "group_by field 'user.id' is an empty string"),
        (#"{"user":{"id":1.5}}"#, "group_by field 'user.id' is 1.5, expected a string or integer group key"),
        (#"{"user":{"id":true}}"#, "group_by field 'user.id' is a boolean, expected a string or integer group key"),
    ])
    func unusableGroupFieldIsMissingField(json: String, detail: String) throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000), groupBy: "user.id")
        var out = Emitter(nowMs: 0)
        #expect(throws: DecodeFailure(reason: .missingField, detail: detail)) {
            try trigger.process(F.event(at: 1, offset: 1, json), into: &out)
        }
        #expect(trigger.openWindowCount == 0)
    }

    @Test func predicatesApplyBeforeGroupKeyIsRequired() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000), groupBy: "user.id",
                                   predicates: [Predicate(field: "type", test: .equals(.string("buy")))])
        try F.process([F.event(at: 1, offset: 1, #"{"type":"view"}"#)], into: &trigger)
        #expect(trigger.openWindowCount == 0)
    }

    @Test func eventWithoutCustomerFieldIsRejectedBeforeAggregation() throws {
        var trigger = try F.window(.tumbling(sizeMs: 1_000), customerField: "customer")
        var out = Emitter(nowMs: 0)
        #expect(throws: DecodeFailure(reason: .missingField, detail: "field 'customer' is missing")) {
            try trigger.process(F.event(at: 1, offset: 1), into: &out)
        }
        try trigger.process(F.event(at: 2, offset: 2, #"{"customer":"cu-9"}"#), into: &out)
        let closed = F.advance(&trigger, watermarkMs: 1_000)
        #expect(closed.actions.map(\.customerID) == ["cu-9"])
        #expect(closed.actions.map(\.message) == ["c-1 0-1000 n=1"])
    }
}
