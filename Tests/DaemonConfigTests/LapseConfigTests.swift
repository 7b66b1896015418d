import Testing
@testable import DaemonConfig

/// `kind: lapse`: its keys, what it requires and rejects, with file:line:col.
@Suite struct LapseConfigTests {
    static let renewal = """
        kind: lapse
        deadline:
          when: [{field: type, in: [membership_started, membership_renewed]}]
          field: expires_at
        activity: [{field: type, in: [visit, class_attended]}]
        started_when: [{field: type, equals: membership_started}]
        quiet_for: 60d
        lead: 30d
        cancel: [{field: type, equals: membership_cancelled}]
        cooldown: 7d
        """

    @Test func everyKey() throws {
        let settings = try #require(parseValid(pipeline(Self.renewal))?.pipelines.first)
        #expect(settings.kind == .lapse)
        #expect(settings.pattern == nil && settings.fanOut == nil)
        let lapse = try #require(settings.lapse)
        #expect(lapse.deadlineWhen.map(\.field) == ["type"])
        #expect(lapse.deadlineField == "expires_at")
        #expect(lapse.activity.map(\.field) == ["type"])
        #expect(lapse.startedWhen.map(\.field) == ["type"])
        #expect(lapse.quietMs == 60 * 86_400_000)
        #expect(lapse.leadMs == 30 * 86_400_000)
        #expect(lapse.cancel.map(\.field) == ["type"])
        #expect(lapse.cooldownMs == Int64(7 * 86_400_000))
    }

    @Test func optionalKeysMayBeOmitted() throws {
        let lapse = try #require(parseValid(pipeline("""
            kind: lapse
            deadline: {when: [{field: type, equals: renewed}], field: expires_at}
            activity: [{field: type, equals: visit}]
            quiet_for: 60d
            lead: 30d
            """))?.pipelines.first?.lapse)
        #expect(lapse.startedWhen.isEmpty && lapse.cancel.isEmpty && lapse.cooldownMs == nil)
    }

    @Test func theFourCoreKeysAreRequired() {
        #expect(errors(pipeline("kind: lapse")) == [
            "test.yaml:13:5: missing required key 'deadline' in pipelines[0] (kind lapse needs it)",
            "test.yaml:13:5: missing required key 'activity' in pipelines[0] (kind lapse needs it)",
            "test.yaml:13:5: missing required key 'quiet_for' in pipelines[0] (kind lapse needs it)",
            "test.yaml:13:5: missing required key 'lead' in pipelines[0] (kind lapse needs it)",
        ])
    }

    @Test func deadlineNeedsWhenAndFieldAndKnowsItsKeys() {
        #expect(errors(pipeline("""
            kind: lapse
            deadline: {whn: [{field: type, equals: renewed}]}
            activity: [{field: type, equals: visit}]
            quiet_for: 60d
            lead: 30d
            """)) == [
            "test.yaml:15:15: missing required key 'field' in pipelines[0].deadline",
            "test.yaml:15:16: unknown key 'whn' in pipelines[0].deadline (did you mean 'when'?)",
        ])
    }

    @Test func emptyListsAndBadDurationsAreRejected() {
        let found = errors(pipeline("""
            kind: lapse
            deadline: {when: [{field: type, equals: renewed}], field: expires_at}
            activity: []
            quiet_for: 0s
            lead: soon
            """))
        #expect(found.count == 3)
        #expect(found.first?.hasPrefix("test.yaml:16:15:") == true)
        #expect(found.dropFirst().first == "test.yaml:17:16: pipelines[0].quiet_for must be greater than zero, got '0s'")
        #expect(found.last?.hasPrefix("test.yaml:18:11: invalid duration 'soon'") == true)
    }

    @Test func otherKindsKeysDoNotApply() {
        #expect(errors(pipeline(Self.renewal + "\nwithin: 5m")) == [
            "test.yaml:24:5: 'within' does not apply to kind lapse (used by kinds followed_by, absence, threshold, inactivity)",
        ])
        #expect(errors(pipeline("kind: absence\nstart: [{field: type, equals: a}]\nthen: [{field: type, equals: b}]\n"
            + "within: 5m\nlead: 30d")) == [
            "test.yaml:18:5: 'lead' does not apply to kind absence (used by kind lapse)",
        ])
    }
}
