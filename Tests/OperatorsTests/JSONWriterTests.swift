import Testing
import Operators

@Suite("JSONWriter and round trips")
struct JSONWriterTests {
    private func written(_ body: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        body(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() {
        let output = written { $0.writeString("a\"b\\c\n\t\u{0}\u{1F}/é😀\u{7F}") }
        #expect(output == #""a\"b\\c\u000a\u0009\u0000\u001f/é😀"# + "\u{7F}\"")
    }

    @Test(arguments: [
        (42.0, "42"), (-3.0, "-3"), (0.0, "0"), (-0.0, "-0"), (0.5, "0.5"), (-1.25, "-1.25"),
        (0.1, "0.1"), (1e-7, "1e-07"), (1e20, "1e+20"), (9_007_199_254_740_991, "9007199254740991"),
        (9_007_199_254_740_992, "9007199254740992"),
        (9_007_199_254_740_994, "9.007199254740994e+15"), (-9_007_199_254_740_992, "-9007199254740992"), (1_700_000_000_123, "1700000000123"),
        (Double.nan, "null"), (Double.infinity, "null"), (-Double.infinity, "null"),
    ])
    func formatsDoubles(value: Double, expected: String) {
        #expect(written { $0.writeDouble(value) } == expected)
    }

    @Test(arguments: [
        (Int64(0), "0"), (7, "7"), (-7, "-7"), (1_234_567_890, "1234567890"),
        (Int64.max, "9223372036854775807"), (Int64.min, "-9223372036854775808"),
    ])
    func formatsIntegers(value: Int64, expected: String) {
        #expect(written { $0.writeInt(value) } == expected)
    }

    @Test func writesLiteralsAndRawFragments() {
        let output = written {
            $0.raw("[")
            $0.writeBool(true)
            $0.raw(",")
            $0.writeBool(false)
            $0.raw(",")
            $0.writeNull()
            $0.raw("]")
        }
        #expect(output == "[true,false,null]")
    }

    @Test func removeAllResetsTheBuffer() {
        var writer = JSONWriter(reservingCapacity: 64)
        writer.writeString("x")
        writer.removeAll()
        writer.writeInt(1)
        #expect(writer.bytes == Array("1".utf8))
    }

    @Test func encodesValuesCompactlyInFieldOrder() throws {
        let value = try JSONReader.parse(Array(#" { "z" : [ 1 , 2.5 , "s" ] , "a" : { } , "n" : null , "b" : false } "#.utf8))
        #expect(String(decoding: value.encoded(), as: UTF8.self) == #"{"z":[1,2.5,"s"],"a":{},"n":null,"b":false}"#)
        #expect(value.description == #"{"z":[1,2.5,"s"],"a":{},"n":null,"b":false}"#)
    }

    static let roundTripDocuments = [
        #"{"order":{"id":"A-1","total":129.99,"items":[{"sku":"x","qty":2}]},"vip":true,"note":null}"#,
        #"[0,-0,1,-1,0.5,1e300,-1e-300,5e-324,1.7976931348623157e308,123456789012345678901234567890]"#,
        #"{"esc":"\"\\\/\b\f\n\r\t\u0000\u001f","uni":"\u00e9\ud83d\ude00 raw é😀","dup":1,"dup":2}"#,
        #"[[],{},[[]],[{}],{"":""}]"#,
        #""top-level string""#,
        "3.14159",
        "true",
        "null",
        #"{"deep":[[[[[[[[[[{"x":[1,[2,[3]]]}]]]]]]]]]]}"#,
    ]

    @Test(arguments: roundTripDocuments)
    func roundTripsThroughTheWriter(document: String) throws {
        let parsed = try JSONReader.parse(Array(document.utf8))
        let encoded = parsed.encoded()
        let reparsed = try JSONReader.parse(encoded)
        #expect(reparsed == parsed)
        #expect(reparsed.encoded() == encoded, "encoding is a fixed point")
    }

    @Test func negativeZeroSurvivesARoundTrip() throws {
        guard case .number(let value) = try JSONReader.parse(JSONValue.number(-0.0).encoded()) else {
            Issue.record("not a number")
            return
        }
        #expect(value.sign == .minus)
    }

    @Test func everyDoubleFormatRoundTripsExactly() throws {
        var random = LCG(seed: 42)
        for _ in 0..<5_000 {
            let value = Double(bitPattern: random.next() << 11 | random.next() & 0x7FF)
            guard value.isFinite else { continue }
            let reparsed = try JSONReader.parse(JSONValue.number(value).encoded())
            #expect(reparsed == .number(value), "\(value)")
        }
    }
}
