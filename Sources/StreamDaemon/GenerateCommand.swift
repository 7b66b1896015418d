import ArgumentParser
import DaemonConfig
import Foundation
import Scenarios
import TrafficGenerator

/// `stream-daemon generate`: seeded sample CX traffic as JSON lines, for demos, benchmarks and
/// `replay` — the same seed and options always give the same bytes.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Write seeded sample CX traffic as JSON lines.")

    @Option(help: "Seed of the random generator (same seed, same output).")
    var seed: UInt64 = 1
    @Option(help: "Lines to write, duplicates and malformed records included.")
    var events = 100_000
    @Option(help: "Distinct customers.")
    var customers = 10_000
    @Option(help: "Event time of the first event (RFC 3339).")
    var start = "2026-01-01T00:00:00Z"
    @Option(help: """
        Events per second of event time (with --types: of the journeys those types belong to). \
        At 10/s, 100k events span ~3h: carts get abandoned, parcels (1-3 days) need a lower rate.
        """)
    var rate: Double = 10
    @Option(help: "Out-of-order bound: event times lag their place in the output by up to this (e.g. 2s).")
    var jitter = "2s"
    @Option(help: "Late events lag by between half this and this.")
    var lateDelay = "10m"
    @Option(help: "Share of lines that repeat the previous event.")
    var duplicates = 0.01
    @Option(help: "Share of malformed lines (invalid JSON, missing key or time, wrong types, not an object).")
    var malformed = 0.005
    @Option(help: "Share of late events.")
    var late = 0.002
    @Option(help: "Only these event types, comma-separated (e.g. inventory_update for config/restock.yaml).")
    var types: String?
    @Option(name: .shortAndLong, help: "Write here instead of stdout.")
    var output: String?

    /// Bad options are usage errors, reported with this subcommand's usage line.
    func validate() throws { _ = try makeSettings() }

    func run() throws {
        let settings = try makeSettings()
        var generator = TrafficGenerator(settings)
        let handle: FileHandle?
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil),
                  let h = FileHandle(forWritingAtPath: output) else {
                writeStderr("\(output): cannot write file\n"); throw ExitCode(1)
            }
            handle = h
        } else {
            handle = nil
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 21)
        while generator.generate(into: &buffer, maxLines: 8_192) > 0 {
            guard buffer.count >= 1 << 20 || generator.isFinished else { continue }
            if let handle { handle.write(Data(buffer)) } else { StandardStreams.writeStdout(buffer) }
            buffer.removeAll(keepingCapacity: true)
        }
        if !buffer.isEmpty {
            if let handle { handle.write(Data(buffer)) } else { StandardStreams.writeStdout(buffer) }
        }
        try handle?.close()
        let s = generator.stats
        writeStderr("generated \(s.lines) line(s): \(s.duplicates) duplicate(s), \(s.malformed) malformed, \(s.late) late\n")
    }

    private func makeSettings() throws -> TrafficSettings {
        var s = TrafficSettings()
        s.seed = seed; s.events = events; s.customers = customers; s.rate = rate
        s.duplicateShare = duplicates; s.malformedShare = malformed; s.lateShare = late
        s.types = types.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } ?? []
        var problems: [String] = []
        if let ms = UTCTime.parse(start) { s.startMs = ms } else { problems.append("--start '\(start)' is not an RFC 3339 time") }
        if let ms = DurationParser.milliseconds(jitter) { s.jitterMs = ms } else { problems.append("--jitter '\(jitter)' is not a duration (e.g. 2s)") }
        if let ms = DurationParser.milliseconds(lateDelay) { s.lateDelayMs = ms } else { problems.append("--late-delay '\(lateDelay)' is not a duration (e.g. 10m)") }
        problems += s.problems
        guard problems.isEmpty else { throw ValidationError(problems.joined(separator: "; ")) }
        return s
    }
}
