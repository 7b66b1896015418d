import DaemonConfig
import Operators
import Policies
import Testing
@testable import Engine

/// Conversions inside the engine count only exposures decided at or before their event time,
/// in whatever order purchase and exposures are read (within the watermark bound).

private let yaml = EngineTestYAML.head() + """
watermark:
  max_out_of_orderness: 10s
policies:
  unknown_consent_allows_marketing: true
  attribution: {window: 7d, conversion_when: [{field: type, equals: purchase}]}
pipelines:
  - name: promo
    category: marketing
    where: [{field: type, equals: visit}]
    action: {channel: push, message: "hi"}
"""

/// 2030-06-03T12:00:00Z.
private let noon: Int64 = 1_906_718_400_000

private func run(_ events: [(type: String, atMs: Int64)]) throws -> [ConversionRecord] {
    var engine = try Engine(config: ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: [:]), replay: true)
    var out = EngineOutputs(nowMs: 0)
    var conversions: [ConversionRecord] = []
    for (offset, event) in events.enumerated() {
        out.reset(nowMs: event.atMs)
        let json = #"{"type":"\#(event.type)","customer_id":"c-1","ts":\#(event.atMs)}"#
        engine.process(InputRecord(source: EventSource(topic: "cx.events", partition: 0, offset: Int64(offset)), key: nil,
                                   value: Array(json.utf8), timestampMs: nil, headers: []), into: &out)
        conversions += out.conversions
    }
    return conversions
}

@Test func aPurchaseReadLateCountsOnlyExposuresDecidedBeforeIt() throws {
    // Visits at 0 s and 8 s, then a purchase dated 5 s (out of order, within the 10 s bound).
    let records = try run([("visit", noon), ("visit", noon + 8_000), ("purchase", noon + 5_000)])
    #expect(records.map(\.exposedAtMs) == [noon])
    #expect(records.map(\.convertedAtMs) == [noon + 5_000])
}

@Test func anExposureDecidedAfterThePurchaseNeverGetsIt() throws {
    // The visit dated 3 s is read after the purchase dated 5 s, and the one at 7 s is dated after it.
    let records = try run([("purchase", noon + 5_000), ("visit", noon + 3_000), ("visit", noon + 7_000)])
    #expect(records.isEmpty)
}

@Test func theSameInputGivesTheSameConversions() throws {
    let events = [("visit", noon), ("purchase", noon + 5_000), ("visit", noon + 6_000), ("purchase", noon + 4_000),
                  ("purchase", noon + 9_000)]
    let first = try run(events)
    #expect(first.map(\.convertedAtMs) == [noon + 5_000, noon + 4_000, noon + 9_000, noon + 9_000])
    #expect(try run(events) == first)
}
