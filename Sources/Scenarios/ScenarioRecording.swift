import Engine
import Operators
import Policies

/// Everything one scenario's records made the engine produce, each list in production order.
///
/// Why not `Replay.run`: its callbacks report actions, dead letters and decisions, but the
/// holdout actions and conversion records only as counts, and scenarios assert on those too.
/// ``replay(_:topic:lines:)`` is therefore the same loop over the same public engine calls —
/// assign partition 0, then per record `reset` to the watermark, `process`, collect; at the end
/// one `tick` — and a test (`ScenarioRecordingTests`) checks it agrees with `Replay.run`.
struct ScenarioRecording {
    var actions: [Action] = []
    var deadLetters: [DeadLetter] = []
    var decisions: [PolicyDecisionRecord] = []
    var holdout: [Action] = []
    var conversions: [ConversionRecord] = []

    /// Runs `lines` as the records `topic`/0@0, @1, … through `engine` in virtual time.
    static func replay(_ engine: inout Engine, topic: String, lines: [[UInt8]]) -> ScenarioRecording {
        var recording = ScenarioRecording()
        var out = EngineOutputs(nowMs: 0)
        engine.assign(StreamPartition(topic: topic, partition: 0), nowMs: 0)
        var offset: Int64 = 0
        for line in lines {
            // Replay skips blank lines without giving them an offset; the parser rejects blank
            // raw events, so this only keeps the two loops identical.
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            out.reset(nowMs: max(0, engine.watermarkMs))
            engine.process(InputRecord(source: EventSource(topic: topic, partition: 0, offset: offset),
                                       key: nil, value: line, timestampMs: nil, headers: []), into: &out)
            recording.collect(out)
            offset += 1
        }
        out.reset(nowMs: max(0, engine.watermarkMs))
        engine.tick(into: &out)
        recording.collect(out)
        return recording
    }

    private mutating func collect(_ out: EngineOutputs) {
        actions += out.emitter.actions
        deadLetters += out.deadLetters
        decisions += out.decisions
        holdout += out.holdout
        conversions += out.conversions
    }
}
