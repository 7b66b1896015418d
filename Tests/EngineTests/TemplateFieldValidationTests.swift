import DaemonConfig
import Testing
@testable import Engine

/// `validate`'s template field check (issue #5): with `inputs[].fields`, every name a pipeline's
/// templates use must be a declared field, a join alias or a value of the pipeline's kind;
/// errors point at the template in the file.
@Suite struct TemplateFieldValidationTests {
    /// Line 8 declares the fields; lines 20–21 are the en-US and ko-KR templates.
    static let yaml = """
        kafka:
          brokers: localhost:9092
          group_id: g
        inputs:
          - topic: cx.events
            key_field: customer_id
            time_field: ts
            fields: [type, order_id, eta, locale, profile.name]
        output:
          actions_topic: cx.actions
          dead_letter_topic: cx.deadletter
        state:
          dir: /tmp/x
        pipelines:
          - name: parcel_delay
            where: [{field: type, equals: parcel_delayed}]
            action:
              channel: sms
              message:
                en-US: "Your parcel {{order_id}} is late, new ETA {{eta}}"
                ko-KR: "고객님의 택배 {{order_id}}가 지연되고 있습니다 ({{eta}})"
              locale_field: locale
        """

    static func problems(_ yaml: String) -> [String] {
        do {
            _ = try Engine(config: ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: [:]))
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    static func replacing(_ target: String, with replacement: String, in yaml: String = yaml) -> String {
        let parts = yaml.components(separatedBy: target)
        #expect(parts.count == 2, "fixture must contain '\(target)' exactly once")
        return parts.joined(separator: replacement)
    }

    @Test func declaredFieldsPass() {
        #expect(Self.problems(Self.yaml).isEmpty)
        // The key and time fields count as declared, as do `key` and `event_time`.
        #expect(Self.problems(Self.replacing("({{eta}})", with: "{{customer_id}} {{ts}} {{key}} {{event_time}} {{profile.name}}")).isEmpty)
    }

    @Test func aMisspelledFieldInTheKoreanTemplateIsReportedAtIt() {
        #expect(Self.problems(Self.replacing("택배 {{order_id}}", with: "택배 {{oder_id}}")) == [
            "test.yaml:21:16: template for locale 'ko-KR' uses field 'oder_id' that input 'cx.events' does not declare (did you mean 'order_id'?)",
        ])
    }

    @Test func channelAndSingleMessageTemplatesAreCheckedToo() {
        let yaml = Self.replacing("      message:\n        en-US: \"Your parcel {{order_id}} is late, new ETA {{eta}}\"\n"
            + "        ko-KR: \"고객님의 택배 {{order_id}}가 지연되고 있습니다 ({{eta}})\"\n      locale_field: locale",
            with: "      message: \"{{#profile}}{{nmae}}{{/profile}} {{{etaa}}}\"",
            in: Self.replacing("channel: sms", with: "channel: \"{{chanel}}\""))
        #expect(Self.problems(yaml) == [
            "test.yaml:18:16: channel template uses field 'chanel' that input 'cx.events' does not declare",
            "test.yaml:19:16: message template uses field 'nmae' that input 'cx.events' does not declare (did you mean 'name'?)",
            "test.yaml:19:16: message template uses field 'etaa' that input 'cx.events' does not declare (did you mean 'eta'?)",
        ])
    }

    @Test func theLocaleFieldMustBeDeclared() {
        #expect(Self.problems(Self.replacing("locale_field: locale", with: "locale_field: lang")) == [
            "test.yaml:22:21: locale_field 'lang' is not a field that input 'cx.events' declares",
        ])
    }

    @Test func withoutFieldsNothingIsChecked() {
        let yaml = Self.replacing("    fields: [type, order_id, eta, locale, profile.name]\n", with: "")
        #expect(Self.problems(Self.replacing("택배 {{order_id}}", with: "택배 {{oder_id}}", in: yaml)).isEmpty)
    }

    @Test func joinAliasesAreAccepted() {
        let joined = Self.replacing("    where: [{field: type, equals: parcel_delayed}]",
                                    with: "    where: [{field: type, equals: parcel_delayed}]\n    join: [{table: customers, as: cust}]",
                                    in: Self.replacing("pipelines:", with: "tables: [{name: customers, topic: cx.customers}]\npipelines:"))
        #expect(Self.problems(Self.replacing("({{eta}})", with: "{{cust.name}} {{#cust}}{{tier}}{{/cust}}", in: joined)).isEmpty)
        // The alias's rows may also name the locale.
        #expect(Self.problems(Self.replacing("locale_field: locale", with: "locale_field: cust.locale", in: joined)).isEmpty)
        #expect(Self.problems(Self.replacing("({{eta}})", with: "{{cst.name}}", in: joined)).count == 1)
    }

    @Test func onlyInputsThePipelineReadsAreChecked() {
        // A second input without `fields:` that the pipeline reads alone: nothing to check against.
        let twoInputs = Self.replacing("output:", with: "  - topic: other\n    key_field: customer_id\n    time_field: ts\noutput:")
        let readsOther = Self.replacing("  - name: parcel_delay\n", with: "  - name: parcel_delay\n    inputs: [other]\n", in: twoInputs)
        #expect(Self.problems(Self.replacing("택배 {{order_id}}", with: "택배 {{oder_id}}", in: readsOther)).isEmpty)
        // Reading both: checked against the one that declares its fields.
        #expect(Self.problems(Self.replacing("택배 {{order_id}}", with: "택배 {{oder_id}}", in: twoInputs)) == [
            "test.yaml:24:16: template for locale 'ko-KR' uses field 'oder_id' that input 'cx.events' does not declare (did you mean 'order_id'?)",
        ])
    }
}
