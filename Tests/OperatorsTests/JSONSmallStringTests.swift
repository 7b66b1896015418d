import Testing
import TrafficGenerator
@testable import Operators

/// The word-at-a-time fast paths of the JSON reader (small ASCII strings built from their bits,
/// plain integers, small-ASCII key lookups) against simple references on seeded random inputs.
@Suite("JSON: small-string, integer and key-lookup fast paths")
struct JSONSmallStringTests {
    /// The project's seeded generator, so failures reproduce.
    typealias SplitMix = SplitMix64

    static func words(_ string: String) -> (UInt64, UInt64) {
        unsafeBitCast(string, to: (UInt64, UInt64).self)
    }

    @Test func layoutIsVerifiedOnThisPlatform() {
        #if arch(x86_64) || arch(arm64)
        #expect(SmallASCIIString.isAvailable)
        #endif
    }

    /// Strings parsed through the fast path are bit-identical to the standard library's own,
    /// for every length 0...15 and every distance of the string from the end of the input.
    @Test func smallStringsAreBitIdenticalToTheStandardLibrarys() throws {
        for length in 0...15 {
            let text = String((0..<length).map { Character(Unicode.Scalar(UInt8(0x41 + $0))) })
            for padding in 0...20 {
                let json = "\"\(text)\"" + String(repeating: " ", count: padding)
                guard case .string(let parsed) = try JSONReader.parse(Array(json.utf8)) else {
                    Issue.record("not a string: \(json)")
                    continue
                }
                let reference = String(decoding: Array(text.utf8), as: UTF8.self)
                #expect(parsed == reference)
                #expect(Self.words(parsed) == Self.words(reference), "length \(length), padding \(padding)")
                #expect(parsed.hashValue == reference.hashValue)
            }
        }
    }

    static let pieces: [String] = ["a", "Z", "0", " ", "~", "é", "€", "😀", "\\n", "\\\"", "\\\\", "\\u0041", "\\u00e9", "/"]

    static func unescape(_ piece: String) -> String {
        switch piece {
        case "\\n": "\n"
        case "\\\"": "\""
        case "\\\\": "\\"
        case "\\u0041": "A"
        case "\\u00e9": "é"
        default: piece
        }
    }

    /// Random strings of 0-40 pieces (ASCII, non-ASCII, escapes) as keys and values, at every
    /// position in an object, compared with the unescaped text they were made from.
    @Test func randomStringsDecodeToTheirText() throws {
        var random = SplitMix(seed: 0xDEC0DE)
        for _ in 0..<3000 {
            var members: [(json: String, key: String, value: String)] = []
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                func randomText() -> (json: String, text: String) {
                    let count = Int.random(in: 0...(Bool.random(using: &random) ? 18 : 40), using: &random)
                    let asciiOnly = Int.random(in: 0..<4, using: &random) > 0
                    var json = ""
                    var text = ""
                    for _ in 0..<count {
                        let piece = asciiOnly ? Self.pieces[Int.random(in: 0..<5, using: &random)]
                            : Self.pieces.randomElement(using: &random) ?? "a"
                        json += piece
                        text += Self.unescape(piece)
                    }
                    return (json, text)
                }
                let key = randomText()
                let value = randomText()
                members.append(("\"\(key.json)\":\"\(value.json)\"", key.text, value.text))
            }
            let json = "{" + members.map(\.json).joined(separator: ",") + "}"
            guard case .object(let object) = try JSONReader.parse(Array(json.utf8)) else {
                Issue.record("not an object: \(json)")
                continue
            }
            #expect(object.fields.count == members.count)
            for (field, member) in zip(object.fields, members) {
                #expect(field.key == member.key, "\(json)")
                #expect(Array(field.key.utf8) == Array(member.key.utf8), "\(json)")
                #expect(field.value == .string(member.value), "\(json)")
            }
        }
    }

    /// Strings cut off, or broken by control characters, near the end of short and long inputs
    /// keep their errors and offsets.
    @Test func errorsNearTheEndKeepTheirOffsets() {
        for prefix in [0, 3, 7, 8, 9, 14, 15, 16, 17, 30] {
            let head = "{\"k\":\"" + String(repeating: "x", count: prefix)
            let unterminated = TestSupport.parseError(Array(head.utf8))
            #expect(unterminated == JSONError(offset: 5, message: "unterminated string"), "\(head)")
            let control = TestSupport.parseError(Array(head.utf8) + [0x01, 0x22, 0x7D])
            #expect(control == JSONError(offset: 6 + prefix, message: "control character 0x01 must be escaped in a string"))
            let invalid = TestSupport.parseError(Array(head.utf8) + [0xC3, 0x28, 0x22, 0x7D])
            #expect(invalid?.isInvalidUTF8 == true)
            #expect(invalid?.offset == 6 + prefix)
        }
    }

    /// Integers of every length, sign and terminator equal the standard library's conversion
    /// of the same text; leading zeros stay errors.
    @Test func integersMatchTheStandardLibrary() throws {
        var random = SplitMix(seed: 42)
        for _ in 0..<4000 {
            let digits = Int.random(in: 1...19, using: &random)
            var text = String(Int.random(in: 1...9, using: &random))
            for _ in 1..<digits { text += String(Int.random(in: 0...9, using: &random)) }
            if Bool.random(using: &random) { text = "-" + text }
            let suffix = ["", ".5", "e3", "E-2", "0"].randomElement(using: &random) ?? ""
            let number = text + suffix
            for json in [number, "[\(number)]", "{\"n\":\(number)}"] {
                let parsed = try JSONReader.parse(Array(json.utf8))
                let expected = JSONValue.number(try #require(Double(number)))
                switch parsed {
                case .number: #expect(parsed == expected, "\(json)")
                case .array(let elements): #expect(elements == [expected], "\(json)")
                case .object(let object): #expect(object["n"] == expected, "\(json)")
                default: Issue.record("unexpected \(parsed) for \(json)")
                }
            }
        }
        #expect(TestSupport.parseError(Array("012".utf8))?.message == "leading zeros are not allowed in numbers")
        #expect(TestSupport.parseError(Array("-".utf8))?.message == "unexpected end of input, expected a digit after '-'")
        #expect(TestSupport.parseError(Array("12.".utf8))?.message == "unexpected end of input, expected a digit after the decimal point")
        #expect(try JSONReader.parse(Array("-0".utf8)) == .number(-0.0))
    }

    /// Key lookups (last occurrence wins) against a reference scan with `==`, with keys that
    /// share prefixes, differ only past 15 bytes, are long, non-ASCII, or canonically
    /// equivalent without being byte-equal (the Kelvin sign is "K").
    @Test func keyLookupsMatchAReferenceScan() {
        let keys = ["a", "b", "ab", "abc", "customer_id", "customer_ix", "ts", "t", "K", "\u{212A}", "é", "e\u{301}",
                    "exactly15bytes!", "exactly16bytes!!", "exactly16bytes!?", "a-much-longer-key-than-fifteen", ""]
        var random = SplitMix(seed: 7)
        for _ in 0..<2000 {
            var fields: [(key: String, value: JSONValue)] = []
            for position in 0..<Int.random(in: 0...8, using: &random) {
                fields.append((keys.randomElement(using: &random) ?? "a", .number(Double(position))))
            }
            let object = JSONObject(fields)
            for probe in keys {
                let reference = fields.last { $0.key == probe }?.value
                #expect(object[probe] == reference, "\(probe) in \(fields.map(\.key))")
                #expect(object.value(at: FieldPath(components: [probe])) == reference)
            }
        }
    }
}
