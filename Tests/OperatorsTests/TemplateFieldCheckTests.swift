import Testing
@testable import Operators

/// The scanner that lists a template's names, and the check of those names against declared
/// fields (what `validate` runs for inputs with `fields:`).
@Suite("Template names and the field check")
struct TemplateFieldCheckTests {
    /// The scanner's findings as `context/…/name` (`#` section, `^` inverted), for a template
    /// swift-mustache accepts (the scanner only ever sees those).
    static func names(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        #expect((try? MessageTemplate(source)) != nil, "swift-mustache rejects \(source)", sourceLocation: sourceLocation)
        return TemplateScanner.references(in: source).map { reference in
            let kind = switch reference.kind {
            case .variable: ""
            case .section: "#"
            case .invertedSection: "^"
            }
            return (reference.contexts + [kind + reference.name]).joined(separator: "/")
        }
    }

    @Test func findsEveryKindOfTag() {
        #expect(Self.names("Hi {{ name }}, {{{raw}}} {{& amp }} {{a.b.c}}") == ["name", "raw", "amp", "a.b.c"])
        #expect(Self.names("{{#items}}{{sku}}{{.}}{{/items}}{{^none}}x{{/ none }}") == ["#items", "items/sku", "^none"])
        #expect(Self.names("{{#order}}{{#lines}}{{.sku}}{{/lines}}{{total}}{{/order}}")
            == ["#order", "order/#lines", "order/lines/.sku", "order/total"])
        #expect(Self.names("{{! a {{comment}} }}{{> partial}}{{% CONTENT_TYPE: TEXT}}{{x}}") == ["x"])
        #expect(Self.names("{{uppercased(name)}} {{#items}}{{index()}}{{#first()}}f{{/first()}}{{/items}}")
            == ["name", "#items"])
    }

    @Test func followsSetDelimiterTags() {
        #expect(Self.names("{{=<% %>=}}<% name %> {{literal}} <%={{ }}=%>{{back}}") == ["name", "back"])
        // A triple mustache under other delimiters: `|{raw|}`, as swift-mustache reads it.
        #expect(Self.names("{{=| |=}}|{raw|}") == ["raw"])
    }

    @Test func blocksAndInvertedSectionsPushNoContext() {
        #expect(Self.names("{{$block}}{{a}}{{/block}}{{^b}}{{c}}{{/b}}") == ["a", "^b", "c"])
    }

    @Test func scansNonASCIITemplates() {
        #expect(Self.names("고객님의 택배 {{order_id}}가 지연되고 있습니다 {{eta}}") == ["order_id", "eta"])
    }

    static let check = TemplateFieldCheck(
        declared: ["order_id", "customer_id", "ts", "order.id", "order.lines.sku", "items", "profile.name"],
        open: ["key", "event_time", "count", "store"])

    static func unknown(_ source: String) throws -> [String] {
        try check.unknownFields(in: MessageTemplate(source)).map { [$0.name, $0.suggestion ?? "-"].joined(separator: "?") }
    }

    @Test func declaredFieldsTheirParentsAndOpenNamesPass() throws {
        #expect(try Self.unknown("{{order_id}} {{order.id}} {{order}} {{profile}} {{profile.name}} {{key}} {{count}}").isEmpty)
        // A declared leaf may hold an object: anything below it passes; so does a join alias.
        #expect(try Self.unknown("{{items.anything}} {{store.name}} {{#store}}{{city}}{{/store}}").isEmpty)
        #expect(try Self.unknown("{{#order}}{{id}}{{#lines}}{{sku}}{{.sku}}{{/lines}}{{order_id}}{{/order}}").isEmpty)
        #expect(try Self.unknown("{{#items}}{{whatever}}{{.}}{{/items}}{{^order}}{{order_id}}{{/order}}").isEmpty)
    }

    @Test func undeclaredNamesAreReportedOnceWithASuggestion() throws {
        #expect(try Self.unknown("{{oder_id}} {{oder_id}} {{zzz}}") == ["oder_id?order_id", "zzz?-"])
        // Below a path with declared sub-paths only those are known.
        #expect(try Self.unknown("{{order.idd}} {{profile.nmae}}") == ["order.idd?order.id", "profile.nmae?profile.name"])
        // Sections and inverted sections name fields too.
        #expect(try Self.unknown("{{#oder}}x{{/oder}}{{^vip}}y{{/vip}}") == ["oder?order", "vip?-"])
        // Inside a section, a name is tried below it, then outside; `.x` only below it.
        #expect(try Self.unknown("{{#order}}{{idd}}{{.order_id}}{{/order}}") == ["idd?id", ".order_id?order_id"])
        #expect(try Self.unknown("{{#order}}{{lines.skuu}}{{/order}}") == ["lines.skuu?lines.sku"])
        // A section over an unknown name is reported; what is inside it is not judged.
        #expect(try Self.unknown("{{#nope}}{{inner}}{{/nope}}") == ["nope?-"])
    }

    @Test func knowsRootPaths() {
        #expect(Self.check.knows("profile.name") && Self.check.knows("store.locale") && Self.check.knows("items.x"))
        #expect(!Self.check.knows("locale") && !Self.check.knows("profile.locale"))
    }
}
