import Testing
@testable import DaemonConfig

/// The optional top-level `watermark:` section.
@Suite struct WatermarkTests {
    @Test func absentOrNullMeansDefaults() throws {
        #expect(try #require(parseValid(minimalYAML)).watermark == WatermarkSettings(maxOutOfOrdernessMs: 5_000,
                                                                                      idleTimeoutMs: 30_000))
        let yaml = minimalYAML.replacing("state:", with: "watermark:\n  # max_out_of_orderness: 1s\nstate:")
        #expect(try #require(parseValid(yaml)).watermark == WatermarkSettings())
    }

    @Test func explicitValues() throws {
        let yaml = minimalYAML.replacing("state:", with: "watermark:\n  max_out_of_orderness: 2s\n  idle_timeout: 1m\nstate:")
        #expect(try #require(parseValid(yaml)).watermark == WatermarkSettings(maxOutOfOrdernessMs: 2_000, idleTimeoutMs: 60_000))
    }

    /// Zero out-of-orderness is meaningful (events arrive in order); a zero idle timeout is not.
    @Test func zeroBoundIsAllowed() throws {
        let yaml = minimalYAML.replacing("state:", with: "watermark:\n  max_out_of_orderness: 0s\nstate:")
        #expect(try #require(parseValid(yaml)).watermark.maxOutOfOrdernessMs == 0)
    }

    @Test(arguments: [
        ("idle_timeout: 0s", "test.yaml:11:17: watermark.idle_timeout must be greater than zero, got '0s'"),
        ("max_out_of_orderness: 5 s", "test.yaml:11:25: invalid duration '5 s' for watermark.max_out_of_orderness (expected e.g. 500ms, 10s, 5m, 1h, 7d)"),
        ("max_out_of_orderness: -1s", "test.yaml:11:25: invalid duration '-1s' for watermark.max_out_of_orderness (expected e.g. 500ms, 10s, 5m, 1h, 7d)"),
        ("idle_timout: 10s", "test.yaml:11:3: unknown key 'idle_timout' in watermark (did you mean 'idle_timeout'?)"),
    ])
    func invalidWatermark(line: String, expected: String) {
        let yaml = minimalYAML.replacing("state:", with: "watermark:\n  \(line)\nstate:")
        #expect(errors(yaml) == [expected])
    }

    @Test func watermarkMustBeAMapping() {
        let yaml = minimalYAML.replacing("state:", with: "watermark: 5s\nstate:")
        #expect(errors(yaml) == ["test.yaml:10:12: expected a mapping for watermark, got string '5s'"])
    }

    @Test func misspeltSectionGetsASuggestion() {
        let yaml = minimalYAML.replacing("state:", with: "watermarks:\n  idle_timeout: 10s\nstate:")
        #expect(errors(yaml) == ["test.yaml:10:1: unknown key 'watermarks' at top level (did you mean 'watermark'?)"])
    }
}
