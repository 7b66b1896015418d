import Testing
@testable import DaemonConfig

/// Top-level `tables:`, a pipeline's `join:` and `rekey_by:`.
@Suite struct TableJoinTests {
    /// One table, inserted before `pipelines:` as lines 12-15.
    private static let profiles = """
        tables:
          - name: profiles
            topic: cx.profiles
            key_field: customer_id
        """

    /// `pipeline(keys)` with `tables` (top-level YAML) inserted before `pipelines:`. With the
    /// default four lines of tables, `- name: p` is line 17, so line n of `keys` is line 17 + n.
    private func joining(_ keys: String, tables: String = profiles,
                         sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        pipeline(keys, sourceLocation: sourceLocation)
            .replacing("pipelines:\n", with: tables + "\npipelines:\n", sourceLocation: sourceLocation)
    }

    /// `minimalYAML` with `tables` inserted before `pipelines:` (line 12 onwards).
    private func withTables(_ tables: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        minimalYAML.replacing("pipelines:\n", with: tables + "\npipelines:\n", sourceLocation: sourceLocation)
    }

    // MARK: tables

    @Test func tablesAndJoinsAreOptional() throws {
        let config = try #require(parseValid(minimalYAML))
        #expect(config.tables.isEmpty)
        let pipeline = try #require(config.pipelines.first)
        #expect(pipeline.joins.isEmpty)
        #expect(pipeline.rekeyBy == nil)
    }

