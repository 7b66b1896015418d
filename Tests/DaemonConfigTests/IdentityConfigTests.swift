import Testing
@testable import DaemonConfig

/// The top-level `identity:` section (identity stitching).
@Suite struct IdentityConfigTests {
    /// `minimalYAML` with its input keyed by `device_id` and `identity` (from line 13) inserted
    /// before `pipelines:`; line n of `keys` (written unindented) is line 13 + n.
    private func with(_ keys: String, keyField: String = "device_id",
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let indented = keys.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        return minimalYAML
            .replacing("    time_field: ts\n", with: "    time_field: ts\n    key_field: \(keyField)\n", sourceLocation: sourceLocation)
            .replacing("pipelines:\n", with: "identity:\n" + indented.joined(separator: "\n") + "\npipelines:\n",
                       sourceLocation: sourceLocation)
    }

    private let valid = """
        link_when: [{field: type, equals: login}]
        anonymous_field: device_id
        known_field: customer_id
        """

    @Test func absentMeansNoStitching() throws {
        #expect(try #require(parseValid(minimalYAML)).identity == nil)
    }

    @Test func aValidSectionDecodesWithEveryInputByDefault() throws {
        let identity = try #require(parseValid(with(valid))?.identity)
        #expect(identity.inputs.isEmpty && identity.stitches("in") && identity.stitches("anything"))
        #expect(identity.linkWhen.map(\.field) == ["type"])
        #expect(identity.anonymousField == "device_id" && identity.knownField == "customer_id")
        #expect(identity.location == ConfigSourceLocation(file: "test.yaml", line: 14, column: 3))
    }

    @Test func namedInputsAreTheOnlyStitchedOnes() throws {
        let identity = try #require(parseValid(with("inputs: [in]\n" + valid))?.identity)
        #expect(identity.inputs == ["in"] && identity.stitches("in") && !identity.stitches("other"))
    }

    @Test func anInputNotPartitionedByTheAnonymousFieldIsRefused() {
        #expect(errors(with(valid, keyField: "customer_id")) == [
            "test.yaml:15:20: input 'in' is keyed by 'customer_id', not by identity.anonymous_field 'device_id': "
                + "set its key_field: device_id (so a device's events and its login reach the same task) "
                + "or leave it out of identity.inputs",
        ])
    }

    @Test func missingKeysAndTyposAreReportedWithASuggestion() {
        let yaml = with("""
            link_when: [{field: type, equals: login}]
            anonymus_field: device_id
            known_field: customer_id
            """)
        #expect(errors(yaml) == ["test.yaml:15:3: unknown key 'anonymus_field' in identity (did you mean 'anonymous_field'?)"])
    }

    @Test func aMissingLinkWhenIsReportedAtTheSection() {
        let yaml = with("anonymous_field: device_id\nknown_field: customer_id")
        #expect(errors(yaml) == ["test.yaml:14:3: missing required key 'link_when' in identity"])
    }

    @Test func anEmptyLinkWhenOrSameFieldsOrUndeclaredInputAreErrors() {
        #expect(messages(with("link_when: []\nanonymous_field: device_id\nknown_field: customer_id"))
                == ["identity.link_when must not be empty; every event would be a login"])
        #expect(messages(with("link_when: [{field: type, equals: login}]\nanonymous_field: device_id\nknown_field: device_id"))
                == ["identity.known_field 'device_id' is the same field as anonymous_field: a link must map one id to another"])
        #expect(messages(with("inputs: [inn]\n" + valid)) == ["topic 'inn' in identity.inputs[0] is not declared in inputs (did you mean 'in'?)"])
        #expect(messages(with("inputs: []\n" + valid)) == ["identity.inputs must not be empty; omit it to stitch every input"])
    }
}
