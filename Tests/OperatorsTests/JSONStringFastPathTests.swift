import Testing
@testable import Operators

/// `JSONParser.parseString` builds strings of up to 15 bytes in place and longer ones through
/// `String(decoding:)`, with an ASCII scan before the general loop: every length around those
/// boundaries, with and without non-ASCII text and escapes, must decode to the same string.
@Suite("JSON strings: in-place small strings and the ASCII scan")
struct JSONStringFastPathTests {
    static let pieces = ["a", "é", "€", "😀", "\\n", "\\u00e9", "\\\"", " "]

    @Test(arguments: pieces)
    func decodesEveryLengthAroundTheSmallStringLimit(_ piece: String) throws {
        for prefixLength in 0...20 {
            for suffixLength in 0...3 {
                let prefix = String(repeating: "x", count: prefixLength)
                let suffix = String(repeating: "y", count: suffixLength)
                let json = "{\"k\(prefix)\":\"\(prefix)\(piece)\(suffix)\"}"
                let expectedPiece = switch piece {
                case "\\n": "\n"
                case "\\u00e9": "é"
                case "\\\"": "\""
                default: piece
                }
                let parsed = try JSONReader.parse(Array(json.utf8))
                guard case .object(let object) = parsed else {
                    Issue.record("not an object: \(json)")
                    continue
                }
                #expect(object.fields.first?.key == "k\(prefix)")
                #expect(object["k\(prefix)"] == .string(prefix + expectedPiece + suffix))
            }
        }
    }

    @Test(arguments: [0, 1, 14, 15, 16, 17, 40])
    func pureASCIILengths(_ length: Int) throws {
        let text = String((0..<length).map { Character(Unicode.Scalar(UInt8(0x21 + $0 % 90))) }).replacingOccurrences(of: "\\", with: "/")
        let json = "\"" + text.replacingOccurrences(of: "\"", with: "'") + "\""
        let parsed = try JSONReader.parse(Array(json.utf8))
        #expect(parsed == .string(text.replacingOccurrences(of: "\"", with: "'")))
    }

    @Test func controlCharactersAndBadUTF8StillFail() {
        #expect(throws: JSONError.self) { try JSONReader.parse(Array("\"ab\u{01}c\"".utf8)) }
        #expect(throws: JSONError.self) { try JSONReader.parse([0x22, 0x61, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONError.self) { try JSONReader.parse(Array("\"abc".utf8)) }
    }
}
