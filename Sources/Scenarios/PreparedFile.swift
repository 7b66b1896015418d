import DaemonConfig
import Engine
import Foundation
import Operators

/// A scenario file checked against its config: the compiled engine (a value, copied fresh for
/// each scenario), each scenario's records, and the table rows as table-topic records.
struct PreparedFile {
    let file: ScenarioFile
    let topic: String
    let prototype: Engine
    let records: [[[UInt8]]]
    let tableRecords: [LocatedRecord]
    let scenarioTableRecords: [[LocatedRecord]]
    let clockRecords: [[UInt8]?]

    /// Everything that depends on the config is checked here, reported at the scenario file's
    /// positions (or the config's own, for a config that does not load).
    init(_ file: ScenarioFile, environment: [String: String]) throws(ConfigErrors) {
        self.file = file
        guard FileManager.default.isReadableFile(atPath: file.configPath) else {
            throw ConfigErrors([ConfigDiagnostic(file.configLocation, "cannot read config '\(file.configPath)'")])
        }
        let config: DaemonConfig
        do {
            config = try ConfigLoader.load(path: file.configPath, environment: environment)
            prototype = try Engine(config: config, replay: true)
        } catch {
            throw ConfigErrors([ConfigDiagnostic(file.configLocation, "config '\(file.configPath)' has \(error.diagnostics.count) problem(s)")]
                + error.diagnostics)
        }
        var problems: [ConfigDiagnostic] = []
        let input = file.topic.map { t in config.inputs.first { $0.topic == t.name } } ?? config.inputs.first
        if let t = file.topic, input == nil {
            problems.append(ConfigDiagnostic(t.location, "topic '\(t.name)' is not an input of the config (inputs: "
                + config.inputs.map(\.topic).joined(separator: ", ") + ")"))
        }
        topic = input?.topic ?? ""
        var encoder: EventEncoder?
        if let input {
            do throws(ConfigDiagnostic) {
                encoder = try EventEncoder(input: input, maxOutOfOrdernessMs: config.watermark.maxOutOfOrdernessMs)
            } catch {
                problems.append(ConfigDiagnostic(file.configLocation, "\(error.message) (\(error.location))"))
            }
        }
        var records: [[[UInt8]]] = []
        var clocks: [[UInt8]?] = []
        for s in file.scenarios {
            var lines: [[UInt8]] = []
            for e in s.events {
                do throws(ConfigDiagnostic) {
                    if let encoder { lines.append(try encoder.record(e)) }
                } catch {
                    problems.append(error)
                }
            }
            records.append(lines)
            // Past T: a watermark W finalises events before W (one at W may still come) and fires
            // timers due before W, so "advanced to T" is a watermark of T + 1 ms.
            clocks.append(s.advanceToMs.flatMap { encoder?.clockRecord(watermarkMs: $0 + 1) })
        }
        self.records = records
        clockRecords = clocks
        tableRecords = Self.tableRecords(file.tables + Self.profileRows(file.profiles, config, &problems), config, &problems)
        scenarioTableRecords = file.scenarios.map {
            Self.tableRecords($0.tables + Self.profileRows($0.policy.profiles, config, &problems), config, &problems)
        }
        problems += Self.policyProblems(file.scenarios, config)
        // Rows a table cannot hold are errors in the file, not scenario failures.
        var scratch = prototype
        for r in tableRecords + scenarioTableRecords.flatMap({ $0 }) {
            if let dead = scratch.applyTableRecord(r.record) {
                problems.append(ConfigDiagnostic(r.location, "row rejected by the table: \(dead.reason.rawValue): \(dead.detail)"))
            }
        }
        if !problems.isEmpty { throw ConfigErrors(problems) }
    }

    /// Table rows as the records of the tables' topics, row order = offset order.
    private static func tableRecords(_ tables: [TableRows], _ config: DaemonConfig,
                                     _ problems: inout [ConfigDiagnostic]) -> [LocatedRecord] {
        var out: [LocatedRecord] = []
        for t in tables {
            guard let table = config.tables.first(where: { $0.name == t.table }) else {
                let known = config.tables.map(\.name)
                problems.append(ConfigDiagnostic(t.location, "the config has no table '\(t.table)'"
                    + (known.isEmpty ? " (it declares none)" : " (tables: \(known.joined(separator: ", ")))")))
                continue
            }
            for row in t.rows {
                if row.key == nil, table.keyField == nil {
                    problems.append(ConfigDiagnostic(row.location, "table '\(t.table)' is keyed by the record key: write its rows as KEY: {fields}"))
                    continue
                }
                let source = EventSource(topic: table.topic, partition: 0, offset: Int64(out.count))
                out.append(LocatedRecord(record: InputRecord(source: source, key: row.key.map { Array($0.utf8) }, value: row.value.encoded(),
                                                             timestampMs: nil, headers: []), location: row.location))
            }
        }
        return out
    }
}

/// A table row's record and where the row stands in the scenario file.
struct LocatedRecord {
    var record: InputRecord
    var location: ConfigLocation
}
