import Operators
import Testing
@testable import Scenarios

@Test(arguments: [
    ("2026-01-01T00:00:00Z", Int64(1_767_225_600_000)),
    ("2026-01-01T01:00:00.5+01:00", 1_767_225_600_500),
    ("1970-01-01T00:00:00.001Z", 1),
    ("2024-02-29T23:59:59.999z", 1_709_251_199_999),
])
func rfc3339Parses(text: String, ms: Int64) {
    #expect(UTCTime.parse(text) == ms)
}

@Test(arguments: ["2026-02-29T00:00:00Z", "2026-01-01T00:00:00", "2026-01-01", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00Zx"])
func rfc3339Rejects(text: String) {
    #expect(UTCTime.parse(text) == nil)
}

@Test func formatRoundTrips() {
    for ms: Int64 in [0, 1, 999, 1_767_225_600_000, 1_709_251_199_999, 253_402_300_799_000] {
        #expect(UTCTime.parse(UTCTime.format(ms)) == ms)
    }
    #expect(UTCTime.format(1_767_225_600_000) == "2026-01-01T00:00:00Z")
    #expect(UTCTime.format(1_767_225_600_050) == "2026-01-01T00:00:00.050Z")
}

@Test func plainScalarsAreTypedByTheCoreSchemaQuotedOnesAreText() {
    func value(_ text: String, plain: Bool = true) -> JSONValue {
        CoreScalar.value(of: ScenarioNode.Scalar(text: text, isPlain: plain, location: .init(file: "f", line: 1, column: 1)))
    }
    #expect(value("42") == .number(42))
    #expect(value("-1.5e3") == .number(-1500))
    #expect(value("0x1F") == .number(31))
    #expect(value("true") == .bool(true))
    #expect(value("~") == .null)
    #expect(value("on") == .string("on"))
    #expect(value("1-2") == .string("1-2"))
    #expect(value(".inf") == .string(".inf"))
    #expect(value("42", plain: false) == .string("42"))
}

@Test func diffKeepsMatchesInStepAroundAnExtraOutput() {
    let lines = ScenarioDiff.diff([1, 2, 3], [1, 9, 2, 3]) { $0 == $1 }
    let shape = lines.map { line -> String in
        switch line {
        case .same(let e, _): "=\(e)"
        case .missing(let e): "-\(e)"
        case .unexpected(let a): "+\(a)"
        }
    }
    #expect(shape == ["=1", "+9", "=2", "=3"])
}

@Test func diffShowsASubstitutionAsMissingThenUnexpected() {
    let lines = ScenarioDiff.diff([1, 2], [1, 5]) { $0 == $1 }
    let shape = lines.map { line -> String in
        switch line {
        case .same(let e, _): "=\(e)"
        case .missing(let e): "-\(e)"
        case .unexpected(let a): "+\(a)"
        }
    }
    #expect(shape == ["=1", "-2", "+5"])
}
