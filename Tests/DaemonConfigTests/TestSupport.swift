import Foundation
import Testing
@testable import DaemonConfig

/// The smallest valid config; tests derive variants from it with `replacing(_:with:)` so each
/// test states only what it changes.
///
/// Line numbers (used by location assertions):
///  1 kafka: / 2 brokers / 3 group_id / 4 inputs: / 5 - topic / 6 time_field / 7 output: /
///  8 actions_topic / 9 dead_letter_topic / 10 state: / 11 dir / 12 pipelines: / 13 - name /
///  14 action: / 15 channel / 16 message
let minimalYAML = """
    kafka:
      brokers: b:9092
      group_id: g
    inputs:
      - topic: in
        time_field: ts
    output:
      actions_topic: out
      dead_letter_topic: dlq
    state:
      dir: /tmp/s
    pipelines:
      - name: p
        action:
          channel: sms
          message: hi
    """

extension String {
    /// Replaces exactly one occurrence, so a fixture edit that silently does nothing fails the test.
    func replacing(_ target: String, with replacement: String,
                   sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let parts = components(separatedBy: target)
        #expect(parts.count == 2, "fixture must contain '\(target)' exactly once", sourceLocation: sourceLocation)
        return parts.joined(separator: replacement)
    }
}

/// Parses `yaml` expecting success; records an issue listing the diagnostics otherwise.
func parseValid(_ yaml: String, environment: [String: String] = [:],
                sourceLocation: Testing.SourceLocation = #_sourceLocation) -> DaemonConfig? {
    do {
        return try ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: environment)
    } catch {
        Issue.record("unexpected config errors:\n\(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Parses `yaml` expecting failure; returns the diagnostics as `file:line:col: message` lines.
func errors(_ yaml: String, environment: [String: String] = [:], file: String = "test.yaml",
            sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String] {
    diagnostics(yaml, environment: environment, file: file, sourceLocation: sourceLocation).map(\.description)
}

/// Parses `yaml` expecting failure; returns only the messages, for tests about wording not position.
func messages(_ yaml: String, environment: [String: String] = [:],
              sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String] {
    diagnostics(yaml, environment: environment, sourceLocation: sourceLocation).map(\.message)
}

func diagnostics(_ yaml: String, environment: [String: String] = [:], file: String = "test.yaml",
                 sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [ConfigDiagnostic] {
    do {
        let config = try ConfigLoader.parse(yaml: yaml, file: file, environment: environment)
        Issue.record("expected config errors, but it parsed: \(config)", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.diagnostics
    }
}

/// `minimalYAML` with `keys` (written without indentation) inserted into the pipeline right
/// after `- name: p`, so kind-specific tests state only their own keys. Line `n` of `keys` is
/// line `13 + n` of the file, and the pipeline mapping itself starts at 13:5.
func pipeline(_ keys: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let indented = keys.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
    return minimalYAML.replacing("  - name: p\n", with: "  - name: p\n" + indented.joined(separator: "\n") + "\n",
                                 sourceLocation: sourceLocation)
}

/// A sample under `config/`, found relative to this source file so the test runs from any directory.
func sampleConfigPath(_ name: String) -> String {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // DaemonConfigTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // repository root
        .appendingPathComponent("config").appendingPathComponent(name).path
}

/// `config/demo.yaml`.
let demoConfigPath = sampleConfigPath("demo.yaml")
