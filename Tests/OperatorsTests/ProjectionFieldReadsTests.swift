import Testing
@testable import Operators

/// What the operators say they read (``StreamOperator/fieldReads``): everything a window or a
/// filter may look at, and `.all` when that cannot be listed.
@Suite("Operators: field reads")
struct ProjectionFieldReadsTests {
    typealias F = WindowFixture

    @Test func countOnlyWindowReadsItsTextsOnly() throws {
        let trigger = try F.window(.tumbling(sizeMs: 60_000), message: "{{n}} events in one minute")
        #expect(trigger.fieldReads == .topLevel(["n"]))
    }

    @Test func aggregatedGroupedAndFilteredFieldsAreRead() throws {
        let trigger = try F.window(.tumbling(sizeMs: 60_000), groupBy: "store.id",
                                   aggregates: [("n", .count), ("total", .sum("amount")), ("skus", .distinctCount("sku")),
                                                ("hi", .max("price")), ("lo", .min("cost")), ("last", .last("state"))],
                                   having: [Predicate(field: "tier", test: .compareField(.greaterThan, "limit"))],
                                   predicates: [Predicate(field: "type", test: .equals(.string("order")))],
                                   message: "{{n}} {{profile.name}}", customerField: "buyer")
        #expect(trigger.fieldReads == .topLevel(["store", "n", "amount", "sku", "price", "cost", "state", "tier", "limit",
                                                  "type", "profile", "buyer"]))
    }

    @Test func templateVariableIsRead() throws {
        let trigger = try F.window(.tumbling(sizeMs: 60_000), message: "{{n}} events, last {{sku}}")
        #expect(trigger.fieldReads == .topLevel(["n", "sku"]))
    }

    @Test func mustacheTemplateMayReadAnything() throws {
        let trigger = try F.window(.tumbling(sizeMs: 60_000), message: "{{#n}}some{{/n}}")
        #expect(trigger.fieldReads == .all)
    }

    @Test func filterReadsPredicatesTextsAndCustomer() throws {
        let filter = FilterTrigger(trigger: "t", predicates: [Predicate(field: "order.total", test: .greaterThan(100))],
                                   channel: try MessageTemplate("{{channel}}"), message: try MessageTemplate("Hi {{name}}"),
                                   customerField: "customer")
        #expect(filter.fieldReads == .topLevel(["order", "channel", "name", "customer"]))
        let mustache = FilterTrigger(trigger: "t", predicates: [], channel: try MessageTemplate("sms"),
                                     message: try MessageTemplate("{{#a}}x{{/a}}"), customerField: nil)
        #expect(mustache.fieldReads == .all)
    }
}
