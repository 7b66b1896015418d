import Foundation
@testable import Scenarios

/// The repository root, found from this file's path (Tests/ScenariosTests/TestSupport.swift).
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The scenario files shipped next to the sample configs.
func shippedScenarioFiles() throws -> [String] {
    // config/ and its subdirectories (config/triggers/ holds the trigger library).
    try FileManager.default.subpathsOfDirectory(atPath: repoRoot + "/config")
        .filter { $0.hasSuffix(".test.yaml") }.sorted().map { repoRoot + "/config/" + $0 }
}

/// Runs scenario text as if it were a file in config/, so `config: demo.yaml` resolves.
func runInline(_ text: String, name: String = "inline.test.yaml", environment: [String: String] = [:]) -> FileOutcome {
    ScenarioRunner(environment: environment).run(text: text, path: repoRoot + "/config/" + name)
}

/// Diagnostics as `line:col: message`, without the (machine-dependent) file path.
func problems(_ outcome: FileOutcome) -> [String] {
    outcome.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
}

/// A scratch directory for configs written by a test.
func scratchDirectory() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scenarios-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
