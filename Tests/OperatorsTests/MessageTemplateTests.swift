import Testing
@testable import Operators

@Suite("MessageTemplate")
struct MessageTemplateTests {
    static let event = TestSupport.event(#"""
        {"name":"O'Brien & Co <b>\"quoted\"</b>","order":{"id":"A-1","total":42,"price":19.99,
         "lines":[{"sku":"x"},{"sku":"y"}],"customer":{"tier":"gold"}},"vip":false,"none":null,
         "tags":["a","b"],"count":-3,"big":1e20}
        """#, key: "cust-9", eventTimeMs: 1_700_000_000_123)

    static func render(_ source: String, _ event: Event = event) throws -> String {
        try MessageTemplate(source).render(event)
    }

    @Test func doesNotEscapeHTML() throws {
        #expect(try Self.render("Hi {{name}}") == #"Hi O'Brien & Co <b>"quoted"</b>"#)
        #expect(try Self.render("Hi {{{name}}}") == #"Hi O'Brien & Co <b>"quoted"</b>"#)
        #expect(try Self.render("Hi {{&name}}") == #"Hi O'Brien & Co <b>"quoted"</b>"#)
    }

    @Test func escapingStaysOffInsideSections() throws {
        #expect(try Self.render("{{#order}}{{#customer}}{{tier}} {{name}}{{/customer}}{{/order}}")
            == #"gold O'Brien & Co <b>"quoted"</b>"#)
    }

    @Test func navigatesNestedObjects() throws {
        #expect(try Self.render("Order {{order.id}} for {{order.customer.tier}}") == "Order A-1 for gold")
        #expect(try Self.render("{{#order}}{{id}}:{{total}}{{/order}}") == "A-1:42")
        #expect(try Self.render("{{#order.lines}}[{{sku}}]{{/order.lines}}") == "[x][y]")
        #expect(try Self.render("{{#tags}}{{.}};{{/tags}}") == "a;b;")
    }

    @Test func rendersNumbersLikeJSON() throws {
        #expect(try Self.render("{{order.total}}|{{order.price}}|{{count}}|{{big}}") == "42|19.99|-3|100000000000000000000")
        #expect(try Self.render("{{vip}}") == "false")
    }

    @Test func missingAndNullFieldsRenderEmpty() throws {
        #expect(try Self.render("[{{nope}}]") == "[]")
        #expect(try Self.render("[{{order.nope}}]") == "[]")
        #expect(try Self.render("[{{nope.deeper}}]") == "[]")
        #expect(try Self.render("[{{none}}]") == "[]")
        #expect(try Self.render("[{{none.deeper}}]") == "[]")
        #expect(try Self.render("{{^nope}}fallback{{/nope}}") == "fallback")
        #expect(try Self.render("{{^none}}fallback{{/none}}") == "fallback")
        #expect(try Self.render("{{#vip}}VIP{{/vip}}{{^vip}}regular{{/vip}}") == "regular")
    }

    @Test func providesKeyAndEventTime() throws {
        #expect(try Self.render("{{key}} @ {{event_time}}") == "cust-9 @ 1700000000123")
    }

    @Test func eventFieldsShadowKeyAndEventTime() throws {
        let event = TestSupport.event(#"{"key":"from-field","event_time":"yesterday"}"#, key: "cust-9")
        #expect(try Self.render("{{key}} @ {{event_time}}", event) == "from-field @ yesterday")
        let nullKey = TestSupport.event(#"{"key":null}"#, key: "cust-9")
        #expect(try Self.render("[{{key}}]", nullKey) == "[]")
    }

    @Test func preservesTextLayoutExactly() throws {
        #expect(try Self.render("\nHello\n") == "\nHello\n")
        #expect(try Self.render("  indented\n\tline {{order.id}}\n") == "  indented\n\tline A-1\n")
        #expect(try Self.render("") == "")
        #expect(try Self.render("no tags at all") == "no tags at all")
    }

    @Test func rendersConcurrentlyFromOneInstance() async throws {
        let template = try MessageTemplate("{{key}}:{{order.id}}")
        let results = await withTaskGroup(of: String.self) { group in
            for index in 0..<64 {
                group.addTask { template.render(TestSupport.event(#"{"order":{"id":"o\#(index)"}}"#, key: "k\(index)")) }
            }
            return await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(results == Set((0..<64).map { "k\($0):o\($0)" }))
    }

    @Test func keepsTheSource() throws {
        #expect(try MessageTemplate("Hi {{name}}").source == "Hi {{name}}")
    }

    @Test func rejectsMalformedTemplatesWithLocation() {
        #expect(throws: TemplateError.self) { try MessageTemplate("{{#order}}unclosed") }
        do {
            _ = try MessageTemplate("line one\n{{#a}}\n{{/b}}")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "invalid template: section closed with a different name than it was opened with")
            #expect(error.line == 3)
            #expect(error.description.hasPrefix("invalid template: section closed"))
        }
    }
}

@Suite("MessageTemplate: structured values")
struct MessageTemplateStructuredValueTests {
    private func render(_ template: String, _ json: String) throws -> String {
        let fields: JSONObject
        guard case .object(let o) = try JSONReader.parse(Array(json.utf8)) else { throw TemplateError(message: "not an object") }
        fields = o
        let event = Event(source: EventSource(topic: "t", partition: 0, offset: 0), key: "k", eventTimeMs: 0, fields: fields)
        return try MessageTemplate(template).render(event)
    }

    @Test func objectsAndArraysRenderAsCompactJSON() throws {
        #expect(try render("{{sku}}", #"{"sku":{"a":1}}"#) == #"{"a":1}"#)
        #expect(try render("{{sku}}", #"{"sku":[1,"a",{"b":2}]}"#) == #"[1,"a",{"b":2}]"#)
    }

    @Test func arraysStillIterateInSections() throws {
        #expect(try render("{{#items}}<{{name}}>{{/items}}", #"{"items":[{"name":"x"},{"name":"y"}]}"#) == "<x><y>")
    }

    @Test func hugeIntegersRenderWithoutExponent() throws {
        let out = try render("{{n}}", #"{"n":12345678901234567890}"#)
        #expect(!out.contains("e"))
        #expect(out.hasPrefix("1234567890123456"))
    }
}

@Suite("MessageTemplate: fast path equals Mustache")
struct MessageTemplateFastPathTests {
    static let event: Event = {
        let json = #"{"sku":"O'Brien & Co","n":42,"f":19.99,"neg":-3,"big":12345678901234567890,"t":true,"z":null,"#
            + #""o":{"id":7,"name":"x"},"a":[1,"a",{"b":2}],"deep":{"er":{"est":"yes"}},"e":1e-7}"#
        guard case .object(let o)? = try? JSONReader.parse(Array(json.utf8)) else { fatalError("fixture") }
        return Event(source: EventSource(topic: "t", partition: 1, offset: 2), key: "cust-1", eventTimeMs: 1_767_225_600_000, fields: o)
    }()

    @Test(arguments: [
        "plain text", "", "{{sku}}", "Hi {{ sku }}!", "{{n}}|{{f}}|{{neg}}|{{big}}|{{t}}|{{z}}|{{missing}}|{{e}}",
        "{{o}} {{a}} {{o.id}} {{o.name}} {{deep.er.est}} {{o.missing}}", "{{key}} {{event_time}}", "ends with {{n}}",
    ])
    func rendersLikeMustache(_ source: String) throws {
        let t = try MessageTemplate(source)
        #expect(t.isSimple)
        #expect(t.render(Self.event) == t.renderWithMustache(Self.event))
    }

    @Test(arguments: ["{{#o}}{{id}}{{/o}}", "{{{sku}}}", "{{&sku}}", "{{! comment }}", "{{> part}}", "{{.}}", "{{a..b}}", "{{^z}}none{{/z}}"])
    func otherTagsStayWithMustache(_ source: String) throws {
        let t = try MessageTemplate(source)
        #expect(!t.isSimple)
    }
}
