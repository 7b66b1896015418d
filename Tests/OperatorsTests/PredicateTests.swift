import Testing
import Operators

@Suite("Predicate")
struct PredicateTests {
    static let event = TestSupport.event(#"""
        {"total":120,"ratio":0.5,"status":"shipped","tier":null,"vip":true,"count":"7",
         "tags":["new","promo"],"note":"Thanks, O'Brien!","order":{"total":99.5,"city":"Zürich"},
         "mixed":[1,"1"],"empty":""}
        """#)

    static func matches(_ field: FieldPath, _ test: Predicate.Test) -> Bool {
        Predicate(field: field, test: test).matches(event)
    }

    @Test func equalsComparesNumbersNumerically() {
        #expect(Self.matches("total", .equals(.number(120))))
        #expect(Self.matches("total", .equals(.number(120.0))))
        #expect(!Self.matches("total", .equals(.number(120.5))))
        #expect(!Self.matches("total", .equals(.string("120"))), "no string/number coercion")
        #expect(!Self.matches("count", .equals(.number(7))))
        #expect(Self.matches("order.total", .equals(.number(99.5))))
    }

    @Test func equalsOnOtherTypes() {
        #expect(Self.matches("status", .equals(.string("shipped"))))
        #expect(!Self.matches("status", .equals(.string("Shipped"))))
        #expect(Self.matches("vip", .equals(.bool(true))))
        #expect(Self.matches("tier", .equals(.null)))
        #expect(Self.matches("tags", .equals(.array([.string("new"), .string("promo")]))))
        #expect(!Self.matches("missing", .equals(.null)), "missing is not null")
        #expect(!Self.matches("missing", .equals(.string("x"))))
    }

    @Test func notEquals() {
        #expect(Self.matches("status", .notEquals(.string("cancelled"))))
        #expect(!Self.matches("status", .notEquals(.string("shipped"))))
        #expect(!Self.matches("total", .notEquals(.number(120))))
        #expect(Self.matches("missing", .notEquals(.string("x"))), "missing field is not equal")
        #expect(Self.matches("order.missing", .notEquals(.number(1))))
    }

    @Test func oneOfAndNoneOf() {
        #expect(Self.matches("status", .oneOf([.string("paid"), .string("shipped")])))
        #expect(!Self.matches("status", .oneOf([.string("paid"), .string("cancelled")])))
        #expect(Self.matches("total", .oneOf([.number(1), .number(120.0)])))
        #expect(!Self.matches("missing", .oneOf([.null, .string("x")])))
        #expect(!Self.matches("status", .oneOf([])))
        #expect(Self.matches("status", .noneOf([.string("paid"), .string("cancelled")])))
        #expect(!Self.matches("status", .noneOf([.string("paid"), .string("shipped")])))
        #expect(Self.matches("missing", .noneOf([.string("x")])), "missing field is in none")
        #expect(Self.matches("status", .noneOf([])))
    }

    @Test func exists() {
        #expect(Self.matches("status", .exists(true)))
        #expect(!Self.matches("status", .exists(false)))
        #expect(Self.matches("empty", .exists(true)))
        #expect(!Self.matches("missing", .exists(true)))
        #expect(Self.matches("missing", .exists(false)))
        #expect(!Self.matches("tier", .exists(true)), "null counts as absent")
        #expect(Self.matches("tier", .exists(false)))
        #expect(Self.matches("order.city", .exists(true)))
        #expect(!Self.matches("status.deeper", .exists(true)))
    }

    @Test func numericComparisons() {
        #expect(Self.matches("total", .greaterThan(100)))
        #expect(!Self.matches("total", .greaterThan(120)))
        #expect(Self.matches("total", .greaterOrEqual(120)))
        #expect(!Self.matches("total", .greaterOrEqual(120.01)))
        #expect(Self.matches("ratio", .lessThan(0.51)))
        #expect(!Self.matches("ratio", .lessThan(0.5)))
        #expect(Self.matches("ratio", .lessOrEqual(0.5)))
        #expect(!Self.matches("ratio", .lessOrEqual(0.49)))
        #expect(Self.matches("order.total", .lessThan(100)))
    }

    @Test func comparisonsOnMissingOrNonNumbersAreFalse() {
        for test in [Predicate.Test.greaterThan(0), .greaterOrEqual(0), .lessThan(1e9), .lessOrEqual(1e9)] {
            #expect(!Self.matches("missing", test))
            #expect(!Self.matches("count", test), "numeric string is not a number")
            #expect(!Self.matches("tier", test))
            #expect(!Self.matches("vip", test))
        }
    }

    @Test func contains() {
        #expect(Self.matches("note", .contains("O'Brien")))
        #expect(!Self.matches("note", .contains("o'brien")), "case-sensitive")
        #expect(Self.matches("note", .contains("")))
        #expect(Self.matches("order.city", .contains("ür")))
        #expect(Self.matches("tags", .contains("promo")))
        #expect(!Self.matches("tags", .contains("pro")), "array elements match whole")
        #expect(Self.matches("mixed", .contains("1")))
        #expect(!Self.matches("total", .contains("12")))
        #expect(!Self.matches("missing", .contains("")))
        #expect(!Self.matches("tier", .contains("")))
    }
}
