import Testing
import Operators

@Suite("EventDecoder: event time")
struct EventTimeTests {
    static func decode(_ format: EventTimeFormat, ts: String, timestampMs: Int64? = nil) -> Result<Event, DecodeFailure> {
        let json = #"{"customer_id":"c","ts":\#(ts)}"#
        return EventDecoderTests.decoder(timeFormat: format).decode(EventDecoderTests.record(json, timestampMs: timestampMs))
    }

    static func time(_ format: EventTimeFormat, _ ts: String) -> Int64? {
        try? decode(format, ts: ts).get().eventTimeMs
    }

    static func failure(_ format: EventTimeFormat, _ ts: String) -> DecodeFailure? {
        EventDecoderTests.failure(decode(format, ts: ts))
    }

    @Test(arguments: [
        ("1700000000123", Int64(1_700_000_000_123)),
        ("1700000000123.9", 1_700_000_000_123),
        ("1.7e12", 1_700_000_000_000),
        ("0", 0),
        ("253402300799999", 253_402_300_799_999),
        ("253402300799999.9", 253_402_300_799_999),
    ])
    func epochMillis(ts: String, expected: Int64) {
        #expect(Self.time(.epochMillis, ts) == expected)
    }

    @Test(arguments: [
        ("1700000000", Int64(1_700_000_000_000)),
        ("1700000000.123", 1_700_000_000_123),
        ("1700000000.5", 1_700_000_000_500),
        ("1700000000.1239", 1_700_000_000_123),
        ("1700000000.999", 1_700_000_000_999),
        ("1.7e9", 1_700_000_000_000),
        ("0.001", 1),
        ("1.001", 1_001),
        ("1.023", 1_023),
        ("253402300799.999", 253_402_300_799_999),
    ])
    func epochSeconds(ts: String, expected: Int64) {
        #expect(Self.time(.epochSeconds, ts) == expected)
    }

    @Test func everyMillisecondSurvivesSecondsConversion() {
        // A decimal fraction with three digits must map to exactly that millisecond, even
        // where `seconds * 1000` lands just below the integer (e.g. 1.001 * 1000 < 1001).
        for wholeSeconds: Int64 in [1, 1_234_567, 1_700_000_000, 253_402_300_798] {
            for fraction: Int64 in 0..<1000 {
                let seconds = "\(wholeSeconds).\(String(fraction + 1000).dropFirst())"
                #expect(Self.time(.epochSeconds, seconds) == wholeSeconds * 1000 + fraction, "\(seconds)")
            }
        }
    }

    @Test(arguments: [
        ("\"2026-11-26T17:11:59Z\"", Int64(1_795_713_119_000)),
        ("\"2026-11-26T17:11:59.250+02:00\"", 1_795_705_919_250),
        ("\"2026-11-26T17:11:59-05:30\"", 1_795_732_919_000),
        ("\"2026-11-26t17:11:59z\"", 1_795_713_119_000),
        ("\"2026-11-26 17:11:59Z\"", 1_795_713_119_000),
        ("\"2026-11-26T17:11:59.5Z\"", 1_795_713_119_500),
        ("\"2026-11-26T17:11:59.05Z\"", 1_795_713_119_050),
        ("\"2026-11-26T17:11:59.123456789Z\"", 1_795_713_119_123),
        ("\"2026-11-26T17:11:59.999999+00:00\"", 1_795_713_119_999),
        ("\"2026-11-26T17:11:59-00:00\"", 1_795_713_119_000),
        ("\"2024-02-29T00:00:00Z\"", 1_709_164_800_000),
        ("\"2000-01-01T00:00:00Z\"", 946_684_800_000),
        ("\"1970-01-01T00:00:00Z\"", 0),
        ("\"1970-01-01T01:00:00+01:00\"", 0),
        ("\"9999-12-31T23:59:59.999Z\"", 253_402_300_799_999),
        ("\"2016-12-31T23:59:60Z\"", 1_483_228_799_000),
    ])
    func rfc3339(ts: String, expected: Int64) {
        #expect(Self.time(.rfc3339, ts) == expected)
    }

    @Test(arguments: [
        ("\"2026-11-26T17:11:59\"", "expected 'Z' or a UTC offset like +02:00"),
        ("\"2026-11-26\"", "expected 'T' between date and time"),
        ("\"2026-11-26T17:11:59.Z\"", "expected digits after '.'"),
        ("\"2026-13-01T00:00:00Z\"", "month out of range"),
        ("\"2026-00-01T00:00:00Z\"", "month out of range"),
        ("\"2023-02-29T00:00:00Z\"", "day out of range for the month"),
        ("\"2026-04-31T00:00:00Z\"", "day out of range for the month"),
        ("\"2026-11-26T24:00:00Z\"", "hour out of range"),
        ("\"2026-11-26T23:60:00Z\"", "minute out of range"),
        ("\"2026-11-26T23:59:61Z\"", "second out of range"),
        ("\"2026-11-26T17:11:59+24:00\"", "offset hour out of range"),
        ("\"2026-11-26T17:11:59+0200\"", "expected ':' in the UTC offset"),
        ("\"2026-11-26T17:11:59Z \"", "unexpected characters after the UTC offset"),
        ("\"20261-11-26T17:11:59Z\"", "expected '-' after the year"),
        ("\"2026-1-26T17:11:59Z\"", "expected 2 digits for the month"),
        ("\"\"", "expected 4 digits for the year"),
    ])
    func rfc3339Rejects(ts: String, reason: String) {
        let failure = Self.failure(.rfc3339, ts)
        #expect(failure?.reason == .invalidTime)
        #expect(failure?.detail == "field 'ts' value \(ts) is not an RFC 3339 timestamp: \(reason)")
    }

