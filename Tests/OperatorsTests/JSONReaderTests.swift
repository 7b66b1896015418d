import Testing
import Operators

@Suite("JSONReader: documents")
struct JSONReaderTests {
    @Test func parsesNestedDocumentInOrder() throws {
        let value = try JSONReader.parse(Array(#" { "b" : [1, true, null, "x"], "a" : {"c": -2.5} } "#.utf8))
        let expected = JSONValue.object(JSONObject([
            (key: "b", value: .array([.number(1), .bool(true), .null, .string("x")])),
            (key: "a", value: .object(JSONObject([(key: "c", value: .number(-2.5))]))),
        ]))
        #expect(value == expected)
    }

    @Test(arguments: ["0", "-1", "\"s\"", "true", "false", "null", "[]", "{}"])
    func acceptsScalarsAndEmptyContainersAtTopLevel(text: String) {
        #expect(TestSupport.parseError(text) == nil)
    }

    @Test func parsesFromRawBuffer() throws {
        let bytes = Array(#"{"k":"v"}"#.utf8)
        let value = try bytes.withUnsafeBytes { buffer throws(JSONError) in try JSONReader.parse(buffer) }
        #expect(value == .object(JSONObject([(key: "k", value: .string("v"))])))
    }

    @Test func duplicateKeysAreKeptAndLastWinsOnLookup() throws {
        let object = try #require(TestSupport.object(#"{"a":1,"b":2,"a":3}"#))
        #expect(object.fields.count == 3)
        #expect(object["a"] == .number(3))
        #expect(object["b"] == .number(2))
        #expect(object["zz"] == nil)
    }

    @Test func valueAtPathFollowsNestedObjects() throws {
        let object = try #require(TestSupport.object(#"{"order":{"total":12.5,"customer":{"id":"c9"}},"n":1}"#))
        #expect(object.value(at: FieldPath("order.total")) == .number(12.5))
        #expect(object.value(at: "order.customer.id") == .string("c9"))
        #expect(object.value(at: "order.missing") == nil)
        #expect(object.value(at: "n.deeper") == nil)
        #expect(object.value(at: FieldPath(components: [])) == nil)
    }

    @Test func objectEqualityIsOrderSensitive() {
        let ab = JSONObject([(key: "a", value: .number(1)), (key: "b", value: .number(2))])
        let ba = JSONObject([(key: "b", value: .number(2)), (key: "a", value: .number(1))])
        #expect(ab == JSONObject([(key: "a", value: .number(1)), (key: "b", value: .number(2))]))
        #expect(ab != ba)
        #expect(ab != JSONObject([(key: "a", value: .number(1))]))
        #expect(ab != JSONObject([(key: "a", value: .number(1)), (key: "b", value: .number(3))]))
    }
}

@Suite("JSONReader: strings and escapes")
struct JSONReaderStringTests {
    @Test(arguments: [
        (#""\u00e9\u00C9""#, "éÉ"),
        (#""\ud83d\ude00""#, "😀"),
        (#""\uD83D\uDE00x""#, "😀x"),
        (#""\udbff\udfff""#, "\u{10FFFF}"),
        (#""\u0000""#, "\u{0}"),
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        (#""plain é € 😀""#, "plain é € 😀"),
        (#""pre\nfix é""#, "pre\nfix é"),
        (#""""#, ""),
        ("\"\u{7F}\"", "\u{7F}"),
    ])
    func decodesEscapesAndUnicode(json: String, expected: String) throws {
        #expect(try JSONReader.parse(Array(json.utf8)) == .string(expected))
    }
}

@Suite("JSONReader: numbers")
struct JSONReaderNumberTests {
    @Test(arguments: [
        ("0", 0.0), ("-1", -1), ("12.5", 12.5), ("-1.5e3", -1500), ("1E2", 100), ("1e+2", 100),
        ("1e-2", 0.01), ("0.1", 0.1), ("2.5E-3", 0.0025), ("0e5", 0),
        ("123456789012345678901234567890", 1.2345678901234568e29),
        ("9007199254740993", 9_007_199_254_740_992),
        ("1.7976931348623157e308", Double.greatestFiniteMagnitude),
        ("5e-324", Double.leastNonzeroMagnitude),
        ("1e-400", 0),
        ("0.00000000000000000000000000000000000000001e40", 0.1),
        ("-9223372036854775808", -9_223_372_036_854_775_808.0),
    ])
    func parsesNumbers(text: String, expected: Double) throws {
        #expect(try JSONReader.parse(Array(text.utf8)) == .number(expected))
    }

    @Test func negativeZeroKeepsItsSign() throws {
        guard case .number(let value) = try JSONReader.parse(Array("-0".utf8)) else {
            Issue.record("not a number")
            return
        }
        #expect(value == 0)
        #expect(value.sign == .minus)
    }

    /// The fast path (exact mantissa × exact power of ten) must agree bit-for-bit with the
    /// standard library's correctly rounded conversion.
    @Test func agreesWithStandardLibraryOnRandomNumbers() throws {
        var random = LCG(seed: 0xDEC1_0A11)
        for _ in 0..<5_000 {
            var text = random.next(below: 4) == 0 ? "-" : ""
            let integerDigits = 1 + random.next(below: 20)
            text += String(1 + random.next(below: 9))
            for _ in 1..<integerDigits { text += String(random.next(below: 10)) }
            if random.next(below: 2) == 0 {
                text += "."
                for _ in 0..<(1 + random.next(below: 20)) { text += String(random.next(below: 10)) }
            }
            if random.next(below: 2) == 0 {
                text += ["e", "E", "e-", "e+"][random.next(below: 4)] + String(random.next(below: 40))
            }
            let parsed = try JSONReader.parse(Array(text.utf8))
            let expected = try #require(Double(text))
            #expect(parsed == .number(expected), "\(text)")
        }
    }
}