    @Test func tableWithEveryKeyAndOneWithDefaults() throws {
        let yaml = withTables("""
            tables:
              - name: profiles
                topic: cx.profiles
                key_field: customer.id
                global: false
              - name: stores
                topic: cx.stores
                global: true
            """)
        let tables = try #require(parseValid(yaml)?.tables)
        #expect(tables == [
            TableSettings(name: "profiles", topic: "cx.profiles", keyField: "customer.id", global: false,
                          location: ConfigSourceLocation(file: "test.yaml", line: 13, column: 5)),
            TableSettings(name: "stores", topic: "cx.stores", keyField: nil, global: true,
                          location: ConfigSourceLocation(file: "test.yaml", line: 17, column: 5)),
        ])
    }

    @Test func tableWithoutNameOrTopic() {
        let yaml = withTables("tables:\n  - key_field: id")
        #expect(errors(yaml) == [
            "test.yaml:13:5: missing required key 'name' in tables[0]",
            "test.yaml:13:5: missing required key 'topic' in tables[0]",
        ])
    }

    @Test(arguments: [
        ("name: pro-files", "test.yaml:13:11: invalid table name 'pro-files' for tables[0].name; " + TableSettings.nameRule),
        ("name: cx.profiles", "test.yaml:13:11: invalid table name 'cx.profiles' for tables[0].name; " + TableSettings.nameRule),
        ("topic: cx profiles", "test.yaml:14:12: invalid topic name 'cx profiles' for tables[0].topic; " + TopicName.rule),
        ("key_field: a..b", "test.yaml:15:16: invalid field path 'a..b' for tables[0].key_field; " + FieldPath.rule),
        ("global: yes", "test.yaml:16:13: expected a boolean (true or false) for tables[0].global, got string 'yes'"),
    ])
    func invalidTableValues(replacement: String, expected: String) {
        let valid = ["name: profiles", "topic: cx.profiles", "key_field: customer_id", "global: false"]
        let key = replacement.prefix { $0 != ":" }
        let lines = valid.map { $0.hasPrefix(key + ":") ? replacement : $0 }
        let yaml = withTables("tables:\n  - " + lines.joined(separator: "\n    "))
        #expect(errors(yaml) == [expected])
    }

    @Test func duplicateTableNameIsReportedAtTheSecondName() {
        let yaml = withTables("""
            tables:
              - {name: profiles, topic: cx.profiles}
              - {name: profiles, topic: cx.profiles_v2}
            """)
        #expect(errors(yaml) == [
            "test.yaml:14:12: duplicate table name 'profiles' (first defined at 13:12); table names must be unique",
        ])
    }

    @Test func duplicateTableTopicIsReportedAtTheSecondTopic() {
        let yaml = withTables("""
            tables:
              - {name: profiles, topic: cx.profiles}
              - {name: vip_profiles, topic: cx.profiles}
            """)
        #expect(errors(yaml) == [
            "test.yaml:14:33: topic 'cx.profiles' is already the topic of table 'profiles' (at 13:29); "
                + "each table needs its own topic",
        ])
    }

    @Test(arguments: [
        ("in", "an input topic; a topic is either consumed as events or read as a table, not both"),
        ("out", "the actions topic (output.actions_topic); the daemon writes there, so the table would fill "
            + "with the daemon's own output"),
        ("dlq", "the dead-letter topic (output.dead_letter_topic); the daemon writes there, so the table would "
            + "fill with the daemon's own output"),
    ])
    func tableTopicMustNotBeAnInputOrOutputTopic(topic: String, conflict: String) {
        let yaml = withTables("tables:\n  - name: t\n    topic: \(topic)")
        #expect(errors(yaml) == ["test.yaml:14:12: tables[0].topic '\(topic)' is also \(conflict)"])
    }

    /// The clash is independent of an unrelated problem in `output:`, so both arrive in one run.
    @Test func tableTopicClashIsReportedEvenWhenOutputIsBroken() {
        let yaml = withTables("tables:\n  - name: t\n    topic: dlq")
            .replacing("  actions_topic: out", with: "  actions_topic: in")
        let found = errors(yaml)
        #expect(found.count == 2)
        #expect(found.first?.hasPrefix("test.yaml:8:18: output.actions_topic 'in' is also an input topic") == true)
        #expect(found.last?.hasPrefix("test.yaml:14:12: tables[0].topic 'dlq' is also the dead-letter topic") == true)
    }

    @Test func tablesMustBeAList() {
        let yaml = withTables("tables:\n  profiles: cx.profiles")
        #expect(errors(yaml) == ["test.yaml:13:3: expected a list for tables, got a mapping"])
    }

    @Test(arguments: [
        ("tables:\n  - name: profiles\n    topc: cx.profiles",
         "test.yaml:14:5: unknown key 'topc' in tables[0] (did you mean 'topic'?)"),
        ("tables:\n  - name: profiles\n    topic: cx.profiles\n    keyfield: id",
         "test.yaml:15:5: unknown key 'keyfield' in tables[0] (did you mean 'key_field'?)"),
        ("table:\n  - name: profiles\n    topic: cx.profiles",
         "test.yaml:12:1: unknown key 'table' at top level (did you mean 'tables'?)"),
    ])
    func unknownKeysInTables(tables: String, expected: String) {
        #expect(errors(withTables(tables)) == [expected])
    }

    // MARK: join

    @Test func joinDefaults() throws {
        let pipeline = try #require(parseValid(joining("join:\n  - table: profiles"))?.pipelines.first)
        #expect(pipeline.joins == [
            JoinSettings(table: "profiles", on: nil, alias: "profiles", required: false,
                         location: ConfigSourceLocation(file: "test.yaml", line: 19, column: 9)),
        ])
    }

    @Test func joinWithEveryKey() throws {
        let yaml = joining("""
            join:
              - table: profiles
                on: customer.id
                as: profile
                required: true
              - {table: profiles, on: referrer_id, as: referrer}
            """)
        let joins = try #require(parseValid(yaml)?.pipelines.first?.joins)
        #expect(joins.map(\.table) == ["profiles", "profiles"])
        #expect(joins.map(\.on) == ["customer.id", "referrer_id"])
        #expect(joins.map(\.alias) == ["profile", "referrer"])
        #expect(joins.map(\.required) == [true, false])
    }

    @Test func unknownTableIsReportedAtTheValueWithASuggestion() {
        let yaml = joining("join:\n  - table: profile\n  - table: orders")
        #expect(errors(yaml) == [
            "test.yaml:19:16: table 'profile' in pipelines[0].join[0] is not declared in tables (did you mean 'profiles'?)",
            "test.yaml:20:16: table 'orders' in pipelines[0].join[1] is not declared in tables",
        ])
    }

    @Test func joinWithoutAnyTablesSaysSo() {
        let yaml = pipeline("join:\n  - table: profiles")
        #expect(errors(yaml) == [
            "test.yaml:15:16: table 'profiles' in pipelines[0].join[0] is not declared in tables "
                + "(no tables are declared; add a top-level tables: list)",
        ])
    }

    /// A table with a bad topic still declares its name; a bad `tables:` section stops the check
    /// altogether. Either way the one mistake is reported once.
    @Test(arguments: [
        ("tables:\n  - name: profiles\n    topic: cx profiles", "test.yaml:14:12: invalid topic name"),
        ("tables:\n  - name: pro-files\n    topic: cx.profiles", "test.yaml:13:11: invalid table name"),
        ("tables:\n  - topic: cx.profiles", "test.yaml:13:5: missing required key 'name'"),
        ("tables: cx.profiles", "test.yaml:12:9: expected a list for tables"),
    ])
    func brokenTablesDoNotAddUndeclaredTableErrors(tables: String, expected: String) {
        let found = errors(joining("join:\n  - table: profiles", tables: tables))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix(expected) == true, "\(found)")
    }

    @Test func duplicateExplicitAliasIsReportedAtTheSecondAlias() {
        let yaml = joining("""
            join:
              - {table: profiles, as: profile}
              - {table: profiles, on: referrer_id, as: profile}
            """)
        #expect(errors(yaml) == [
            "test.yaml:20:48: duplicate join alias 'profile' in pipelines[0].join (first at 19:31); "
                + "give each join its own 'as' (the default is the table name)",
        ])
    }

    /// Without `as`, the alias is the table name, so joining one table twice needs an `as`.
    @Test func duplicateDefaultAliasIsReportedAtTheTableName() {
        let yaml = joining("join:\n  - table: profiles\n  - {table: profiles, on: referrer_id}")
        #expect(errors(yaml) == [
            "test.yaml:20:17: duplicate join alias 'profiles' in pipelines[0].join (first at 19:16); "
                + "give each join its own 'as' (the default is the table name)",
        ])
    }

    /// An explicit alias equal to another join's default alias collides too.
    @Test func explicitAliasCollidingWithADefaultOne() {
        let yaml = joining("join:\n  - table: profiles\n  - {table: profiles, on: referrer_id, as: profiles}")
        #expect(errors(yaml).first?.hasPrefix("test.yaml:20:48: duplicate join alias 'profiles'") == true)
    }

    /// The invalid alias is the one mistake; falling back to the table name would add a duplicate.
    @Test func invalidAliasIsReportedOnce() {
        let yaml = joining("join:\n  - table: profiles\n  - {table: profiles, as: profile.v2}")
        #expect(errors(yaml) == [
            "test.yaml:20:31: invalid join alias 'profile.v2' for pipelines[0].join[1].as; " + JoinSettings.aliasRule,
        ])
    }

    @Test(arguments: [
        ("  - table: profiles\n    on: a..b", "test.yaml:20:13: invalid field path 'a..b' for pipelines[0].join[0].on; "
            + FieldPath.rule),
        ("  - table: profiles\n    required: 1",
         "test.yaml:20:19: expected a boolean (true or false) for pipelines[0].join[0].required, got integer 1"),
        ("  - table: \"\"", "test.yaml:19:16: pipelines[0].join[0].table must not be empty"),
        ("  - profiles", "test.yaml:19:9: expected a mapping for pipelines[0].join[0], got string 'profiles'"),
        ("  - {on: customer_id}", "test.yaml:19:9: missing required key 'table' in pipelines[0].join[0]"),
    ])
    func invalidJoinValues(items: String, expected: String) {
        #expect(errors(joining("join:\n" + items)) == [expected])
    }

    /// A single join written as a mapping rather than a one-item list.
    @Test func joinMustBeAList() {
        let yaml = joining("join:\n  table: profiles")
        #expect(errors(yaml) == ["test.yaml:19:7: expected a list for pipelines[0].join, got a mapping"])
    }

    /// A misspelt required key is reported once, not also as missing.
    @Test(arguments: [
        ("tabel: profiles", "test.yaml:19:9: unknown key 'tabel' in pipelines[0].join[0] (did you mean 'table'?)"),
        ("table: profiles\n    requird: true",
         "test.yaml:20:9: unknown key 'requird' in pipelines[0].join[0] (did you mean 'required'?)"),
        ("table: profiles\n    onn: customer_id",
         "test.yaml:20:9: unknown key 'onn' in pipelines[0].join[0] (did you mean 'on'?)"),
        ("table: profiles\n    alias: profile",
         "test.yaml:20:9: unknown key 'alias' in pipelines[0].join[0] (the alias is written 'as')"),
        ("table: profiles\n    key_field: customer_id",
         "test.yaml:20:9: unknown key 'key_field' in pipelines[0].join[0] "
            + "(the event field holding the table key is 'on'; key_field belongs in tables)"),
        ("table: profiles\n    default: {}", "test.yaml:20:9: unknown key 'default' in pipelines[0].join[0]"),
    ])
    func unknownKeysInAJoinItem(item: String, expected: String) {
        #expect(errors(joining("join:\n  - " + item)) == [expected])
    }

    @Test(arguments: [
        ("joins:\n  - table: profiles", "test.yaml:18:5: unknown key 'joins' in pipelines[0] (did you mean 'join'?)"),
        ("table: profiles",
         "test.yaml:18:5: unknown key 'table' in pipelines[0] (tables are joined with join: [{table: ...}])"),
        ("rekeyby: sku", "test.yaml:18:5: unknown key 'rekeyby' in pipelines[0] (did you mean 'rekey_by'?)"),
    ])
    func misplacedOrMisspeltPipelineKeys(keys: String, expected: String) {
        #expect(errors(joining(keys)) == [expected])
    }

    // MARK: rekey_by

    /// Re-keying and joins happen before the pipeline's own logic, so every kind takes them.
    @Test(arguments: [
        (PipelineSettings.Kind.filter, ""),
        (.window, "window: {type: tumbling, size: 1m}\naggregates: {n: count}"),
        (.followedBy, "start: [{field: type, equals: a}]\nthen: [{field: type, equals: b}]\nwithin: 5m"),
        (.absence, "start: [{field: type, equals: a}]\nthen: [{field: type, equals: b}]\nwithin: 5m"),
        (.threshold, "start: [{field: type, equals: a}]\ncount: 3\nwithin: 1h"),
        (.inactivity, "start: [{field: type, equals: a}]\nwithin: 1h"),
        (.change, "field: units\nmin_change: 1"),
    ])
    func rekeyByAndJoinAreAcceptedForEveryKind(kind: PipelineSettings.Kind, kindKeys: String) throws {
        let keys = "kind: \(kind.rawValue)\n" + (kindKeys.isEmpty ? "" : kindKeys + "\n")
            + "rekey_by: order.sku\njoin: [{table: profiles}]"
        let pipeline = try #require(parseValid(joining(keys))?.pipelines.first)
        #expect(pipeline.kind == kind)
        #expect(pipeline.rekeyBy == "order.sku")
        #expect(pipeline.joins.map(\.alias) == ["profiles"])
    }

    @Test(arguments: [
        ("rekey_by: a..b", "test.yaml:14:15: invalid field path 'a..b' for pipelines[0].rekey_by; " + FieldPath.rule),
        ("rekey_by: [sku]", "test.yaml:14:15: expected a string for pipelines[0].rekey_by, got a list"),
    ])
    func invalidRekeyBy(keys: String, expected: String) {
        #expect(errors(pipeline(keys)) == [expected])
    }

    /// Null means "not set", like every optional key (so `${REKEY:}` can switch it off).
    @Test func nullRekeyByMeansNoRekeying() throws {
        let settings = try #require(parseValid(pipeline("rekey_by: ${REKEY:}"))?.pipelines.first)
        #expect(settings.rekeyBy == nil)
    }
}
