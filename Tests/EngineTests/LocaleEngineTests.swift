import DaemonConfig
import Operators
import Testing
@testable import Engine

/// Per-locale messages through the engine: the event's `locale_field`, else the customer's
/// profile locale (with `policies.profile_table`), else the default — for actions an event
/// causes and for ones a timer fires.
@Suite struct LocaleEngineTests {
    static let yaml = EngineTestYAML.head() + """
        watermark: {max_out_of_orderness: 0s}
        tables: [{name: profiles, topic: cx.profiles, key_field: customer_id}]
        POLICIES
        pipelines:
          - name: parcel_delay
            where: [{field: type, equals: parcel_delayed}]
            action:
              channel: sms
              message:
                en-US: "Your parcel {{order_id}} is late"
                ko-KR: "고객님의 택배 {{order_id}}가 지연되고 있습니다"
              locale_field: locale
          - name: cart_abandoned
            kind: absence
            start: [{field: type, equals: cart_add}]
            then: [{field: type, equals: purchase}]
            within: 30m
            action:
              channel: push
              message: {en-US: "You left {{sku}} in your cart", ko-KR: "장바구니에 {{sku}}이(가) 남아 있습니다"}
          - name: plain
            where: [{field: type, equals: parcel_delayed}]
            action: {channel: email, message: "Parcel {{order_id}}"}
        """

    static let t0: Int64 = 1_767_225_600_000

    /// Replays `events` (JSON without the time, seconds after t0) with profiles c-1 ko-KR and
    /// c-2 `ko_kr`; c-3 has none. Returns "trigger customer locale message" per action.
    static func run(policies: Bool, _ events: [(json: String, at: Int64)]) throws -> [String] {
        let section = policies ? "policies: {profile_table: profiles}" : ""
        let config = try ConfigLoader.parse(yaml: yaml.replacingOccurrences(of: "POLICIES", with: section),
                                            file: "test.yaml", environment: [:])
        var engine = try Engine(config: config, replay: true)
        for (offset, row) in [#"{"customer_id":"c-1","locale":"ko-KR"}"#, #"{"customer_id":"c-2","locale":"ko_kr"}"#].enumerated() {
            _ = engine.applyTableRecord(InputRecord(source: EventSource(topic: "cx.profiles", partition: 0, offset: Int64(offset)),
                                                    key: nil, value: Array(row.utf8), timestampMs: nil, headers: []))
        }
        let lines = events.map { event in
            ArraySlice(Array((event.json.dropLast() + #","ts":\#(t0 + event.at * 1_000)}"#).utf8))
        }
        var actions: [String] = []
        _ = Replay.run(engine: &engine, topic: "cx.events", lines: lines, onAction: { action in
            actions.append("\(action.trigger) \(action.customerID) \(action.locale ?? "-") \(action.message)")
        }, onDeadLetter: { Issue.record("dead letter: \($0.detail)") })
        return actions
    }

    static let parcels: [(json: String, at: Int64)] = [
        (#"{"type":"parcel_delayed","customer_id":"c-1","order_id":"P-1"}"#, 0),
        (#"{"type":"parcel_delayed","customer_id":"c-1","order_id":"P-2","locale":"en"}"#, 1),
        (#"{"type":"parcel_delayed","customer_id":"c-2","order_id":"P-3"}"#, 2),
        (#"{"type":"parcel_delayed","customer_id":"c-3","order_id":"P-4","locale":"ko"}"#, 3),
        (#"{"type":"parcel_delayed","customer_id":"c-3","order_id":"P-5"}"#, 4),
    ]

    @Test func theEventsLocaleThenTheProfilesThenTheDefault() throws {
        #expect(try Self.run(policies: true, Self.parcels).filter { $0.hasPrefix("parcel_delay") } == [
            "parcel_delay c-1 ko-KR 고객님의 택배 P-1가 지연되고 있습니다",   // profile
            "parcel_delay c-1 en-US Your parcel P-2 is late",              // the event's `en` wins
            "parcel_delay c-2 ko-KR 고객님의 택배 P-3가 지연되고 있습니다",   // profile `ko_kr`
            "parcel_delay c-3 ko-KR 고객님의 택배 P-4가 지연되고 있습니다",   // the event's `ko`
            "parcel_delay c-3 en-US Your parcel P-5 is late",              // no profile: default
        ])
    }

    @Test func withoutPoliciesProfilesPlayNoPart() throws {
        #expect(try Self.run(policies: false, Self.parcels).filter { $0.hasPrefix("parcel_delay") }.map { $0.split(separator: " ")[2] }
            == ["en-US", "en-US", "en-US", "ko-KR", "en-US"])
    }

    @Test func singleTemplatePipelinesStayWithoutLocale() throws {
        #expect(try Self.run(policies: true, Self.parcels).filter { $0.hasPrefix("plain") }.allSatisfy { $0.contains(" - Parcel P-") })
    }

    @Test func timerActionsTakeTheProfileLocaleToo() throws {
        let carts: [(json: String, at: Int64)] = [
            (#"{"type":"cart_add","customer_id":"c-1","sku":"SKU-9"}"#, 0),
            (#"{"type":"cart_add","customer_id":"c-3","sku":"SKU-8"}"#, 0),
            (#"{"type":"tick","customer_id":"clock"}"#, 3_600),
        ]
        #expect(try Self.run(policies: true, carts) == [
            "cart_abandoned c-1 ko-KR 장바구니에 SKU-9이(가) 남아 있습니다",
            "cart_abandoned c-3 en-US You left SKU-8 in your cart",
        ])
    }
}
