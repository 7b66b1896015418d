import Testing
import Operators

@Suite("JSONReader: syntax errors and their offsets")
struct JSONReaderErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var input: String
        var offset: Int
        var message: String
        var testDescription: String { input.debugDescription }
    }

    @Test(arguments: [
        // Structure
        Case(input: #"{"customer_id"   42}"#, offset: 17, message: "expected ':' after object key"),
        Case(input: #"{"a" 1}"#, offset: 5, message: "expected ':' after object key"),
        Case(input: #"{"a""#, offset: 4, message: "unexpected end of input, expected ':' after object key"),
        Case(input: #"{1:2}"#, offset: 1, message: "expected string for object key"),
        Case(input: #"{"a":1 "b":2}"#, offset: 7, message: "expected ',' or '}' after object member"),
        Case(input: #"[1 2]"#, offset: 3, message: "expected ',' or ']' after array element"),
        Case(input: #"{"a"#, offset: 1, message: "unterminated string"),
        Case(input: #"[1"#, offset: 2, message: "unexpected end of input, expected ',' or ']' after array element"),
        Case(input: #"{"#, offset: 1, message: "unexpected end of input, expected string for object key"),
        Case(input: #"{"a":"#, offset: 5, message: "unexpected end of input, expected a value"),
        Case(input: "", offset: 0, message: "unexpected end of input, expected a value"),
        Case(input: "  \n ", offset: 4, message: "unexpected end of input, expected a value"),
        Case(input: "[,1]", offset: 1, message: "unexpected character ',', expected a value"),
        // Trailing commas
        Case(input: "[1,]", offset: 2, message: "trailing comma is not allowed in an array"),
        Case(input: "[1 , \n ]", offset: 3, message: "trailing comma is not allowed in an array"),
        Case(input: #"{"a":1,}"#, offset: 6, message: "trailing comma is not allowed in an object"),
        // Comments
        Case(input: "/* c */ 1", offset: 0, message: "unexpected character '/', comments are not allowed"),
        Case(input: "[1, // c\n 2]", offset: 4, message: "unexpected character '/', comments are not allowed"),
        Case(input: "[1] // c", offset: 4, message: "unexpected character '/' after the JSON value"),
        // Trailing garbage
        Case(input: "[1] x", offset: 4, message: "unexpected character 'x' after the JSON value"),
        Case(input: #"{"a":1}}"#, offset: 7, message: "unexpected character '}' after the JSON value"),
        Case(input: "1 2", offset: 2, message: "unexpected character '2' after the JSON value"),
        // Numbers
        Case(input: "01", offset: 0, message: "leading zeros are not allowed in numbers"),
        Case(input: "[-007]", offset: 1, message: "leading zeros are not allowed in numbers"),
        Case(input: "-", offset: 1, message: "unexpected end of input, expected a digit after '-'"),
        Case(input: "-a", offset: 1, message: "expected a digit after '-'"),
        Case(input: "1.", offset: 2, message: "unexpected end of input, expected a digit after the decimal point"),
        Case(input: "1.e5", offset: 2, message: "expected a digit after the decimal point"),
        Case(input: "1e", offset: 2, message: "unexpected end of input, expected a digit in the exponent"),
        Case(input: "[1e+]", offset: 4, message: "expected a digit in the exponent"),
        Case(input: ".5", offset: 0, message: "unexpected character '.', expected a value"),
        Case(input: "+1", offset: 0, message: "unexpected character '+', expected a value"),
        Case(input: "1e400", offset: 0, message: "number is out of range for a 64-bit float"),
        Case(input: "[-1e309]", offset: 1, message: "number is out of range for a 64-bit float"),
        Case(input: "NaN", offset: 0, message: "unexpected character 'N', expected a value"),
        Case(input: "-Infinity", offset: 1, message: "expected a digit after '-'"),
        // Literals
        Case(input: "tru", offset: 0, message: "invalid literal, expected 'true'"),
        Case(input: "[nulL]", offset: 1, message: "invalid literal, expected 'null'"),
        Case(input: "True", offset: 0, message: "unexpected character 'T', expected a value"),
        Case(input: "'a'", offset: 0, message: "unexpected character ''', expected a value"),
        // Strings
        Case(input: "\"a\u{01}b\"", offset: 2, message: "control character 0x01 must be escaped in a string"),
        Case(input: "\"tab\there\"", offset: 4, message: "control character 0x09 must be escaped in a string"),
        Case(input: "\"line\nbreak\"", offset: 5, message: "control character 0x0A must be escaped in a string"),
        Case(input: #""\x""#, offset: 1, message: #"invalid escape sequence '\x'"#),
        Case(input: #""\U0041""#, offset: 1, message: #"invalid escape sequence '\U'"#),
        Case(input: #""\u12G4""#, offset: 1, message: #"invalid \u escape, expected 4 hex digits"#),
        Case(input: #""\u12"#, offset: 1, message: #"invalid \u escape, expected 4 hex digits"#),
        Case(input: #""\"#, offset: 1, message: "unterminated escape sequence"),
        Case(input: #""\uD800""#, offset: 1, message: #"lone high surrogate \uD800 in string"#),
        Case(input: #""ab\ud83d""#, offset: 3, message: #"lone high surrogate \uD83D in string"#),
        Case(input: #""\uD800\u0041""#, offset: 1, message: #"lone high surrogate \uD800 in string"#),
        Case(input: #""\uD800x""#, offset: 1, message: #"lone high surrogate \uD800 in string"#),
        Case(input: #""\uDC00""#, offset: 1, message: #"lone low surrogate \uDC00 in string"#),
        Case(input: #""\uDE00\uD83D""#, offset: 1, message: #"lone low surrogate \uDE00 in string"#),
        Case(input: #""abc"#, offset: 0, message: "unterminated string"),
        Case(input: #"["a\"]"#, offset: 1, message: "unterminated string"),
        // Whitespace outside RFC 8259's four characters, and a byte-order mark
        Case(input: "\u{0C}1", offset: 0, message: "unexpected byte 0x0C, expected a value"),
        Case(input: "\u{FEFF}1", offset: 0, message: "unexpected byte 0xEF, expected a value"),
    ])
    func reportsErrorWithOffset(_ testCase: Case) {
        let error = TestSupport.parseError(testCase.input)
        #expect(error == JSONError(offset: testCase.offset, message: testCase.message))
        #expect(error?.isInvalidUTF8 == false)
    }

    @Test func descriptionNamesTheByteOffset() {
        let error = TestSupport.parseError(#"{"customer_id"   42}"#)
        #expect(error?.description == "expected ':' after object key at byte 17")
    }

    @Test func nestingUpToTheLimitIsAccepted() {
        let depth = JSONReader.maxDepth
        #expect(depth == 128)
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(TestSupport.parseError(arrays) == nil)
        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(TestSupport.parseError(objects) == nil)
    }

    @Test func nestingBeyondTheLimitIsRejectedAtTheOffendingBracket() {
        let depth = JSONReader.maxDepth + 1
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(TestSupport.parseError(arrays) == JSONError(offset: 128, message: "nesting depth exceeds the limit of 128"))
        // Mixed containers count together: 64 objects + 65 arrays.
        let mixed = String(repeating: #"{"a":"#, count: 64) + String(repeating: "[", count: 65)
        #expect(TestSupport.parseError(mixed) == JSONError(offset: 64 * 5 + 64, message: "nesting depth exceeds the limit of 128"))
    }

    @Test func hugeNestingFailsFastWithoutExhaustingTheStack() {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(TestSupport.parseError(bytes)?.message == "nesting depth exceeds the limit of 128")
    }
}
