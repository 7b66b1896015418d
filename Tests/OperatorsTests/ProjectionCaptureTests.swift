import Testing
import TrafficGenerator
@testable import Operators

/// The decoder reads a captured string key and a captured plain-integer time straight from the
/// parser's captures (``JSONCaptures/Key/string(_:)``, ``JSONCaptures/Time/integer(_:)``) and
/// everything else through the general `JSONValue` path. Checked here on seeded random records
/// whose key and time members take every JSON type and the edge values of each check (empty
/// key, inexact integers, the bounds of ``EventTimeRange`` in milliseconds and seconds, 15- and
/// 16-digit integers, `-0`, fractions), in every time format, captured only or also kept, and
/// duplicated: the projected decode must give exactly the full decode's event or failure.
@Suite("EventDecoder: captured key and time")
struct ProjectionCaptureTests {
    static let keyValues = [
        #""c-83810""#, #""""#, #""a customer id longer than sixteen bytes""#, #""esc\"aped\u00e9""#, #""K""#,
        "42", "0", "-7", "9007199254740992", "9007199254740993", "1.5", "-0", "1e3", "null", "true", "false",
        "[]", #"{"id":1}"#, #"["c-1"]"#,
    ]

    static let timeValues = [
        "1767225600000", "0", "-1", "253402300799999", "253402300800000", "253402300799", "253402300800",
        "999999999999999", "1000000000000000", "9999999999999999", "1767225600000.5", "1767225600.123", "-0",
        "1e3", "1E12", "12", "1", "-253402300799", #""2026-01-01T00:00:00Z""#, #""1767225600000""#, #""""#,
        "null", "true", "[]", #"{"ms":1}"#, "1.0",
    ]

    static let formats: [EventTimeFormat] = [.epochMillis, .epochSeconds, .rfc3339, .kafkaTimestamp]

    static func record(_ rng: inout SplitMix64) -> [UInt8] {
        var members: [String] = []
        for _ in 0..<Int(rng.next() % 5) {
            switch rng.next() % 4 {
            case 0: members.append(#""customer_id":\#(keyValues[Int(rng.next() % UInt64(keyValues.count))])"#)
            case 1: members.append(#""ts":\#(timeValues[Int(rng.next() % UInt64(timeValues.count))])"#)
            case 2: members.append(#""sku":"SKU-1""#)
            default: members.append(#""n" : [1, "x"]"#)
            }
        }
        var bytes = Array("{\(members.joined(separator: rng.next() % 5 == 0 ? " , " : ","))}".utf8)
        if rng.next() % 8 == 0, !bytes.isEmpty {  // truncated: the captures of a failed parse are unused
            bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
        }
        return bytes
    }

    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func projectedCapturesDecodeAsTheFullRecord(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var accepted = 0
        var rejected = 0
        for _ in 0..<4_000 {
            let bytes = Self.record(&rng)
            let format = Self.formats[Int(rng.next() % 4)]
            let spec = DecodeSpec(keyField: "customer_id", timeField: format == .kafkaTimestamp ? nil : "ts",
                                  timeFormat: format, maxValueBytes: 1 << 20)
            let kept: Set<String> = [[], ["ts"], ["customer_id"], ["customer_id", "ts", "sku"]][Int(rng.next() % 4)]
            let record = InputRecord(source: TestSupport.source, key: nil, value: bytes,
                                     timestampMs: rng.next() % 2 == 0 ? 1_767_225_600_000 : nil)
            let full = EventDecoder(spec: spec).decode(record)
            let projected = EventDecoder(spec: spec, projection: .topLevel(kept)).decode(record)
            let text = String(decoding: bytes, as: UTF8.self)
            switch (full, projected) {
            case (.failure(let expected), .failure(let actual)):
                rejected += 1
                #expect(actual == expected, "\(format) \(text)")
            case (.success(let expected), .success(let actual)):
                accepted += 1
                #expect(actual.key == expected.key, "\(format) \(text)")
                #expect(actual.eventTimeMs == expected.eventTimeMs, "\(format) \(text)")
                #expect(actual.fields == JSONObject(expected.fields.fields.filter { kept.contains($0.key) }))
            case (let expected, let actual):
                Issue.record("full \(expected), projected \(actual): \(format) \(text)")
            }
        }
        #expect(accepted > 100)
        #expect(rejected > 200)
    }

    /// The fast cases and their edges, by value.
    @Test func fastCapturesAndTheirEdges() throws {
        func decode(_ json: String, _ format: EventTimeFormat) -> Result<Event, DecodeFailure> {
            let spec = DecodeSpec(keyField: "customer_id", timeField: "ts", timeFormat: format, maxValueBytes: 1 << 20)
            let record = InputRecord(source: TestSupport.source, key: nil, value: Array(json.utf8), timestampMs: nil)
            return EventDecoder(spec: spec, projection: .topLevel([])).decode(record)
        }
        let millis = try decode(#"{"customer_id":"c-1","ts":253402300799999}"#, .epochMillis).get()
        #expect(millis.key == "c-1" && millis.eventTimeMs == 253_402_300_799_999)
        let seconds = try decode(#"{"customer_id":"c-1","ts":253402300799}"#, .epochSeconds).get()
        #expect(seconds.eventTimeMs == 253_402_300_799_000)
        let late = decode(#"{"customer_id":"c-1","ts":253402300800}"#, .epochSeconds)
        #expect(throws: DecodeFailure.self) { try late.get() }
        let tooLate = decode(#"{"customer_id":"c-1","ts":253402300800000}"#, .epochMillis)
        #expect((try? tooLate.get()) == nil)
        if case .failure(let failure) = tooLate {
            #expect(failure.reason == .invalidTime)
            #expect(failure.detail.contains("outside the supported epoch_ms range"))
        }
        if case .failure(let failure) = decode(#"{"customer_id":"","ts":1}"#, .epochMillis) {
            #expect(failure.reason == .invalidKey)
        } else {
            Issue.record("an empty key is accepted")
        }
        // The last occurrence wins, whichever representation each one has.
        let duplicated = try decode(#"{"customer_id":7,"ts":"x","customer_id":"c-2","ts":5}"#, .epochMillis).get()
        #expect(duplicated.key == "c-2" && duplicated.eventTimeMs == 5)
        let generalLast = try decode(#"{"customer_id":"c-2","ts":5,"customer_id":7,"ts":6.5}"#, .epochMillis).get()
        #expect(generalLast.key == "7" && generalLast.eventTimeMs == 6)
    }
}
