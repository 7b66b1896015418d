import Testing
import TrafficGenerator
@testable import Operators

/// The skipping steps of a projected parse against the full parse they replace, on seeded
/// random inputs: a dropped number is stepped over (``JSONParser/skipNumber()``) to the same
/// end and with the same error as ``JSONParser/parseNumber()``, and records written with and
/// without whitespace between members decode the same projected as in full.
@Suite("JSON: projected parse skipping")
struct ProjectionSkipTests {
    /// A number-like byte string: digits, signs, points, exponents and a few bytes that end or
    /// break a number, sometimes very long (past 308 integer digits, where doubles overflow).
    static func numberLike(_ rng: inout SplitMix64) -> [UInt8] {
        let pieces = ["-", "0", "1", "9", "5", ".", "e", "E", "+", "-", "00", "12", "308", "1e308", "2e308",
                      "1797693134862315", ",", "}", " ", "\"", "x"]
        var bytes: [UInt8] = rng.next() % 3 == 0 ? [UInt8(ascii: "-")] : []
        if rng.next() % 2 == 0 { bytes.append(UInt8(ascii: "1") + UInt8(rng.next() % 9)) }
        if rng.next() % 16 == 0 { bytes += Array(repeating: UInt8(ascii: "9"), count: 300 + Int(rng.next() % 20)) }
        for _ in 0..<Int(rng.next() % 7) {
            bytes += Array(pieces[Int(rng.next() % UInt64(pieces.count))].utf8)
        }
        if bytes.isEmpty || !(bytes[0] == UInt8(ascii: "-") || bytes[0] &- UInt8(ascii: "0") < 10) {
            bytes.insert(UInt8(ascii: "7"), at: 0)
        }
        return bytes
    }

    /// Where a step ends (or the error it throws) on `bytes` from offset 0.
    static func outcome(_ bytes: [UInt8], _ step: (inout JSONParser) throws(JSONError) -> Void) -> Result<Int, JSONError> {
        bytes.withUnsafeBytes { buffer in
            var parser = JSONParser(buffer)
            do throws(JSONError) {
                try step(&parser)
                return .success(parser.index)
            } catch {
                return .failure(error)
            }
        }
    }

    @Test(arguments: [7, 8, 9] as [UInt64])
    func skipNumberEndsAndFailsAsParseNumber(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var accepted = 0
        for _ in 0..<20_000 {
            let bytes = Self.numberLike(&rng)
            let full = Self.outcome(bytes) { parser throws(JSONError) in _ = try parser.parseNumber() }
            let skipped = Self.outcome(bytes) { parser throws(JSONError) in try parser.skipNumber() }
            #expect(skipped == full, "\(String(decoding: bytes, as: UTF8.self))")
            if case .success = full { accepted += 1 }
        }
        #expect(accepted > 5_000)
    }

    @Test func skipNumberEdgeCases() {
        for text in ["0", "-0", "0.5", "-0.0e0", "01", "-", "-x", "1.", "1.e5", "1e", "1e+", "1e400", "-1e400",
                     "12.50,", "1E5}", String(repeating: "9", count: 308), String(repeating: "9", count: 309),
                     String(repeating: "9", count: 309) + ".5", "1" + String(repeating: "0", count: 400)] {
            let bytes = Array(text.utf8)
            let full = Self.outcome(bytes) { parser throws(JSONError) in _ = try parser.parseNumber() }
            let skipped = Self.outcome(bytes) { parser throws(JSONError) in try parser.skipNumber() }
            #expect(skipped == full, "\(text)")
        }
    }

    /// Records whose members are separated compactly, with whitespace, or wrongly (trailing
    /// commas, missing colons, a comma before the first member): same verdicts, same events.
    @Test(arguments: [11, 12] as [UInt64])
    func separatorsDecodeAsInFull(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        // Mostly well-formed, so that many records are accepted; a wrong piece now and then.
        func pick(_ good: [String], _ bad: [String]) -> String {
            let pool = rng.next() % 12 == 0 ? bad : good
            return pool[Int(rng.next() % UInt64(pool.count))]
        }
        let values = ["\"x\"", "12.50", "-0", "7", "[1,2]", "{\"a\":1}", "null", "\"a string longer than sixteen\"", "1e3"]
        let badValues = ["01", "1e400", "1.", "-", "2e308"]
        var accepted = 0
        for _ in 0..<5_000 {
            var members = ["\"customer_id\"\(pick([":", ": ", " :"], ["", "::"]))\(pick(["\"c-1\"", "42"], ["1.5", "\"\""]))",
                           "\"ts\"\(pick([":", ":\n", " : "], [""]))\(pick(["1767225600000", "1767225600000.5"], ["-1", "1e400", "\"t\""]))"]
            for _ in 0..<Int(rng.next() % 4) {
                let name = ["sku", "amount", "type", "ts"][Int(rng.next() % 4)]
                members.insert("\"\(name)\"\(pick([":", " : "], [""]))\(pick(values, badValues))", at: Int(rng.next() % UInt64(members.count + 1)))
            }
            var text = pick(["{", "{ "], ["{,"])
            for (position, member) in members.enumerated() {
                if position > 0 { text += pick([",", ",", ", ", " ,", ",\n"], [",,", ""]) }
                text += member
            }
            text += pick(["}", "}", " }", "}\n"], [",}", ", }", ""])
            let spec = DecodeSpec(keyField: "customer_id", timeField: "ts", timeFormat: .epochMillis, maxValueBytes: 1 << 20)
            let kept: Set<String> = rng.next() % 2 == 0 ? [] : ["amount", "customer_id"]
            let record = InputRecord(source: TestSupport.source, key: nil, value: Array(text.utf8), timestampMs: nil)
            let full = EventDecoder(spec: spec).decode(record)
            let projected = EventDecoder(spec: spec, projection: .topLevel(kept)).decode(record)
            switch (full, projected) {
            case (.failure(let expected), .failure(let actual)):
                #expect(actual == expected, "\(text)")
            case (.success(let expected), .success(let actual)):
                accepted += 1
                #expect(actual.key == expected.key && actual.eventTimeMs == expected.eventTimeMs, "\(text)")
                #expect(actual.fields == JSONObject(expected.fields.fields.filter { kept.contains($0.key) }), "\(text)")
            default:
                Issue.record("full \(full), projected \(projected): \(text)")
            }
        }
        #expect(accepted > 1_000)
    }
}
