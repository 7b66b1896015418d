import ArgumentParser
import DaemonConfig
import Engine
import Foundation
import Operators
import Policies

/// `stream-daemon replay --config F --input events.jsonl [--output actions.jsonl]`: the same
/// operator graph over a file, no broker; actions as JSON lines (and, with `policies:`, the
/// contact-policy decisions with `--decisions`).
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Run the pipelines over a JSON-lines file, without Kafka.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "JSON-lines input file (one event per line); '-' reads stdin.")
    var input: String

    @Option(help: "Write actions here instead of stdout.")
    var output: String?

    @Option(help: "Write dead letters (JSON lines with reason and detail) here.")
    var deadLetters: String?

    @Option(help: "Write contact-policy decision records (JSON lines, as on the decisions topic) here; needs a policies: section.")
    var decisions: String?

    @Option(help: "Topic the lines are attributed to (default: the first input topic).")
    var topic: String?

    @Option(help: "Partition the lines are attributed to (default 0): replay one partition of a topic, dumped in offset order.")
    var partition: Int32 = 0

    @Option(name: .customLong("table"), parsing: .singleValue,
            help: "Load a table before replaying: NAME=FILE (JSON lines; the key from the table's key_field).")
    var tables: [String] = []

    func run() throws {
        let (cfg, _) = try options.loadValidated()
        if decisions != nil && cfg.policies == nil {
            writeStderr("--decisions: \(options.config) has no policies: section, so there are no decisions to write\n")
            throw ExitCode(2)
        }
        var engine = try Engine(config: cfg, replay: true)
        guard let lines = LineFile(path: input) else {
            writeStderr("\(input): cannot read file\n")
            throw ExitCode(2)
        }
        try loadTables(cfg, into: &engine)
        guard var actionsOut = LineSink(path: output) else {
            writeStderr("\(output ?? "-"): cannot write file\n"); throw ExitCode(1)
        }
        var deadOut = try Self.optionalSink(deadLetters)
        var decisionsOut = try Self.optionalSink(decisions)
        let summary = Replay.run(
            engine: &engine, topic: topic ?? cfg.inputs[0].topic, partition: partition, lines: lines,
            onAction: { a in
                // Straight into the output buffer; the array path only for escapes (rare).
                if !actionsOut.writeLine(capacity: a.plainJSONCapacity, { a.encodePlainJSON(into: $0) }) {
                    actionsOut.writeLine(a.encodeJSON())
                }
            },
            onDeadLetter: { d in deadOut?.writeLine(Self.encode(d)) },
            onDecision: { d in decisionsOut?.writeLine(d.encodeJSON()) })
        actionsOut.flush()
        deadOut?.flush()
        decisionsOut?.flush()
        let reasons = summary.deadLetters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        // The policy's part only with a policies: section, so other configs print what they always did.
        let policy = cfg.policies == nil ? "" : "; policy: \(summary.decisions) decision(s), "
            + "\(summary.heldOut) held out, \(summary.conversions) conversion(s)"
        writeStderr("replayed \(summary.records) record(s): \(summary.actions) action(s), "
            + "\(summary.deadLetters.values.reduce(0, +)) dead letter(s)\(reasons.isEmpty ? "" : " (\(reasons))")\(policy)\n")
    }

    /// A sink for an optional `--…` output file; exit 1 if it cannot be written.
    private static func optionalSink(_ path: String?) throws -> LineSink? {
        guard let path else { return nil }
        guard let sink = LineSink(path: path) else {
            writeStderr("\(path): cannot write file\n"); throw ExitCode(1)
        }
        return sink
    }

    private func loadTables(_ cfg: DaemonConfig, into engine: inout Engine) throws {
        for spec in tables {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let table = cfg.tables.first(where: { $0.name == parts[0] }) else {
                writeStderr("--table \(spec): expected NAME=FILE with NAME one of: \(cfg.tables.map(\.name).joined(separator: ", "))\n")
                throw ExitCode(2)
            }
            guard let data = FileManager.default.contents(atPath: parts[1]) else {
                writeStderr("\(parts[1]): cannot read file\n"); throw ExitCode(2)
            }
            var offset: Int64 = 0
            for line in [UInt8](data).split(separator: 0x0A) {
                let record = InputRecord(source: EventSource(topic: table.topic, partition: 0, offset: offset),
                                         key: nil, value: Array(line), timestampMs: nil, headers: [])
                if let dead = engine.applyTableRecord(record) {
                    writeStderr("\(parts[1]):\(offset + 1): \(dead.reason.rawValue): \(dead.detail)\n")
                }
                offset += 1
            }
        }
    }

    static func encode(_ d: DeadLetter) -> [UInt8] {
        var w = JSONWriter()
        w.raw("{\"reason\":"); w.writeString(d.reason.rawValue)
        w.raw(",\"detail\":"); w.writeString(d.detail)
        w.raw(",\"offset\":"); w.writeInt(d.record.source.offset)
        w.raw(",\"value\":"); w.writeString(String(decoding: d.record.value ?? [], as: UTF8.self))
        w.raw("}")
        return w.bytes
    }
}
