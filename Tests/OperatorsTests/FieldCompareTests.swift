import Testing
import Operators

/// Field-to-field predicates: numbers, instants (RFC 3339 with any offset, epoch ms), strings,
/// missing fields and type mismatches.
@Suite("Predicate.compareField")
struct FieldCompareTests {
    static let event = TestSupport.event(#"""
        {"a":5,"b":7,"five":5.0,"ts":"2026-01-03T17:00:00.001Z","promise":"2026-01-03T18:00:00+01:00",
         "promise_ny":"2026-01-03T12:00:00-05:00","promise_ms":1767459600000,"before":"2026-01-03T16:59:59.999Z",
         "store":"s-7","home":"s-7","other":"s-8","word":"apple","pear":"pear","yes":true,"also":true,"nothing":null,
         "nested":{"promise":"2026-01-03T17:00:00Z"}}
        """#)

    static func holds(_ field: FieldPath, _ comparison: FieldComparison, _ other: FieldPath) -> Bool {
        Predicate(field: field, test: .compareField(comparison, other)).matches(event)
    }

    @Test func numbersCompareAsNumbers() {
        #expect(Self.holds("b", .greaterThan, "a"))
        #expect(!Self.holds("a", .greaterThan, "b"))
        #expect(Self.holds("a", .greaterOrEqual, "five"))
        #expect(!Self.holds("a", .greaterThan, "five"))
        #expect(Self.holds("a", .lessThan, "b"))
        #expect(Self.holds("a", .lessOrEqual, "five"))
        #expect(!Self.holds("b", .lessOrEqual, "a"))
        #expect(Self.holds("a", .equals, "five"), "5 equals 5.0")
        #expect(!Self.holds("a", .equals, "b"))
    }

    @Test func timesWithDifferentOffsetsCompareAsInstants() {
        // promise 18:00+01:00 = promise_ny 12:00-05:00 = 17:00Z
        #expect(Self.holds("promise", .equals, "promise_ny"))
        #expect(Self.holds("promise", .greaterOrEqual, "promise_ny"))
        #expect(Self.holds("promise", .lessOrEqual, "promise_ny"))
        #expect(!Self.holds("promise", .greaterThan, "promise_ny"))
        #expect(!Self.holds("promise", .lessThan, "promise_ny"))
        #expect(Self.holds("ts", .greaterThan, "promise"), "one millisecond after")
        #expect(!Self.holds("before", .greaterThan, "promise"), "one millisecond before")
        #expect(Self.holds("before", .lessThan, "promise_ny"))
        #expect(Self.holds("nested.promise", .equals, "promise"), "nested paths on either side")
    }

    @Test func epochMillisAgainstRFC3339ComparesAsInstants() {
        #expect(Self.holds("promise_ms", .equals, "promise"))
        #expect(Self.holds("promise", .equals, "promise_ms"))
        #expect(Self.holds("ts", .greaterThan, "promise_ms"))
        #expect(Self.holds("promise_ms", .lessThan, "ts"))
        #expect(!Self.holds("before", .greaterOrEqual, "promise_ms"))
        #expect(Self.holds("a", .lessThan, "promise"), "5 is an epoch-ms instant in 1970")
    }

    @Test func otherStringsOnlyCompareForEquality() {
        #expect(Self.holds("store", .equals, "home"))
        #expect(!Self.holds("store", .equals, "other"))
        #expect(!Self.holds("pear", .greaterThan, "word"), "no lexicographic order")
        #expect(!Self.holds("word", .lessThan, "pear"))
        #expect(!Self.holds("store", .greaterOrEqual, "home"), "not even between equal strings")
        #expect(Self.holds("yes", .equals, "also"), "booleans compare for equality")
        #expect(!Self.holds("yes", .greaterOrEqual, "also"))
    }

    @Test(arguments: [FieldComparison.equals, .greaterThan, .greaterOrEqual, .lessThan, .lessOrEqual])
    func missingNullOrMismatchedIsFalse(comparison: FieldComparison) {
        #expect(!Self.holds("missing", comparison, "a"))
        #expect(!Self.holds("a", comparison, "missing"))
        #expect(!Self.holds("missing", comparison, "also_missing"), "two absent values are not equal")
        #expect(!Self.holds("nothing", comparison, "nothing"), "null is no value")
        #expect(!Self.holds("a", comparison, "store"), "number vs non-time string")
        #expect(!Self.holds("store", comparison, "a"))
        #expect(!Self.holds("yes", comparison, "a"), "boolean vs number")
        #expect(!Self.holds("nested", comparison, "nested"), "objects are not compared")
        #expect(!Self.holds("word", comparison, "promise"), "a non-time string vs a time")
    }

    @Test func numberOutsideTheEpochRangeIsNotAnInstant() {
        let e = TestSupport.event(#"{"neg":-1,"ts":"2026-01-03T17:00:00Z"}"#)
        #expect(!Predicate(field: "neg", test: .compareField(.lessThan, "ts")).matches(e))
        #expect(!Predicate(field: "ts", test: .compareField(.greaterThan, "neg")).matches(e))
    }
}
