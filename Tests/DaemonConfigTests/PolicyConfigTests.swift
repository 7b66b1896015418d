import Testing
@testable import DaemonConfig

/// The top-level `policies:` section and a pipeline's `category:`.
@Suite struct PolicyConfigTests {
    /// Lines 12-15: one table, so `profile_table` has something to name.
    private static let profiles = """
        tables:
          - name: profiles
            topic: cx.profiles
            key_field: customer_id
        """

    /// `minimalYAML` with the profiles table (lines 12-15) and then `policies` (from line 16)
    /// inserted before `pipelines:`.
    private func with(_ policies: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        minimalYAML.replacing("pipelines:\n", with: Self.profiles + "\n" + policies + "\npipelines:\n",
                              sourceLocation: sourceLocation)
    }

    /// `policies:` (line 16) holding `keys`, indented two spaces: line n of `keys` is line 16 + n.
    private func policies(_ keys: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let indented = keys.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        return with("policies:\n" + indented.joined(separator: "\n"), sourceLocation: sourceLocation)
    }

    // MARK: valid

    @Test func absentMeansNoPoliciesAndPipelinesDefaultToTransactional() throws {
        let config = try #require(parseValid(minimalYAML))
        #expect(config.policies == nil)
        #expect(config.pipelines.first?.category == .transactional)
    }

    @Test func anEmptySectionTakesEveryDefault() throws {
        let settings = try #require(parseValid(with("policies: {}"))?.policies)
        var expected = PolicySettings(location: ConfigSourceLocation(file: "test.yaml", line: 16, column: 11))
        expected.defaultTimeZone = "UTC"
        #expect(settings == expected)
        #expect(!settings.unknownConsentAllowsMarketing && settings.unknownConsentAllowsTransactional)
        #expect(!settings.doNotContactBlocksTransactional)
        #expect(settings.attribution == nil && settings.holdout == nil && settings.quietHours == nil)
        #expect(settings.frequencyCaps.isEmpty && settings.outputTopics.isEmpty)
        #expect(settings.maxDeferredPerCustomer == 50 && settings.maxExposuresPerCustomer == 1_000)
    }

    @Test func everyKeyMapsOntoTheSettings() throws {
        let yaml = policies("""
            profile_table: profiles
            default_time_zone: Asia/Seoul
            fallback_channels:
              sms: [email]
              push: [sms, email]
            unknown_consent_allows_marketing: true
            unknown_consent_allows_transactional: false
            do_not_contact_blocks_transactional: true
            frequency_caps:
              - {name: daily, limit: 3, days: 1}
              - {name: weekly, limit: 10, days: 7}
            quiet_hours: {from: "21:00", to: "08:30", transactional: defer}
            holdout: {share: 0.05, salt: spring}
            attribution:
              window: 7d
              conversion_when:
                - field: type
                  equals: purchase
            decisions_topic: cx.decisions
            holdout_topic: cx.holdout
            conversions_topic: cx.conversions
            max_deferred_per_customer: 5
            max_exposures_per_customer: 20
            """)
        let s = try #require(parseValid(yaml)?.policies)
        #expect(s.profileTable == "profiles")
        #expect(s.defaultTimeZone == "Asia/Seoul")
        #expect(s.fallbackChannels == ["sms": ["email"], "push": ["sms", "email"]])
        #expect(s.unknownConsentAllowsMarketing && !s.unknownConsentAllowsTransactional && s.doNotContactBlocksTransactional)
        #expect(s.frequencyCaps.map { "\($0.name)=\($0.limit)/\($0.days)" } == ["daily=3/1", "weekly=10/7"])
        #expect(s.quietHours?.fromMinute == 21 * 60 && s.quietHours?.toMinute == 8 * 60 + 30)
        #expect(s.quietHours?.transactional == .defer)
        #expect(s.holdout?.share == 0.05 && s.holdout?.salt == "spring")
        #expect(s.attribution?.windowDays == 7)
        #expect(s.attribution?.conversionWhen.map(\.field) == ["type"])
        #expect(s.outputTopics == ["cx.decisions", "cx.holdout", "cx.conversions"])
        #expect(s.maxDeferredPerCustomer == 5 && s.maxExposuresPerCustomer == 20)
    }

    @Test func unquotedClockTimesAndWholeNumberSharesAreAccepted() throws {
        let s = try #require(parseValid(policies("quiet_hours: {from: 22:15, to: 7:05}\nholdout: {share: 1, salt: all}"))?.policies)
        #expect(s.quietHours?.fromMinute == 22 * 60 + 15 && s.quietHours?.toMinute == 7 * 60 + 5)
        #expect(s.holdout?.share == 1)
    }

