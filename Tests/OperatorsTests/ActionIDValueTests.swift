import Testing
@testable import Operators

/// An action whose derived id is kept as hash halves (``ActionIDValue``) reads, compares and
/// encodes exactly as the same action holding the id's text, on seeded random actions.
@Suite("Action ids kept as hash halves")
struct ActionIDValueTests {
    typealias Random = ActionFastPathTests.Random

    @Test func hashedIdsBehaveAsTheirText() {
        var random = Random(seed: 17)
        var plainCount = 0
        for _ in 0..<3000 {
            let high = random.next() >> random.below(64), low = random.next() >> random.below(64)
            let cause = EventSource(topic: random.string(), partition: Int32(truncatingIfNeeded: random.int64()),
                                    offset: random.int64())
            let text = Action(actionID: ActionID.hex(high, low), trigger: random.string(), customerID: random.string(),
                              channel: random.string(), message: random.string(), eventTimeMs: random.int64(),
                              emittedAtMs: random.int64(), cause: cause, locale: random.below(4) == 0 ? random.string() : nil)
            var hashed = text
            hashed.storedID = .hash(high, low)
            #expect(hashed.actionID == text.actionID)
            #expect(hashed == text)
            #expect(hashed.plainJSONCapacity == text.plainJSONCapacity)
            #expect(hashed.encodeJSON() == ActionFastPathTests.reference(text))
            let direct = ActionFastPathTests.plainJSON(hashed)
            if ActionFastPathTests.needsEscape(text) {
                #expect(direct.isEmpty)
            } else {
                plainCount += 1
                #expect(direct == ActionFastPathTests.reference(text))
            }
            // Another id, in either form, makes the actions differ; setting the text replaces it.
            var other = hashed
            other.storedID = .hash(high, low ^ 1)
            #expect(other != text)
            #expect(other != hashed)
            other.actionID = text.actionID
            #expect(other == hashed)
        }
        #expect(plainCount > 500)
    }
}
