import DaemonConfig
import Engine
import Foundation
import Operators
import Testing
@testable import Scenarios

/// The scenario runner's replay loop (`ScenarioRecording`) is a copy of `Replay.run`'s, kept
/// because `Replay.run` reports holdout actions and conversions only as counts: both must see
/// the same actions, dead letters and decisions for the same records, or scenarios would test
/// something other than `stream-daemon replay`.
@Test func theScenarioLoopAgreesWithReplay() throws {
    let config = try ConfigLoader.load(path: repoRoot + "/config/policies/contact.yaml", environment: [:])
    let prototype = try Engine(config: config, replay: true)
    let profile = #"{"customer_id":"c-ny","time_zone":"America/New_York","consent":{"push":true,"sms":true}}"#
    let lines = [
        #"{"type":"price_drop","customer_id":"c-ny","ts":1780365600000,"sku":"A"}"#,     // 22:00 New York: deferred
        #"{"type":"cart_add","customer_id":"c-ny","ts":1780365660000,"sku":"B"}"#,      // abandoned at 22:31: deferred
        #"{"type":"order_shipped","customer_id":"c-ny","ts":1780369200000,"order_id":"O-1"}"#,
        "not json",
        #"{"type":"cart_add","customer_id":"c-ny","ts":1780304400000,"sku":"late"}"#,   // 05:00 that morning: late
        #"{"type":"price_drop","customer_id":"c-ny","ts":1780412400000,"sku":"C"}"#,     // 11:00 the next day
        #"{"type":"purchase","customer_id":"c-ny","ts":1780416000000}"#,
    ].map { Array($0.utf8) }
    func fresh() -> Engine {
        var engine = prototype
        _ = engine.applyTableRecord(InputRecord(source: EventSource(topic: "cx.profiles", partition: 0, offset: 0), key: nil,
                                                value: Array(profile.utf8), timestampMs: nil, headers: []))
        return engine
    }
    var a = fresh(), b = fresh()
    let recording = ScenarioRecording.replay(&a, topic: "cx.events", lines: lines)
    var actions: [String] = [], dead: [String] = [], decisions: [[UInt8]] = []
    let summary = Replay.run(engine: &b, topic: "cx.events", lines: lines.map { ArraySlice($0) },
                             onAction: { actions.append($0.actionID) }, onDeadLetter: { dead.append("\($0.record.source.offset) \($0.reason)") },
                             onDecision: { decisions.append($0.encodeJSON()) })
    #expect(recording.actions.map(\.actionID) == actions)
    #expect(recording.deadLetters.map { "\($0.record.source.offset) \($0.reason)" } == dead)
    #expect(recording.decisions.map { $0.encodeJSON() } == decisions)
    #expect(recording.holdout.count == summary.heldOut)
    #expect(recording.conversions.count == summary.conversions)
    #expect(actions.count >= 3 && decisions.count >= 4 && !dead.isEmpty && summary.conversions >= 1,
            "the records should exercise sends, a release, dead letters and a conversion")
}