    @Test func pipelineCategory() throws {
        let config = try #require(parseValid(pipeline("category: marketing")))
        #expect(config.pipelines.first?.category == .marketing)
        #expect(errors(pipeline("category: marketting"))
            == ["test.yaml:14:15: unknown value 'marketting' for pipelines[0].category; expected one of: transactional, "
                + "marketing (did you mean 'marketing'?)"])
    }

    @Test func theSampleConfigLoads() throws {
        let config = try ConfigLoader.load(path: sampleConfigPath("policies.yaml"), environment: [:])
        let s = try #require(config.policies)
        #expect(s.profileTable == "profiles")
        #expect(s.quietHours?.fromMinute == 21 * 60 && s.quietHours?.toMinute == 8 * 60)
        #expect(s.frequencyCaps.map(\.limit) == [3, 10])
        #expect(s.holdout?.share == 0.10)
        #expect(s.attribution?.windowDays == 7)
        #expect(config.pipelines.map(\.category) == [.marketing, .transactional])
    }

    // MARK: problems, at their place

    @Test func unknownKeysGetSuggestions() {
        #expect(errors(policies("frequency_cap: []"))
            == ["test.yaml:17:3: unknown key 'frequency_cap' in policies (did you mean 'frequency_caps'?)"])
        #expect(errors(policies("quiet_hours: {from: \"21:00\", too: \"08:00\"}"))
            == ["test.yaml:17:32: unknown key 'too' in policies.quiet_hours (did you mean 'to'?)"])
    }

    @Test func unknownTimeZoneSuggestsTheNearestKnownOne() {
        #expect(errors(policies("default_time_zone: Asia/Seol"))
            == ["test.yaml:17:22: unknown time zone 'Asia/Seol' for policies.default_time_zone; expected an IANA "
                + "identifier such as Europe/Berlin or UTC (did you mean 'Asia/Seoul'?)"])
    }

    @Test func holdoutShareMustBeAFractionAndSaltIsRequired() {
        #expect(errors(policies("holdout: {share: 5, salt: s}"))
            == ["test.yaml:17:20: policies.holdout.share must be between 0 and 1 (0.05 holds out 5 % of customers), got 5"])
        #expect(errors(policies("holdout: {share: 5%, salt: s}"))
            == ["test.yaml:17:20: expected a number between 0 and 1 for policies.holdout.share, got string '5%'"])
        #expect(errors(policies("holdout: {share: 0.1}"))
            == ["test.yaml:17:12: missing required key 'salt' in policies.holdout"])
    }

    @Test func quietHoursNeedValidDistinctTimes() {
        #expect(errors(policies("quiet_hours: {from: \"25:00\", to: \"08:00\"}"))
            == ["test.yaml:17:23: invalid time '25:00' for policies.quiet_hours.from; expected HH:MM between 00:00 "
                + "and 23:59, e.g. 21:00"])
        #expect(errors(policies("quiet_hours: {from: \"08:00\", to: \"08:00\"}"))
            == ["test.yaml:17:36: policies.quiet_hours.to equals policies.quiet_hours.from; the quiet period would "
                + "be empty (remove quiet_hours to have none)"])
        #expect(errors(policies("quiet_hours: {from: \"21:00\", to: \"08:00\", transactional: wait}"))
            == ["test.yaml:17:60: unknown value 'wait' for policies.quiet_hours.transactional; expected one of: "
                + "send, defer"])
    }

    @Test func frequencyCapsAreCheckedEach() {
        let yaml = policies("""
            frequency_caps:
              - {name: daily, limit: 3, days: 1}
              - {name: weekly, limit: -1, days: 0}
              - {name: daily, limit: 1, days: 2}
            """)
        #expect(errors(yaml) == [
            "test.yaml:19:29: policies.frequency_caps[1].limit must be at least 0, got -1",
            "test.yaml:19:39: policies.frequency_caps[1].days must be at least 1, got 0",
            "test.yaml:20:14: duplicate frequency cap name 'daily' (first defined at 18:14); decisions name the cap "
                + "that was reached, so names must be unique",
        ])
    }

    @Test func attributionNeedsWholeDaysAndAConversion() {
        #expect(errors(policies("attribution: {window: 36h, conversion_when: [{field: type, equals: purchase}]}"))
            == ["test.yaml:17:25: policies.attribution.window must be a whole number of days, e.g. 7d (exposures "
                + "are kept per day)"])
        #expect(errors(policies("attribution: {window: 7d, conversion_when: []}"))
            == ["test.yaml:17:46: policies.attribution.conversion_when must not be empty; every event would count "
                + "as a conversion"])
    }

    @Test func profileTableMustBeDeclared() {
        #expect(errors(policies("profile_table: profile"))
            == ["test.yaml:17:18: policies.profile_table 'profile' is not declared in tables (did you mean 'profiles'?)"])
        let noTables = minimalYAML.replacing("pipelines:\n", with: "policies:\n  profile_table: profiles\npipelines:\n")
        #expect(errors(noTables)
            == ["test.yaml:13:18: policies.profile_table 'profiles' is not declared in tables (no tables are declared)"])
    }

    @Test func fallbacksMustNameOtherChannelsOnce() {
        #expect(errors(policies("fallback_channels: {sms: [email, sms, email]}")) == [
            "test.yaml:17:36: channel 'sms' cannot be its own fallback in policies.fallback_channels.sms",
            "test.yaml:17:41: channel 'email' is listed twice in policies.fallback_channels.sms",
        ])
        #expect(errors(policies("fallback_channels: {sms: email}"))
            == ["test.yaml:17:28: expected a list for policies.fallback_channels.sms, got string 'email'"])
    }

    @Test func outputTopicsMustBeTheirOwn() {
        #expect(errors(policies("decisions_topic: out")) == [
            "test.yaml:17:20: policies.decisions_topic 'out' is also output.actions_topic; each kind of record needs "
                + "its own topic"])
        #expect(errors(policies("holdout_topic: in")) == [
            "test.yaml:17:18: policies.holdout_topic 'in' is also an input topic; the daemon would consume its own output"])
        #expect(errors(policies("conversions_topic: cx.profiles")) == [
            "test.yaml:17:22: policies.conversions_topic 'cx.profiles' is also a table's topic; the table would fill "
                + "with the daemon's own output"])
        #expect(errors(policies("decisions_topic: d\nholdout_topic: d")) == [
            "test.yaml:18:18: policies.holdout_topic 'd' is also policies.decisions_topic; each kind of record needs "
                + "its own topic"])
    }

    @Test func everyProblemIsReportedInOneRun() {
        let yaml = policies("""
            default_time_zone: Mars/Base
            holdout: {share: 2, salt: s}
            frequency_caps: [{name: daily, limit: 3}]
            """)
        #expect(errors(yaml).count == 3)
    }
}
