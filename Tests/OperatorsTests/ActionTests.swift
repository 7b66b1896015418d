import Testing
import Operators

@Suite("ActionID and Action encoding")
struct ActionTests {
    static let cause = EventSource(topic: "orders", partition: 3, offset: 1_234)

    /// Golden values, computed independently (a Python transcription of the construction
    /// documented on `ActionID`). If these change, every deployed action ID changes.
    @Test func isPinnedAcrossProcessesAndMachines() {
        #expect(ActionID.make(trigger: "high_value_order", key: "c-42", cause: Self.cause)
            == "88bd399e2db3e7e2628f647acc214fe0")
        #expect(ActionID.make(trigger: "t", key: "k", cause: EventSource(topic: "topic", partition: 0, offset: 0))
            == "6170ea7e6c80d8eaf020af6c701a96f9")
        #expect(ActionID.make(trigger: "t", key: "k", cause: EventSource(topic: "topic", partition: -1, offset: -1))
            == "f1c111add33d00204143633514a6bd27")
    }

    @Test func isThirtyTwoLowercaseHexCharacters() {
        var random = LCG(seed: 7)
        for _ in 0..<500 {
            let id = ActionID.make(
                trigger: "t\(random.next())", key: "k\(random.next())",
                cause: EventSource(topic: "x", partition: Int32(random.next(below: 64)), offset: Int64(random.next(below: 1 << 40)))
            )
            #expect(id.utf8.count == 32)
            #expect(id.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) })
        }
    }

    @Test func isDeterministic() {
        #expect(ActionID.make(trigger: "t", key: "k", cause: Self.cause) == ActionID.make(trigger: "t", key: "k", cause: Self.cause))
    }

    @Test func changesWhenAnyComponentChanges() {
        let base = ActionID.make(trigger: "trig", key: "key", cause: Self.cause)
        let variants = [
            ActionID.make(trigger: "trig2", key: "key", cause: Self.cause),
            ActionID.make(trigger: "trig", key: "key2", cause: Self.cause),
            ActionID.make(trigger: "trig", key: "key", cause: EventSource(topic: "orders2", partition: 3, offset: 1_234)),
            ActionID.make(trigger: "trig", key: "key", cause: EventSource(topic: "orders", partition: 4, offset: 1_234)),
            ActionID.make(trigger: "trig", key: "key", cause: EventSource(topic: "orders", partition: 3, offset: 1_235)),
        ]
        #expect(Set(variants + [base]).count == variants.count + 1)
    }

    @Test func lengthPrefixRemovesConcatenationAmbiguity() {
        let source = EventSource(topic: "t", partition: 0, offset: 0)
        #expect(ActionID.make(trigger: "ab", key: "c", cause: source) != ActionID.make(trigger: "a", key: "bc", cause: source))
        #expect(ActionID.make(trigger: "", key: "ab", cause: source) != ActionID.make(trigger: "ab", key: "", cause: source))
        #expect(ActionID.make(trigger: "t", key: "kx", cause: EventSource(topic: "y", partition: 0, offset: 0))
            != ActionID.make(trigger: "t", key: "k", cause: EventSource(topic: "xy", partition: 0, offset: 0)))
        // Partition and offset are fixed-width, so they cannot trade digits either.
        #expect(ActionID.make(trigger: "t", key: "k", cause: EventSource(topic: "x", partition: 1, offset: 23))
            != ActionID.make(trigger: "t", key: "k", cause: EventSource(topic: "x", partition: 12, offset: 3)))
    }

    @Test func hasNoCollisionsOverManyOffsets() {
        var seen = Set<String>()
        for offset in Int64(0)..<20_000 {
            seen.insert(ActionID.make(trigger: "t", key: "k", cause: EventSource(topic: "x", partition: 0, offset: offset)))
        }
        #expect(seen.count == 20_000)
    }

    @Test func encodesExactBytes() {
        let action = Action(
            actionID: "0123456789abcdef0123456789abcdef",
            trigger: "high_value_order",
            customerID: "c-42",
            channel: "sms",
            message: "Hi O'Brien & Co, \"thanks\"\nTotal: 120 €\u{1}",
            eventTimeMs: 1_700_000_000_123,
            emittedAtMs: 1_700_000_000_456,
            cause: EventSource(topic: "orders", partition: 0, offset: 12)
        )
        let expected = #"{"action_id":"0123456789abcdef0123456789abcdef","trigger":"high_value_order","customer_id":"c-42","channel":"sms","message":"Hi O'Brien & Co, \"thanks\"\u000aTotal: 120 €\u0001","event_time":1700000000123,"emitted_at":1700000000456,"cause":{"topic":"orders","partition":0,"offset":12}}"#
        #expect(action.encodeJSON() == Array(expected.utf8))
    }

    @Test func encodedActionIsValidJSONWithTheRightValues() throws {
        let action = Action(
            actionID: "id", trigger: "t", customerID: "c", channel: "push", message: "m",
            eventTimeMs: 1, emittedAtMs: 2, cause: EventSource(topic: "in", partition: 7, offset: 9_007_199_254_740_000)
        )
        guard case .object(let object) = try JSONReader.parse(action.encodeJSON()) else {
            Issue.record("not an object")
            return
        }
        #expect(object.fields.map(\.key) == ["action_id", "trigger", "customer_id", "channel", "message", "event_time", "emitted_at", "cause"])
        #expect(object.value(at: "cause.partition") == .number(7))
        #expect(object.value(at: "cause.offset") == .number(9_007_199_254_740_000))
    }

    @Test func eventSourceDescription() {
        #expect(Self.cause.description == "orders/3@1234")
    }
}
