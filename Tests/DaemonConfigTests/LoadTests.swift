import Foundation
import Testing
@testable import DaemonConfig

/// `ConfigLoader.load`: file reading and its failure modes.
@Suite struct LoadTests {
    @Test func missingFileIsOneDiagnosticWithTheOSReason() {
        let path = "/nonexistent-\(UUID().uuidString)/daemon.yaml"
        #expect(loadErrors(path) == ["\(path):1:1: cannot read config file: No such file or directory"])
    }

    @Test func directoryIsOneDiagnosticWithTheOSReason() {
        let path = NSTemporaryDirectory()
        #expect(loadErrors(path) == ["\(path):1:1: cannot read config file: Is a directory"])
    }

    @Test func fileIsReadAndLabelledWithThePathAsGiven() throws {
        let path = try temporaryFile(contents: Data(minimalYAML.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try ConfigLoader.load(path: path, environment: [:])
        #expect(config.file == path)
        #expect(config.pipelines.first?.action.messageLocation.file == path)
    }

    @Test func diagnosticsCarryThePath() throws {
        let path = try temporaryFile(contents: Data(minimalYAML.replacing("  group_id: g", with: "  grop_id: g").utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(loadErrors(path) == ["\(path):3:3: unknown key 'grop_id' in kafka (did you mean 'group_id'?)"])
    }

    @Test func invalidUTF8IsReported() throws {
        let path = try temporaryFile(contents: Data([0x6B, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(loadErrors(path) == ["\(path):1:1: cannot read config file: not valid UTF-8"])
    }

    @Test func defaultEnvironmentIsTheProcessEnvironment() throws {
        // PATH is set in any test environment; a config using it must load with the default argument.
        let yaml = minimalYAML.replacing("  dir: /tmp/s", with: "  dir: ${PATH}")
        let path = try temporaryFile(contents: Data(yaml.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try ConfigLoader.load(path: path)
        #expect(config.state.dir == ProcessInfo.processInfo.environment["PATH"])
    }

    private func loadErrors(_ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String] {
        do {
            _ = try ConfigLoader.load(path: path, environment: [:])
            Issue.record("expected load to fail", sourceLocation: sourceLocation)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    private func temporaryFile(contents: Data) throws -> String {
        let path = NSTemporaryDirectory() + "daemon-config-\(UUID().uuidString).yaml"
        try contents.write(to: URL(fileURLWithPath: path))
        return path
    }
}
