import Testing
@testable import DaemonConfig

/// `kind: fan_out`: its keys, defaults and the checks across them, with file:line:col.
@Suite struct FanOutConfigTests {
    static let restock = """
        kind: fan_out
        members:
          add_when: [{field: type, equals: waitlist_joined}]
          remove_when: [{field: type, equals: waitlist_left}]
          id_field: customer_id
          keep: [name, home_store]
          remove_when_notified: true
        fire:
          rises: {field: units, per: store_id}
        limit: {field: units, factor: 2}
        order: {prefer_member_field: home_store, equals_event_field: store_id}
        nearby: {event_field: store.nearby}
        pace: {per_minute: 60}
        cancel: [{field: type, equals: discontinued}]
        """

    @Test func restockWithEveryKey() throws {
        let settings = try #require(parseValid(pipeline(Self.restock))?.pipelines.first)
        #expect(settings.kind == .fanOut)
        #expect(settings.pattern == nil)
        let fanOut = try #require(settings.fanOut)
        #expect(fanOut.members.idField == "customer_id")
        #expect(fanOut.members.keep == ["name", "home_store"])
        #expect(fanOut.members.expireAfterMs == 90 * 86_400_000)
        #expect(fanOut.members.removeWhenNotified)
        #expect(fanOut.members.removeWhen.map(\.field) == ["type"])
        #expect(fanOut.fire == .rises(field: "units", per: "store_id"))
        #expect(fanOut.limit == FanOutSettings.Limit(field: "units", factor: 2))
        #expect(fanOut.order == FanOutSettings.Order(memberField: "home_store", eventField: "store_id"))
        #expect(fanOut.nearbyField == "store.nearby")
        #expect(fanOut.pacePerMinute == 60)
        #expect(fanOut.cancel.map(\.field) == ["type"])
    }

    @Test func flightWithChangeAndFinal() throws {
        let settings = try #require(parseValid(pipeline("""
            kind: fan_out
            members: {add_when: [{field: type, equals: booked}], id_field: customer_id, expire_after: 30d}
            fire:
              change: {field: departure_estimated, baseline_field: departure_scheduled, min_change: 15m}
            final_when: [{field: status, equals: cancelled}]
            """))?.pipelines.first)
        let fanOut = try #require(settings.fanOut)
        #expect(fanOut.fire == .change(field: "departure_estimated", baselineField: "departure_scheduled",
                                       minChange: 900_000, growsOnly: true))
        #expect(fanOut.members.expireAfterMs == 30 * 86_400_000)
        #expect(fanOut.members.removeWhenNotified == false)
        #expect(fanOut.finalWhen.map(\.field) == ["status"])
    }

    @Test func membersAndFireAreRequired() {
        #expect(errors(pipeline("kind: fan_out")) == [
            "test.yaml:13:5: missing required key 'members' in pipelines[0] (kind fan_out needs it)",
            "test.yaml:13:5: missing required key 'fire' in pipelines[0] (kind fan_out needs it)",
        ])
    }

    @Test func unknownKeysGetASuggestion() {
        let yaml = pipeline(Self.restock.replacing("id_field: customer_id", with: "idfield: customer_id")
            .replacing("per_minute: 60", with: "per_minut: 60"))
        #expect(errors(yaml) == [
            "test.yaml:18:7: unknown key 'idfield' in pipelines[0].members (did you mean 'id_field'?)",
            "test.yaml:26:12: unknown key 'per_minut' in pipelines[0].pace (did you mean 'per_minute'?)",
        ])
    }

    @Test func fireTakesExactlyOneCondition() {
        let both = pipeline(Self.restock.replacing("  rises: {field: units, per: store_id}",
                                                   with: "  rises: {field: units, per: store_id}\n  when: [{field: a, exists: true}]"))
        #expect(messages(both) == ["pipelines[0].fire takes exactly one of change, rises, when; found rises, when"])
    }

    @Test func orderMustNameAKeptField() {
        let yaml = pipeline(Self.restock.replacing("keep: [name, home_store]", with: "keep: [name, home]"))
        #expect(errors(yaml) == ["test.yaml:24:5: order.prefer_member_field 'home_store' must be one of members.keep "
            + "in pipelines[0] (only kept fields are remembered)"])
    }

    @Test func nearbyNeedsOrderAndAStoreLevel() {
        let withoutOrder = pipeline(Self.restock.replacing("order: {prefer_member_field: home_store, equals_event_field: store_id}\n", with: ""))
        #expect(messages(withoutOrder) == ["nearby needs order in pipelines[0]: it compares the member's home store "
            + "(order.prefer_member_field)"])
        let withoutPer = pipeline(Self.restock.replacing("rises: {field: units, per: store_id}", with: "rises: {field: units}"))
        #expect(messages(withoutPer) == ["nearby needs fire.rises with 'per' in pipelines[0]: a home store is out only "
            + "if its level is known"])
    }

    @Test func customerFieldDoesNotApply() {
        let yaml = pipeline(Self.restock).replacing("      channel: sms", with: "      channel: sms\n      customer_field: c")
        #expect(messages(yaml) == ["customer_field does not apply to kind fan_out: each action goes to its member "
            + "(members.id_field)"])
    }

    @Test func fanOutKeysDoNotApplyToOtherKinds() {
        #expect(messages(pipeline("pace: {per_minute: 5}")) == [
            "'pace' does not apply to kind filter (used by kind fan_out; kind defaults to filter)",
        ])
    }

    @Test func keepTakesTopLevelNamesOnce() {
        let yaml = pipeline(Self.restock.replacing("keep: [name, home_store]", with: "keep: [name, a.b, name, home_store]"))
        #expect(messages(yaml) == [
            "pipelines[0].members.keep[1] must be a top-level field name other than 'id', got 'a.b'",
            "field 'name' is listed twice in pipelines[0].members.keep",
        ])
    }
}
