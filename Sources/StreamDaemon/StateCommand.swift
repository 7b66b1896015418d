import ArgumentParser
import Operators
import StateStore

/// `stream-daemon state …`: inspect the durable task state under `state.dir`.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state", abstract: "Inspect the task state files.",
        subcommands: [StateStatsCommand.self])
}

/// `stream-daemon state stats --config F [--json]`: per task file and store, the key count and
/// key/value bytes, plus file sizes and totals.
///
/// Only sizes, never keys or values: those hold personal data, and this output ends up in
/// tickets and chat. Files are opened read-only, so it is safe to run against a live daemon.
struct StateStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Key counts and sizes per task and store (never keys or values).")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() throws {
        let (cfg, _) = try options.loadValidated()
        let directory = TaskStateStore.groupDirectory(stateDir: cfg.state.dir, group: cfg.kafka.groupID)
        let files: [String]
        do {
            guard let found = try TaskFileStats.taskFiles(in: directory) else {
                writeStderr("no state yet: \(directory) does not exist (it is created when the daemon first runs a task)\n")
                if json { StandardStreams.writeStdout(StateReport(directory: directory, exists: false).json()) }
                return
            }
            files = found
        } catch {
            writeStderr("\(directory): cannot list state directory: \(error)\n")
            throw ExitCode(1)
        }
        var report = StateReport(directory: directory, exists: true)
        for file in files {
            do {
                report.tasks.append(try TaskFileStats.read(path: file))
            } catch {
                report.errors.append((file, error.description))
                writeStderr("\(error)\n")
            }
        }
        StandardStreams.writeStdout(json ? report.json() : Array(report.table().utf8))
        if !report.errors.isEmpty { throw ExitCode(1) }
    }
}

/// The stats of one group directory, rendered as a table or as JSON.
private struct StateReport {
    var directory: String
    var exists: Bool
    var tasks: [TaskFileStats] = []
    /// Files that could not be read: (path, error).
    var errors: [(String, String)] = []

    private struct Sums {
        var keys = 0, keyBytes = 0, valueBytes = 0
        init(_ stores: [StoreStats]) {
            for s in stores { keys += s.keys; keyBytes += s.keyBytes; valueBytes += s.valueBytes }
        }
    }

    private var total: Sums { Sums(tasks.flatMap(\.stores)) }
    private var totalFileBytes: Int { tasks.reduce(0) { $0 + $1.fileBytes } }

    /// One line per task and store; a `*` line per task carries its sums and file size (the
    /// file holds all its stores), and a final `*` `*` line the totals.
    func table() -> String {
        var rows: [[String]] = [["TASK", "STORE", "KEYS", "KEY_BYTES", "VALUE_BYTES", "FILE_BYTES"]]
        for task in tasks {
            for s in task.stores {
                rows.append([task.task, s.store, "\(s.keys)", "\(s.keyBytes)", "\(s.valueBytes)", "-"])
            }
            let sums = Sums(task.stores)
            rows.append([task.task, "*", "\(sums.keys)", "\(sums.keyBytes)", "\(sums.valueBytes)", "\(task.fileBytes)"])
        }
        let t = total
        rows.append(["*", "*", "\(t.keys)", "\(t.keyBytes)", "\(t.valueBytes)", "\(totalFileBytes)"])
        var out = "state dir \(directory): \(tasks.count) task file(s)\n"
        let widths = (0..<6).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column < 2 ? cell + pad : pad + cell  // names left, numbers right
            }
            out += cells.joined(separator: "  ") + "\n"
        }
        return out
    }

    func json() -> [UInt8] {
        var w = JSONWriter()
        w.raw("{\"dir\":"); w.writeString(directory)
        w.raw(",\"exists\":"); w.writeBool(exists)
        w.raw(",\"tasks\":[")
        for (i, task) in tasks.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"task\":"); w.writeString(task.task)
            w.raw(",\"file\":"); w.writeString(task.path)
            w.raw(",\"file_bytes\":"); w.writeInt(Int64(task.fileBytes))
            Self.writeSums(&w, Sums(task.stores))
            w.raw(",\"stores\":[")
            for (j, s) in task.stores.enumerated() {
                if j > 0 { w.raw(",") }
                w.raw("{\"store\":"); w.writeString(s.store)
                Self.writeSums(&w, Sums([s]))
                w.raw("}")
            }
            w.raw("]}")
        }
        w.raw("],\"total\":{\"tasks\":"); w.writeInt(Int64(tasks.count))
        w.raw(",\"file_bytes\":"); w.writeInt(Int64(totalFileBytes))
        Self.writeSums(&w, total)
        w.raw("},\"errors\":[")
        for (i, (file, message)) in errors.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"file\":"); w.writeString(file)
            w.raw(",\"error\":"); w.writeString(message)
            w.raw("}")
        }
        w.raw("]}\n")
        return w.bytes
    }

    private static func writeSums(_ w: inout JSONWriter, _ sums: Sums) {
        w.raw(",\"keys\":"); w.writeInt(Int64(sums.keys))
        w.raw(",\"key_bytes\":"); w.writeInt(Int64(sums.keyBytes))
        w.raw(",\"value_bytes\":"); w.writeInt(Int64(sums.valueBytes))
    }
}
