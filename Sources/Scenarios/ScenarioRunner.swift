import DaemonConfig
import Engine
import Foundation
import Operators

/// Runs scenario files: each scenario through a fresh engine in replay mode (virtual time, no
/// broker), exactly as `stream-daemon replay` would run its events, and compares the outputs
/// with the expectations.
public struct ScenarioRunner: Sendable {
    /// For `${VAR}` in the tested config.
    public var environment: [String: String]
    /// Runs only scenarios whose name contains this text (the file is still checked whole).
    public var nameFilter: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, nameFilter: String? = nil) {
        self.environment = environment
        self.nameFilter = nameFilter
    }

    /// Reads, checks and runs the scenario file at `path`.
    public func run(path: String) -> FileOutcome {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return FileOutcome(path: path, configPath: nil,
                               diagnostics: [ConfigDiagnostic(ConfigLocation(file: path, line: 1, column: 1), "cannot read scenario file")],
                               scenarios: [])
        }
        return run(text: text, path: path)
    }

    /// Runs scenario-file text; `path` labels diagnostics and anchors the relative config path.
    public func run(text: String, path: String) -> FileOutcome {
        let file: ScenarioFile
        switch ScenarioParser.parse(text, path: path) {
        case .failure(let errors): return FileOutcome(path: path, configPath: nil, diagnostics: errors.diagnostics, scenarios: [])
        case .success(let parsed): file = parsed
        }
        let prepared: PreparedFile
        do {
            prepared = try PreparedFile(file, environment: environment)
        } catch {
            return FileOutcome(path: path, configPath: file.configPath, diagnostics: error.diagnostics, scenarios: [])
        }
        let selected = file.scenarios.indices.filter { i in nameFilter.map { file.scenarios[i].name.contains($0) } ?? true }
        let outcomes = selected.map { prepared.run($0) }
        return FileOutcome(path: path, configPath: file.configPath, diagnostics: [], scenarios: outcomes)
    }
}