    @Test func rfc3339OutOfRange() {
        #expect(Self.failure(.rfc3339, "\"1969-12-31T23:59:59Z\"") == DecodeFailure(
            reason: .invalidTime,
            detail: "field 'ts' value \"1969-12-31T23:59:59Z\" is outside the supported range (years 1970-9999)"
        ))
        #expect(Self.failure(.rfc3339, "\"1970-01-01T00:30:00+01:00\"")?.reason == .invalidTime)
        #expect(Self.failure(.rfc3339, "\"9999-12-31T23:59:59-00:01\"")?.reason == .invalidTime)
    }

    @Test func longBogusTimestampsAreTruncatedInTheDetail() {
        let failure = Self.failure(.rfc3339, "\"\(String(repeating: "x", count: 500))\"")
        #expect(failure?.reason == .invalidTime)
        #expect((failure?.detail.count ?? 0) < 200)
    }

    @Test(arguments: [
        (EventTimeFormat.epochMillis, "\"1700000000000\"", "field 'ts' is a string, expected an epoch_ms number"),
        (.epochSeconds, "\"1700000000\"", "field 'ts' is a string, expected an epoch_s number"),
        (.epochMillis, "true", "field 'ts' is a boolean, expected an epoch_ms number"),
        (.epochMillis, "{}", "field 'ts' is an object, expected an epoch_ms number"),
        (.rfc3339, "1700000000000", "field 'ts' is a number, expected an RFC 3339 timestamp string"),
        (.epochMillis, "-1", "field 'ts' value -1 is outside the supported epoch_ms range (years 1970-9999)"),
        (.epochMillis, "253402300800000", "field 'ts' value 253402300800000 is outside the supported epoch_ms range (years 1970-9999)"),
        (.epochMillis, "1e300", "field 'ts' value 1e+300 is outside the supported epoch_ms range (years 1970-9999)"),
        (.epochSeconds, "-0.5", "field 'ts' value -0.5 is outside the supported epoch_s range (years 1970-9999)"),
        (.epochSeconds, "253402300800", "field 'ts' value 253402300800 is outside the supported epoch_s range (years 1970-9999)"),
        (.epochSeconds, "1e300", "field 'ts' value 1e+300 is outside the supported epoch_s range (years 1970-9999)"),
    ])
    func invalidTimes(format: EventTimeFormat, ts: String, detail: String) {
        #expect(Self.failure(format, ts) == DecodeFailure(reason: .invalidTime, detail: detail))
    }

    @Test(arguments: [EventTimeFormat.epochMillis, .epochSeconds, .rfc3339])
    func missingOrNullTimeField(format: EventTimeFormat) {
        let decoder = EventDecoderTests.decoder(timeFormat: format)
        #expect(EventDecoderTests.failure(decoder.decode(EventDecoderTests.record(#"{"customer_id":"c"}"#)))
            == DecodeFailure(reason: .missingTime, detail: "field 'ts' is missing"))
        #expect(EventDecoderTests.failure(decoder.decode(EventDecoderTests.record(#"{"customer_id":"c","ts":null}"#)))
            == DecodeFailure(reason: .missingTime, detail: "field 'ts' is null"))
    }

    @Test func nestedTimeField() throws {
        let decoder = EventDecoderTests.decoder(timeField: "meta.at", timeFormat: .rfc3339)
        let record = EventDecoderTests.record(#"{"customer_id":"c","meta":{"at":"2000-01-01T00:00:00Z"}}"#)
        #expect(try decoder.decode(record).get().eventTimeMs == 946_684_800_000)
    }

    @Test func noTimeFieldConfigured() {
        let decoder = EventDecoderTests.decoder(timeField: nil, timeFormat: .epochMillis)
        #expect(EventDecoderTests.failure(decoder.decode(EventDecoderTests.record(#"{"customer_id":"c","ts":1}"#)))
            == DecodeFailure(reason: .missingTime, detail: "no time field is configured for epoch_ms"))
    }

    @Test func kafkaTimestamp() throws {
        // The payload's time field is ignored, even when it is garbage.
        #expect(try Self.decode(.kafkaTimestamp, ts: "\"garbage\"", timestampMs: 1_700_000_000_456).get().eventTimeMs
            == 1_700_000_000_456)
        #expect(EventDecoderTests.failure(Self.decode(.kafkaTimestamp, ts: "1", timestampMs: nil))
            == DecodeFailure(reason: .missingTime, detail: "record has no Kafka timestamp"))
        #expect(EventDecoderTests.failure(Self.decode(.kafkaTimestamp, ts: "1", timestampMs: -1))?.reason == .missingTime)
        #expect(EventDecoderTests.failure(Self.decode(.kafkaTimestamp, ts: "1", timestampMs: -5))?.reason == .invalidTime)
        let noField = EventDecoderTests.decoder(timeField: nil, timeFormat: .kafkaTimestamp)
        #expect(try noField.decode(EventDecoderTests.record(#"{"customer_id":"c"}"#, timestampMs: 7)).get().eventTimeMs == 7)
    }
}
