import Testing
@testable import Operators

@Suite("JSONReader: UTF-8 validation")
struct JSONUTF8Tests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var offset: Int
        var message: String
        var testDescription: String { name }
    }

    private static let quote = UInt8(ascii: "\"")

    /// Each sequence wrapped in a JSON string, e.g. `"<bytes>"`, so the error sits at byte 1.
    @Test(arguments: [
        Case(name: "overlong NUL C0 80", bytes: [quote, 0xC0, 0x80, quote], offset: 1,
             message: "invalid UTF-8: overlong encoding (lead byte 0xC0)"),
        Case(name: "overlong C1 BF", bytes: [quote, 0xC1, 0xBF, quote], offset: 1,
             message: "invalid UTF-8: overlong encoding (lead byte 0xC1)"),
        Case(name: "overlong 3-byte E0 80 80", bytes: [quote, 0xE0, 0x80, 0x80, quote], offset: 1,
             message: "invalid UTF-8: overlong encoding"),
        Case(name: "overlong 4-byte F0 80 80 80", bytes: [quote, 0xF0, 0x80, 0x80, 0x80, quote], offset: 1,
             message: "invalid UTF-8: overlong encoding"),
        Case(name: "surrogate ED A0 80", bytes: [quote, 0xED, 0xA0, 0x80, quote], offset: 1,
             message: "invalid UTF-8: encoded UTF-16 surrogate"),
        Case(name: "surrogate ED BF BF", bytes: [quote, 0xED, 0xBF, 0xBF, quote], offset: 1,
             message: "invalid UTF-8: encoded UTF-16 surrogate"),
        Case(name: "above U+10FFFF F4 90 80 80", bytes: [quote, 0xF4, 0x90, 0x80, 0x80, quote], offset: 1,
             message: "invalid UTF-8: code point above U+10FFFF"),
        Case(name: "truncated F0 9F", bytes: [quote, 0xF0, 0x9F, quote], offset: 1,
             message: "invalid UTF-8: truncated 4-byte sequence"),
        Case(name: "truncated F0 9F at end of input", bytes: [quote, 0xF0, 0x9F], offset: 1,
             message: "invalid UTF-8: truncated 4-byte sequence"),
        Case(name: "truncated C3 then ASCII", bytes: [quote, 0xC3, 0x41, quote], offset: 1,
             message: "invalid UTF-8: truncated 2-byte sequence"),
        Case(name: "truncated E2 82", bytes: [quote, 0xE2, 0x82, quote], offset: 1,
             message: "invalid UTF-8: truncated 3-byte sequence"),
        Case(name: "lone continuation 80", bytes: [quote, 0x80, quote], offset: 1,
             message: "invalid UTF-8: unexpected continuation byte 0x80"),
        Case(name: "lone continuation BF", bytes: [quote, 0xBF, quote], offset: 1,
             message: "invalid UTF-8: unexpected continuation byte 0xBF"),
        Case(name: "F5 lead", bytes: [quote, 0xF5, 0x80, 0x80, 0x80, quote], offset: 1,
             message: "invalid UTF-8: invalid byte 0xF5"),
        Case(name: "FF", bytes: [quote, 0xFF, quote], offset: 1, message: "invalid UTF-8: invalid byte 0xFF"),
    ])
    func rejectsInvalidUTF8InStrings(_ testCase: Case) {
        let error = TestSupport.parseError(testCase.bytes)
        #expect(error == JSONError(offset: testCase.offset, message: testCase.message))
        #expect(error?.isInvalidUTF8 == true)
    }

    @Test func invalidUTF8InAnObjectKeyIsReported() {
        let bytes: [UInt8] = Array(#"{"k"#.utf8) + [0xED, 0xA0, 0x80] + Array(#"":1}"#.utf8)
        #expect(TestSupport.parseError(bytes) == JSONError(offset: 3, message: "invalid UTF-8: encoded UTF-16 surrogate"))
    }

    @Test func invalidUTF8OutsideStringsIsReportedAsEncodingError() {
        let bytes: [UInt8] = Array("[1] ".utf8) + [0xFF]
        #expect(TestSupport.parseError(bytes) == JSONError(offset: 4, message: "invalid UTF-8: invalid byte 0xFF"))
    }

    /// A syntax error early in the input must not hide that the input is not text at all.
    @Test func encodingErrorWinsOverEarlierSyntaxError() {
        let bytes: [UInt8] = Array(#"{"a" 1, "b":""#.utf8) + [0xC0, 0x80] + Array(#""}"#.utf8)
        let error = TestSupport.parseError(bytes)
        #expect(error == JSONError(offset: 13, message: "invalid UTF-8: overlong encoding (lead byte 0xC0)"))
    }

    @Test func validNonASCIIOutsideStringsIsASyntaxError() {
        let error = TestSupport.parseError("[é]")
        #expect(error == JSONError(offset: 1, message: "unexpected byte 0xC3, expected a value"))
        #expect(error?.isInvalidUTF8 == false)
    }

    @Test(arguments: [
        [0xC2, 0x80] as [UInt8],            // U+0080, smallest 2-byte
        [0xDF, 0xBF],                       // U+07FF
        [0xE0, 0xA0, 0x80],                 // U+0800, smallest 3-byte
        [0xED, 0x9F, 0xBF],                 // U+D7FF, just below the surrogates
        [0xEE, 0x80, 0x80],                 // U+E000, just above the surrogates
        [0xEF, 0xBF, 0xBF],                 // U+FFFF (a noncharacter, but valid UTF-8)
        [0xF0, 0x90, 0x80, 0x80],           // U+10000, smallest 4-byte
        [0xF4, 0x8F, 0xBF, 0xBF],           // U+10FFFF, the largest code point
    ])
    func acceptsBoundaryCodePoints(sequence: [UInt8]) throws {
        let bytes = [UInt8(ascii: "\"")] + sequence + [UInt8(ascii: "\"")]
        let value = try JSONReader.parse(bytes)
        #expect(value == .string(String(decoding: sequence, as: UTF8.self)))
    }

    /// Cross-check the validator against the standard library's strict decoder.
    @Test func validatorAgreesWithStandardLibrary() {
        var random = LCG(seed: 0x0075_7466_38)
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                                    0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        for _ in 0..<20_000 {
            let length = random.next(below: 8)
            let bytes = (0..<length).map { _ in interesting[random.next(below: interesting.count)] }
            let ours = UTF8Validator.firstError(in: bytes) == nil
            let standard = String(validating: bytes, as: UTF8.self) != nil
            #expect(ours == standard, "\(bytes.map { UTF8Validator.hex($0) })")
        }
    }
}
