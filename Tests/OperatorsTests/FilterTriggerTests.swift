import Testing
import Operators

@Suite("FilterTrigger and Emitter")
struct FilterTriggerTests {
    static func trigger(
        predicates: [Predicate] = [Predicate(field: "total", test: .greaterThan(100))],
        customerField: FieldPath? = "customer_id"
    ) throws -> FilterTrigger {
        FilterTrigger(
            trigger: "high_value_order",
            predicates: predicates,
            channel: try MessageTemplate("{{channel}}"),
            message: try MessageTemplate("Thanks {{name}}, your order {{order.id}} ({{total}}) is confirmed"),
            customerField: customerField
        )
    }

    static let matching = TestSupport.event(
        #"{"customer_id":"c-42","name":"O'Brien & Co","channel":"sms","total":120,"order":{"id":"A-1"}}"#,
        key: "k-1", eventTimeMs: 1_700_000_000_123
    )

    @Test func emitsOneActionWhenAllPredicatesMatch() throws {
        var trigger = try Self.trigger(predicates: [
            Predicate(field: "total", test: .greaterThan(100)),
            Predicate(field: "channel", test: .equals(.string("sms"))),
        ])
        var out = Emitter(nowMs: 1_700_000_009_999)
        try trigger.process(Self.matching, into: &out)
        #expect(out.actions == [
            Action(
                actionID: ActionID.make(trigger: "high_value_order", key: "k-1", cause: TestSupport.source),
                trigger: "high_value_order",
                customerID: "c-42",
                channel: "sms",
                message: "Thanks O'Brien & Co, your order A-1 (120) is confirmed",
                eventTimeMs: 1_700_000_000_123,
                emittedAtMs: 1_700_000_009_999,
                cause: TestSupport.source
            ),
        ])
    }

    @Test func emitsNothingWhenAnyPredicateFails() throws {
        var trigger = try Self.trigger(predicates: [
            Predicate(field: "total", test: .greaterThan(100)),
            Predicate(field: "channel", test: .equals(.string("email"))),
        ])
        var out = Emitter(nowMs: 0)
        try trigger.process(Self.matching, into: &out)
        #expect(out.actions.isEmpty)
    }

    @Test func emptyPredicateListMatchesEverything() throws {
        var trigger = try Self.trigger(predicates: [])
        var out = Emitter(nowMs: 0)
        try trigger.process(TestSupport.event(#"{"customer_id":"c"}"#), into: &out)
        #expect(out.actions.count == 1)
    }

    @Test func usesEventKeyWhenNoCustomerField() throws {
        var trigger = try Self.trigger(customerField: nil)
        var out = Emitter(nowMs: 0)
        try trigger.process(Self.matching, into: &out)
        #expect(out.actions.map(\.customerID) == ["k-1"])
    }

    @Test func acceptsIntegralNumericCustomerIDs() throws {
        var trigger = try Self.trigger()
        var out = Emitter(nowMs: 0)
        try trigger.process(TestSupport.event(#"{"customer_id":42,"total":101}"#), into: &out)
        #expect(out.actions.map(\.customerID) == ["42"])
    }

    @Test(arguments: [
        (#"{"total":120}"#, "field 'customer_id' is missing"),
        (#"{"total":120,"customer_id":null}"#, "field 'customer_id' is null"),
        (#"{"total":120,"customer_id":""}"#, "field 'customer_id' is an empty string"),
        (#"{"total":120,"customer_id":1.5}"#, "field 'customer_id' is 1.5, expected a customer ID string or integer"),
        (#"{"total":120,"customer_id":["c"]}"#, "field 'customer_id' is an array, expected a customer ID string or integer"),
    ])
    func missingOrInvalidCustomerFieldOnAMatchThrows(json: String, detail: String) throws {
        var trigger = try Self.trigger()
        var out = Emitter(nowMs: 0)
        #expect(throws: DecodeFailure(reason: .missingField, detail: detail)) {
            try trigger.process(TestSupport.event(json), into: &out)
        }
        #expect(out.actions.isEmpty)
    }

    @Test func missingCustomerFieldOnANonMatchingEventIsFine() throws {
        var trigger = try Self.trigger()
        var out = Emitter(nowMs: 0)
        try trigger.process(TestSupport.event(#"{"total":5}"#), into: &out)
        #expect(out.actions.isEmpty)
    }

    @Test func emitterAccumulatesAndClears() throws {
        var trigger = try Self.trigger()
        var out = Emitter(nowMs: 5)
        try trigger.process(Self.matching, into: &out)
        try trigger.process(Self.matching, into: &out)
        #expect(out.actions.count == 2)
        #expect(out.actions[0] == out.actions[1], "same input, same action (idempotent IDs)")
        out.removeAll()
        #expect(out.actions.isEmpty)
        #expect(out.nowMs == 5)
    }

    @Test func worksThroughTheProtocol() throws {
        var operators: [any StreamOperator] = [try Self.trigger(), try Self.trigger(customerField: nil)]
        var out = Emitter(nowMs: 0)
        for index in operators.indices {
            try operators[index].process(Self.matching, into: &out)
        }
        #expect(out.actions.map(\.customerID) == ["c-42", "k-1"])
    }
}
