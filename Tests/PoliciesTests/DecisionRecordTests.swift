import Operators
import Policies
import Testing

@Suite("Decision, conversion and counter JSON")
struct DecisionRecordTests {
    static func json(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func eachDecisionKindEncodesWithAFixedKeyOrder() {
        let policy = Harness(P.settings(caps: [FrequencyCap(name: "daily", limit: 1, days: 1)],
                                                        quietHours: P.nightQuiet,
                                                        holdout: HoldoutSettings(salt: "exp-2026", share: 0.05)))
        let noon = P.ms("2026-06-01T12:00:00+09:00")  // 1780282800000
        let fallback = CustomerContext(timeZoneIdentifier: "Asia/Seoul", consent: ["sms": .denied, "email": .granted])
        let sent = policy.decide(P.action("a1"), category: .marketing, atMs: noon, context: fallback)
        #expect(Self.json(sent.record.encodeJSON()) == #"{"action_id":"a1","trigger":"promo","customer_id":"c-1","category":"marketing","candidate_channel":"sms","final_channel":"email","decision":"sent","reason":"fallback","until":null,"deferred_at":null,"time":1780282800000}"#)
        let capped = policy.decide(P.action("a2"), category: .marketing, atMs: noon + 1, context: P.seoul)
        #expect(Self.json(capped.record.encodeJSON()) == #"{"action_id":"a2","trigger":"promo","customer_id":"c-1","category":"marketing","candidate_channel":"sms","final_channel":null,"decision":"capped","reason":"daily","until":null,"deferred_at":null,"time":1780282800001}"#)
        let deferred = policy.decide(P.action("a3", customer: "c-\"2\""), category: .marketing,
                                     atMs: noon + 10 * P.hourMs, context: P.seoul)
        #expect(Self.json(deferred.record.encodeJSON()) == #"{"action_id":"a3","trigger":"promo","customer_id":"c-\"2\"","category":"marketing","candidate_channel":"sms","final_channel":null,"decision":"deferred","reason":"quiet_hours","until":1780354800000,"deferred_at":null,"time":1780318800000}"#)
        let released = policy.advance(toMs: 1_780_354_800_000)
        #expect(released.map { Self.json($0.record.encodeJSON()) } == [#"{"action_id":"a3","trigger":"promo","customer_id":"c-\"2\"","category":"marketing","candidate_channel":"sms","final_channel":"sms","decision":"sent","reason":null,"until":null,"deferred_at":1780318800000,"time":1780354800000}"#])
        let held = policy.decide(P.action("a4", customer: "c-6"), category: .marketing, atMs: noon, context: P.seoul)
        #expect(Self.json(held.record.encodeJSON()) == #"{"action_id":"a4","trigger":"promo","customer_id":"c-6","category":"marketing","candidate_channel":"sms","final_channel":"sms","decision":"held_out","reason":"holdout","until":null,"deferred_at":null,"time":1780282800000}"#)
        let dnc = policy.decide(P.action("a5"), category: .transactional, atMs: noon,
                                context: CustomerContext(consent: ["sms": .denied, "email": .denied]))
        #expect(Self.json(dnc.record.encodeJSON()) == #"{"action_id":"a5","trigger":"promo","customer_id":"c-1","category":"transactional","candidate_channel":"sms","final_channel":null,"decision":"suppressed","reason":"no_consent","until":null,"deferred_at":null,"time":1780282800000}"#)
    }

    @Test func conversionRecordsEncodeWithAFixedKeyOrder() {
        let record = ConversionRecord(actionID: "a1", trigger: "cart", customerID: "c-6", channel: "email", group: .holdout,
                                      exposedAtMs: 1_000, convertedAtMs: 61_000)
        #expect(Self.json(record.encodeJSON()) == #"{"action_id":"a1","trigger":"cart","customer_id":"c-6","channel":"email","group":"holdout","exposed_at":1000,"converted_at":61000,"lag_ms":60000}"#)
    }

    @Test func countersEncodeSortedForTheMetricsLine() {
        let policy = Harness(P.settings(caps: [FrequencyCap(name: "daily", limit: 1, days: 1)],
                                                        holdout: HoldoutSettings(salt: "exp-2026", share: 0.05)))
        let context = CustomerContext(consent: ["sms": .granted])
        _ = policy.decide(P.action("a1", trigger: "restock"), category: .marketing, atMs: 0, context: context)
        _ = policy.decide(P.action("a2"), category: .marketing, atMs: 1, context: context)
        _ = policy.decide(P.action("a3", customer: "c-6"), category: .marketing, atMs: 1, context: context)
        _ = policy.decide(P.action("a4", customer: "c-2"), category: .marketing, atMs: 1, context: CustomerContext())
        _ = policy.decide(P.action("a5", customer: "c-2"), category: .marketing, atMs: 1,
                          context: CustomerContext(doNotContact: true))
        _ = policy.recordConversion(customer: "c-6", atMs: 5)
        #expect(Self.json(policy.counters.encodeJSON()) == #"{"decisions":5,"sent":1,"sent_via_fallback":0,"suppressed":{"do_not_contact":1,"no_consent":1},"deferred":0,"released":0,"deferred_cancelled":0,"capped":{"daily":1},"held_out":1,"unknown_time_zones":0,"exposures":{"promo":{"treated":0,"holdout":1},"restock":{"treated":1,"holdout":0}},"conversions":{"promo":{"treated":0,"holdout":1}}}"#)
    }
}
