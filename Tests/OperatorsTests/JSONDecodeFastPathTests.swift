import Testing
@testable import Operators

/// Round-2 decoding fast paths against simple references on seeded random inputs: integers
/// read eight digits at a time, and field paths prepared once for the decoder's lookups.
@Suite("JSON: eight-digit integers and prepared field paths")
struct JSONDecodeFastPathTests {
    typealias SplitMix = JSONSmallStringTests.SplitMix

    /// The number of leading ASCII digits of the bytes of `word`, first byte lowest, one by one.
    static func referenceLeadingDigits(_ word: UInt64) -> Int {
        var count = 0
        while count < 8, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(UInt8(truncatingIfNeeded: word >> (UInt64(count) * 8))) {
            count += 1
        }
        return count
    }

    /// Bytes around the digit range and the carry-prone top of the byte range, mixed with digits.
    static func randomWord(using random: inout SplitMix) -> UInt64 {
        let interesting: [UInt8] = [0x2F, 0x3A, 0x30, 0x39, 0x20, 0x2E, 0x65, 0x45, 0x2C, 0x7D, 0x00, 0x80, 0xF9, 0xFA, 0xFF, 0x36, 0x40]
        var word: UInt64 = 0
        for position in 0..<8 {
            let byte: UInt8 = switch Int.random(in: 0..<4, using: &random) {
            case 0, 1: UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &random)
            case 2: interesting.randomElement(using: &random) ?? 0
            default: UInt8.random(in: 0...255, using: &random)
            }
            word |= UInt64(byte) << (UInt64(position) * 8)
        }
        return word
    }

    @Test func digitCountingAndConversionMatchByteByByte() {
        var random = SplitMix(seed: 2026)
        for _ in 0..<20_000 {
            let word = Self.randomWord(using: &random)
            let count = JSONParser.leadingDigits(word)
            #expect(count == Self.referenceLeadingDigits(word), "\(String(word, radix: 16))")
            var reference: UInt64 = 0
            for position in 0..<count {
                reference = reference * 10 + (word >> (UInt64(position) * 8) & 0xFF) - 0x30
            }
            let digits = word &- 0x3030_3030_3030_3030
            let converted = count == 8
                ? JSONParser.eightDigits(digits) : JSONParser.eightDigits(JSONParser.keepingLeading(digits, count))
            #expect(converted == reference, "\(String(word, radix: 16)), \(count) digits")
        }
        for exponent in 0..<8 {
            #expect(JSONParser.powerOfTen(exponent) == (0..<exponent).reduce(1) { value, _ in value * 10 })
        }
    }

    /// Integers of 1-20 digits with every kind of continuation, far from and near the end of
    /// the input (the eight-at-a-time path needs 16 bytes), give the standard library's value.
    @Test func integersAnywhereInTheInputMatchTheStandardLibrary() throws {
        var random = SplitMix(seed: 99)
        let suffixes = ["", ".5", ".25e1", "e3", "E-2", "e+1", "0", "00000000"]
        let followers = ["", ",\"k\":\"v\"", " ", "   ,1", "]"]
        for _ in 0..<6000 {
            var text = Bool.random(using: &random) ? "-" : ""
            text += String(Int.random(in: 1...9, using: &random))
            for _ in 1..<Int.random(in: 1...20, using: &random) { text += String(Int.random(in: 0...9, using: &random)) }
            let number = text + (suffixes.randomElement(using: &random) ?? "")
            let expected = JSONValue.number(try #require(Double(number)))
            let follower = followers.randomElement(using: &random) ?? ""
            let padding = String(repeating: " ", count: Int.random(in: 0...20, using: &random))
            let json: String
            switch follower {
            case "]": json = "[\(number)]\(padding)"
            case "": json = "{\"n\":\(number)}\(padding)"
            default: json = "{\"n\":\(number)\(follower == " " || follower.hasPrefix("   ") ? " " : follower)\(padding)}"
            }
            let parsed = try JSONReader.parse(Array(json.utf8))
            switch parsed {
            case .array(let elements): #expect(elements == [expected], "\(json)")
            case .object(let object): #expect(object["n"] == expected, "\(json)")
            default: Issue.record("unexpected \(parsed) for \(json)")
            }
        }
    }

    /// Malformed numbers keep their errors and offsets when 16 or more bytes follow.
    @Test func malformedNumbersKeepTheirErrorsFarFromTheEnd() {
        let padding = String(repeating: " ", count: 20)
        let cases: [(String, String, Int)] = [
            ("[1234567890.]", "expected a digit after the decimal point", 12),
            ("[12345678901234e]", "expected a digit in the exponent", 16),
            ("[0123456789012345]", "leading zeros are not allowed in numbers", 1),
            ("[1234567890123456789x]", "expected ',' or ']' after array element", 20),
            ("[-a]", "expected a digit after '-'", 2),
        ]
        for (json, message, offset) in cases {
            let error = TestSupport.parseError(Array((json + padding).utf8))
            #expect(error?.message == message, "\(json)")
            #expect(error?.offset == offset, "\(json)")
        }
    }

    /// Prepared paths find exactly what `value(at:)` finds: last occurrence, canonical
    /// equivalence for keys that are not small ASCII, nested paths, missing members.
    @Test func preparedPathsMatchValueAt() {
        let keys = ["a", "ab", "customer_id", "ts", "K", "\u{212A}", "é", "e\u{301}", "exactly15bytes!",
                    "exactly16bytes!!", "a-much-longer-key-than-fifteen", ""]
        var random = SplitMix(seed: 11)
        for _ in 0..<2000 {
            var fields: [(key: String, value: JSONValue)] = []
            for position in 0..<Int.random(in: 0...8, using: &random) {
                let key = keys.randomElement(using: &random) ?? "a"
                let value: JSONValue = Bool.random(using: &random)
                    ? .number(Double(position))
                    : .object(JSONObject([(key: keys.randomElement(using: &random) ?? "a", value: .string("\(position)"))]))
                fields.append((key, value))
            }
            let object = JSONObject(fields)
            for first in keys {
                for path in [FieldPath(components: [first]), FieldPath(components: [first, keys.randomElement(using: &random) ?? "a"])] {
                    #expect(PreparedFieldPath(path).value(in: object) == object.value(at: path), "\(path) in \(fields.map(\.key))")
                }
            }
        }
        #expect(PreparedFieldPath(FieldPath(components: [])).value(in: JSONObject([(key: "", value: .null)])) == nil)
    }
}
