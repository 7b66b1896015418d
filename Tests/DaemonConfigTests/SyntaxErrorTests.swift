import Testing
@testable import DaemonConfig

/// YAML syntax errors become one diagnostic at the position an editor shows (1-based line:col).
@Suite struct SyntaxErrorTests {
    @Test func mappingValueInsidePlainScalar() {
        // Column 14 is the second ':' in `  group_id: g: h` (1-based, like an editor).
        let yaml = minimalYAML.replacing("  group_id: g", with: "  group_id: g: h")
        #expect(errors(yaml) == ["test.yaml:3:14: invalid YAML: mapping values are not allowed in this context"])
    }

    @Test func tabIndentation() {
        let yaml = minimalYAML.replacing("  dir: /tmp/s", with: "\tdir: /tmp/s")
        #expect(errors(yaml) == [
            "test.yaml:11:1: invalid YAML: found character that cannot start any token "
                + "(while scanning for the next token at 11:1)",
        ])
    }

    /// libyaml notices the missing `]` only at the next `:`; the message names where the list began.
    @Test func unclosedFlowSequenceNamesWhereItStarted() {
        let yaml = minimalYAML.replacing("  - name: p", with: "  - name: p\n    inputs: [in, out")
        #expect(errors(yaml) == [
            "test.yaml:15:11: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at 14:13)",
        ])
    }

    /// Reported at the end of the text (just past `"hi`), naming where the string began.
    @Test func unterminatedQuotedString() {
        let yaml = minimalYAML.replacing("      message: hi", with: "      message: \"hi")
        #expect(errors(yaml) == [
            "test.yaml:16:19: invalid YAML: found unexpected end of stream (while scanning a quoted scalar at 16:16)",
        ])
    }

    @Test func multipleDocumentsAreRejected() {
        #expect(errors(minimalYAML + "\n---\nkafka: {}\n") == [
            "test.yaml:17:1: invalid YAML: the config must be a single document, found another one here",
        ])
    }

    @Test func undefinedAlias() {
        let yaml = minimalYAML.replacing("  dir: /tmp/s", with: "  dir: *nowhere")
        #expect(errors(yaml) == ["test.yaml:11:8: invalid YAML: found undefined alias"])
    }

    @Test func syntaxErrorPositionIsInUnicodeScalarsNotBytes() {
        let yaml = minimalYAML.replacing("      message: hi", with: "      message: Grüße: 👋")
        #expect(errors(yaml) == ["test.yaml:16:21: invalid YAML: mapping values are not allowed in this context"])
    }

    @Test func anchorsAndAliasesResolve() throws {
        let yaml = minimalYAML
            .replacing("  actions_topic: out", with: "  actions_topic: &out out")
            .replacing("  - name: p", with: "  - name: p\n    trigger: *out")
        #expect(try #require(parseValid(yaml)).pipelines.first?.trigger == "out")
    }
}
