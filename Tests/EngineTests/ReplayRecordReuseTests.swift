import Testing
import DaemonConfig
@testable import Engine
import Operators

/// `Replay.run` reuses one record and its value buffer for every line: a dead letter that keeps
/// a record must still hold its own line's bytes after later lines were read into the buffer.
@Suite("Replay: one record reused across lines")
struct ReplayRecordReuseTests {
    @Test func deadLettersKeepTheirOwnBytes() throws {
        let yaml = EngineTestYAML.head() + """
            watermark: {max_out_of_orderness: 0s}
            pipelines:
              - name: p
                kind: filter
                where: [{field: type, equals: buy}]
                action: {channel: push, message: "{{customer_id}}"}
            """
        var engine = try Engine(config: ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: [:]), replay: true)
        let t0: Int64 = 1_767_225_600_000
        var lines: [String] = []
        for i in 0..<40 {
            switch i % 4 {
            case 0: lines.append(#"{"type":"buy","customer_id":"c-\#(i)","ts":\#(t0 + Int64(i))}"#)
            case 1: lines.append(#"{"type":"buy","ts":\#(t0 + Int64(i))} "#)
            case 2: lines.append(String(repeating: "x", count: i))
            default: lines.append("  ")
            }
        }
        var deadLetters: [DeadLetter] = []
        var actions: [Action] = []
        let summary = Replay.run(engine: &engine, topic: "cx.events", lines: lines.map { ArraySlice(Array($0.utf8)) },
                                 onAction: { actions.append($0) }, onDeadLetter: { deadLetters.append($0) })
        let expected = lines.filter { $0.contains { $0 != " " } }
        #expect(summary.records == expected.count)
        #expect(actions.map(\.customerID) == (0..<40).filter { $0 % 4 == 0 }.map { "c-\($0)" })
        #expect(deadLetters.count == 20)
        for letter in deadLetters {
            let offset = Int(letter.record.source.offset)
            #expect(letter.record.value == Array(expected[offset].utf8), "offset \(offset)")
            #expect(letter.record.source.topic == "cx.events")
        }
    }
}
