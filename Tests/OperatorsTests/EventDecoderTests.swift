import Testing
import Operators

@Suite("EventDecoder: value checks, key extraction")
struct EventDecoderTests {
    static func decoder(
        keyField: FieldPath? = "customer_id",
        timeField: FieldPath? = "ts",
        timeFormat: EventTimeFormat = .epochMillis,
        maxValueBytes: Int = 1_024
    ) -> EventDecoder {
        EventDecoder(spec: DecodeSpec(keyField: keyField, timeField: timeField, timeFormat: timeFormat, maxValueBytes: maxValueBytes))
    }

    static func record(_ value: [UInt8]?, key: [UInt8]? = nil, timestampMs: Int64? = nil) -> InputRecord {
        InputRecord(source: TestSupport.source, key: key, value: value, timestampMs: timestampMs)
    }

    static func record(_ json: String, key: String? = nil, timestampMs: Int64? = nil) -> InputRecord {
        record(Array(json.utf8), key: key.map { Array($0.utf8) }, timestampMs: timestampMs)
    }

    static func failure(_ result: Result<Event, DecodeFailure>) -> DecodeFailure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    @Test func decodesAValidRecord() throws {
        let record = Self.record(#"{"customer_id":"c-7","ts":1700000000123,"order":{"total":5}}"#)
        let event = try Self.decoder().decode(record).get()
        #expect(event.key == "c-7")
        #expect(event.eventTimeMs == 1_700_000_000_123)
        #expect(event.source == TestSupport.source)
        #expect(event["order.total"] == .number(5))
        #expect(event.fields.fields.map(\.key) == ["customer_id", "ts", "order"])
    }

    @Test func deadLetterReasonRawValuesAreStable() {
        #expect(DeadLetterReason.allCases.map(\.rawValue) == [
            "oversized", "empty_value", "invalid_utf8", "invalid_json", "not_an_object", "missing_key",
            "invalid_key", "missing_time", "invalid_time", "missing_field", "late", "processing_error",
        ])
        #expect(DecodeFailure(reason: .missingKey, detail: "x").description == "missing_key: x")
    }

    @Test func nullValueIsEmpty() {
        #expect(Self.failure(Self.decoder().decode(Self.record(nil as [UInt8]?)))
            == DecodeFailure(reason: .emptyValue, detail: "record value is null"))
    }

    @Test func zeroLengthValueIsEmpty() {
        #expect(Self.failure(Self.decoder().decode(Self.record([UInt8]())))
            == DecodeFailure(reason: .emptyValue, detail: "record value is empty"))
    }

    @Test func sizeLimitIsInclusive() throws {
        let base = #"{"customer_id":"c","ts":1700000000000,"pad":""}"#
        let limit = base.utf8.count + 10
        let atLimit = #"{"customer_id":"c","ts":1700000000000,"pad":"\#(String(repeating: "x", count: 10))"}"#
        #expect(atLimit.utf8.count == limit)
        #expect(throws: Never.self) { try Self.decoder(maxValueBytes: limit).decode(Self.record(atLimit)).get() }

        let overLimit = #"{"customer_id":"c","ts":1700000000000,"pad":"\#(String(repeating: "x", count: 11))"}"#
        #expect(Self.failure(Self.decoder(maxValueBytes: limit).decode(Self.record(overLimit)))
            == DecodeFailure(reason: .oversized, detail: "record value is \(limit + 1) bytes, the limit is \(limit)"))
    }

    @Test func sizeIsCheckedBeforeEncodingAndSyntax() {
        let garbage: [UInt8] = [0xFF, 0xFF, 0xFF]
        #expect(Self.failure(Self.decoder(maxValueBytes: 2).decode(Self.record(garbage)))?.reason == .oversized)
    }

    @Test func invalidUTF8IsDistinguishedFromInvalidJSON() {
        let bytes: [UInt8] = Array(#"{"customer_id":""#.utf8) + [0xC0, 0x80] + Array(#""}"#.utf8)
        #expect(Self.failure(Self.decoder().decode(Self.record(bytes))) == DecodeFailure(
            reason: .invalidUTF8,
            detail: "record value is not UTF-8 text: invalid UTF-8: overlong encoding (lead byte 0xC0) at byte 16"
        ))
    }

    @Test func invalidUTF8WinsOverAnEarlierSyntaxError() {
        let bytes: [UInt8] = Array(#"{"a" 1,"b":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8)
        #expect(Self.failure(Self.decoder().decode(Self.record(bytes)))?.reason == .invalidUTF8)
    }

    @Test func syntaxErrorsAreInvalidJSONWithOffset() {
        #expect(Self.failure(Self.decoder().decode(Self.record(#"{"customer_id"   "c","ts":1}"#))) == DecodeFailure(
            reason: .invalidJSON,
            detail: "record value is not valid JSON: expected ':' after object key at byte 17"
        ))
        #expect(Self.failure(Self.decoder().decode(Self.record(#"{"a":1,}"#)))?.reason == .invalidJSON)
    }

    @Test(arguments: [
        (#"[1,2]"#, "record value is an array, expected a JSON object"),
        (#""text""#, "record value is a string, expected a JSON object"),
        ("42", "record value is a number, expected a JSON object"),
        ("null", "record value is null, expected a JSON object"),
        ("true", "record value is a boolean, expected a JSON object"),
    ])
    func topLevelMustBeAnObject(json: String, detail: String) {
        #expect(Self.failure(Self.decoder().decode(Self.record(json)))
            == DecodeFailure(reason: .notAnObject, detail: detail))
    }

    @Test(arguments: [
        (#"{"customer_id":"c-9","ts":1700000000000}"#, "c-9"),
        (#"{"customer_id":42,"ts":1700000000000}"#, "42"),
        (#"{"customer_id":-7,"ts":1700000000000}"#, "-7"),
        (#"{"customer_id":4.2e1,"ts":1700000000000}"#, "42"),
        (#"{"customer_id":9007199254740992,"ts":1700000000000}"#, "9007199254740992"),
        (#"{"customer_id":" spaced é ","ts":1700000000000}"#, " spaced é "),
    ])
    func keyFromField(json: String, key: String) throws {
        #expect(try Self.decoder().decode(Self.record(json, key: "ignored")).get().key == key)
    }

    @Test func keyFromNestedField() throws {
        let decoder = Self.decoder(keyField: "customer.id")
        let event = try decoder.decode(Self.record(#"{"customer":{"id":"n-1"},"ts":1700000000000}"#)).get()
        #expect(event.key == "n-1")
        #expect(Self.failure(decoder.decode(Self.record(#"{"customer":"n-1","ts":1700000000000}"#)))
            == DecodeFailure(reason: .missingKey, detail: "field 'customer.id' is missing"))
    }

    @Test(arguments: [
        (#"{"ts":1700000000000}"#, DeadLetterReason.missingKey, "field 'customer_id' is missing"),
        (#"{"customer_id":null,"ts":1700000000000}"#, .missingKey, "field 'customer_id' is null"),
        (#"{"customer_id":"","ts":1700000000000}"#, .invalidKey, "field 'customer_id' is an empty string"),
        (#"{"customer_id":4.5,"ts":1700000000000}"#, .invalidKey,
         "field 'customer_id' is 4.5, expected a string or an integer below 2^53"),
        (#"{"customer_id":1e20,"ts":1700000000000}"#, .invalidKey,
         "field 'customer_id' is 1e+20, expected a string or an integer below 2^53"),
        (#"{"customer_id":true,"ts":1700000000000}"#, .invalidKey,
         "field 'customer_id' is a boolean, expected a string or an integer"),
        (#"{"customer_id":{"id":1},"ts":1700000000000}"#, .invalidKey,
         "field 'customer_id' is an object, expected a string or an integer"),
        (#"{"customer_id":["c"],"ts":1700000000000}"#, .invalidKey,
         "field 'customer_id' is an array, expected a string or an integer"),
    ])
    func keyFieldFailures(json: String, reason: DeadLetterReason, detail: String) {
        #expect(Self.failure(Self.decoder().decode(Self.record(json, key: "record-key")))
            == DecodeFailure(reason: reason, detail: detail))
    }

    @Test func keyFromRecordKeyWhenNoKeyField() throws {
        let decoder = Self.decoder(keyField: nil)
        let json = #"{"customer_id":"not-used","ts":1700000000000}"#
        #expect(try decoder.decode(Self.record(json, key: "rk-1")).get().key == "rk-1")
        #expect(Self.failure(decoder.decode(Self.record(json, key: nil)))
            == DecodeFailure(reason: .missingKey, detail: "record has no key and no key field is configured"))
        #expect(Self.failure(decoder.decode(Self.record(json, key: "")))
            == DecodeFailure(reason: .missingKey, detail: "record key is empty and no key field is configured"))
        let badKey = Self.record(Array(json.utf8), key: [0x61, 0xFF])
        #expect(Self.failure(decoder.decode(badKey))
            == DecodeFailure(reason: .invalidKey, detail: "record key is not UTF-8 text: invalid UTF-8: invalid byte 0xFF at byte 1"))
    }

    @Test func keyIsCheckedBeforeTime() {
        #expect(Self.failure(Self.decoder().decode(Self.record(#"{"ts":"bad"}"#)))?.reason == .missingKey)
    }
}
