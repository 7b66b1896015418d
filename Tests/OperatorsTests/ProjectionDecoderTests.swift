import Testing
import TrafficGenerator
@testable import Operators

/// A projected decode (``FieldProjection/topLevel(_:)``) must accept and reject exactly the
/// records a full one does, with the same dead-letter reason and detail, and its event must hold
/// the full event's members filtered to the projection (order and duplicates kept), checked
/// here on seeded random records, valid and corrupted.
@Suite("EventDecoder: projection pushdown")
struct ProjectionDecoderTests {
    /// Names that exercise the member test: small ASCII, long ASCII, non-ASCII, and the Kelvin
    /// sign, which `==` (and so a lookup) takes for "K".
    static let names = ["customer_id", "ts", "amount", "sku", "type", "K", "\u{212A}", "a_member_name_longer_than_16",
                        "é", "user", ""]

    static func value(_ rng: inout SplitMix64, depth: Int = 0) -> String {
        switch rng.next() % 16 {
        case 0: return "\"c-\(rng.next() % 1000)\""
        case 1: return "\(rng.next() % 100_000)"
        case 2: return "1767225600\(rng.next() % 1000)"
        case 3: return "-12.5e\(rng.next() % 3)"
        case 4: return "1e400"
        case 5: return ["true", "false", "null"][Int(rng.next() % 3)]
        case 6: return "\"a string longer than sixteen bytes \(rng.next() % 10)\""
        case 7: return #""esc\"aped\u00e9 \ud83d\ude00""#
        case 8: return "\"héllo\""
        case 9: return depth > 2 ? "{}" : "{\"id\":\(value(&rng, depth: depth + 1)),\"x\":[1,\(value(&rng, depth: depth + 1))]}"
        case 10: return depth > 2 ? "[]" : "[\(value(&rng, depth: depth + 1)), \(value(&rng, depth: depth + 1))]"
        case 11: return "\"2026-01-01T00:00:00Z\""
        case 12: return "\(rng.next() % 100_000).\(rng.next() % 100)"
        case 13: return ["01", "-", "1.", "1e+", "-0", "2e308", String(repeating: "9", count: 309)][Int(rng.next() % 7)]
        case 14: return "-\(rng.next() % 1000).5"
        default: return "\"\""
        }
    }

    static func record(_ rng: inout SplitMix64) -> [UInt8] {
        let count = Int(rng.next() % 7)
        var members: [String] = []
        for _ in 0..<count {
            let name = names[Int(rng.next() % UInt64(names.count))]
            let space = rng.next() % 4 == 0 ? " \n" : ""
            members.append("\(space)\"\(name)\"\(space):\(space)\(value(&rng))\(space)")
        }
        var bytes = Array("{\(members.joined(separator: ","))}".utf8)
        switch rng.next() % 4 {
        case 0:  // truncated
            bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count + 1))))
        case 1:  // one byte corrupted
            let byte: [UInt8] = [0xFF, 0xC3, 0x22, 0x2C, 0x7D, 0x7B, 0x3A, 0x5C, 0x00, 0x20, 0x31]
            bytes[Int(rng.next() % UInt64(bytes.count))] = byte[Int(rng.next() % UInt64(byte.count))]
        default:
            break
        }
        return bytes
    }

    static func specs() -> [DecodeSpec] {
        [
            DecodeSpec(keyField: "customer_id", timeField: "ts", timeFormat: .epochMillis, maxValueBytes: 1 << 20),
            DecodeSpec(keyField: "user.id", timeField: "ts", timeFormat: .rfc3339, maxValueBytes: 1 << 20),
            DecodeSpec(keyField: nil, timeField: nil, timeFormat: .kafkaTimestamp, maxValueBytes: 1 << 20),
            DecodeSpec(keyField: "K", timeField: "amount", timeFormat: .epochSeconds, maxValueBytes: 40),
        ]
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func sameVerdictsAndFilteredFields(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var accepted = 0
        for _ in 0..<3_000 {
            let bytes = Self.record(&rng)
            let spec = Self.specs()[Int(rng.next() % 4)]
            let kept = Set(Self.names.filter { _ in rng.next() % 3 == 0 })
            let full = EventDecoder(spec: spec)
            let projected = EventDecoder(spec: spec, projection: .topLevel(kept))
            let record = InputRecord(source: TestSupport.source, key: rng.next() % 2 == 0 ? Array("rk".utf8) : nil,
                                     value: bytes, timestampMs: 1_767_225_600_000)
            switch (full.decode(record), projected.decode(record)) {
            case (.failure(let expected), .failure(let actual)):
                #expect(actual == expected, "\(String(decoding: bytes, as: UTF8.self))")
            case (.success(let expected), .success(let actual)):
                accepted += 1
                #expect(actual.key == expected.key)
                #expect(actual.eventTimeMs == expected.eventTimeMs)
                #expect(actual.source == expected.source)
                let filtered = expected.fields.fields.filter { projected.projection.keeps($0.key) }
                #expect(actual.fields == JSONObject(filtered), "\(String(decoding: bytes, as: UTF8.self))")
                for name in kept { #expect(actual[FieldPath(components: [name])] == expected[FieldPath(components: [name])]) }
            case (let expected, let actual):
                Issue.record("full \(expected), projected \(actual): \(String(decoding: bytes, as: UTF8.self))")
            }
        }
        #expect(accepted > 100)  // ~1 in 20: most random records miss a key or a time
    }

    @Test func keyAndTimeAreCapturedNotKept() throws {
        let spec = DecodeSpec(keyField: "customer_id", timeField: "ts", timeFormat: .epochMillis, maxValueBytes: 1 << 20)
        let decoder = EventDecoder(spec: spec, projection: .topLevel([]))
        let json = #"{"customer_id":"c-1","ts":1,"customer_id":42,"ts":1767225600000,"sku":"A"}"#
        let record = InputRecord(source: TestSupport.source, key: nil, value: Array(json.utf8), timestampMs: nil)
        let event = try decoder.decode(record).get()
        #expect(event.key == "42")  // the last occurrence, as a lookup answers
        #expect(event.eventTimeMs == 1_767_225_600_000)
        #expect(event.fields.fields.isEmpty)
        // A nested key keeps its first component: it is read from the kept members.
        let nested = EventDecoder(spec: DecodeSpec(keyField: "user.id", timeField: "ts", timeFormat: .epochMillis,
                                                   maxValueBytes: 1 << 20), projection: .topLevel(["sku"]))
        #expect(nested.projection == .topLevel(["sku", "user"]))
        #expect(EventDecoder(spec: spec).projection == .all)
    }

    @Test func unionAndReading() {
        #expect(FieldProjection.reading(["order.total", "sku", "order.id"]) == .topLevel(["order", "sku"]))
        #expect(FieldProjection.topLevel(["a"]).union(.topLevel(["b"])) == .topLevel(["a", "b"]))
        #expect(FieldProjection.topLevel(["a"]).union(.all) == .all)
        #expect(FieldProjection.all.keeps("anything"))
    }
}
