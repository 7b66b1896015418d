import Operators

/// Shared helpers for the operator tests.
enum TestSupport {
    static let source = EventSource(topic: "orders", partition: 3, offset: 1_234)

    /// The error `JSONReader` raises for `bytes`, or `nil` if they parse.
    static func parseError(_ bytes: [UInt8]) -> JSONError? {
        do {
            _ = try JSONReader.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    static func parseError(_ text: String) -> JSONError? {
        parseError(Array(text.utf8))
    }

    /// Parses `text` that the test knows to be a JSON object; `nil` otherwise.
    static func object(_ text: String) -> JSONObject? {
        guard case .object(let object)? = try? JSONReader.parse(Array(text.utf8)) else { return nil }
        return object
    }

    /// An event whose fields are the JSON object `json` (an empty object if `json` is not one).
    static func event(
        _ json: String,
        key: String = "c-1",
        eventTimeMs: Int64 = 1_700_000_000_000,
        source: EventSource = TestSupport.source
    ) -> Event {
        Event(source: source, key: key, eventTimeMs: eventTimeMs, fields: object(json) ?? JSONObject([]))
    }
}

/// A deterministic 64-bit linear congruential generator (Knuth's MMIX constants), so the
/// fuzz tests explore the same inputs on every run and every machine.
struct LCG {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 11
    }

    /// Uniform-ish in `0..<bound` (bound > 0); modulo bias is irrelevant for fuzzing.
    mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }
}
