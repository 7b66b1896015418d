import ArgumentParser
import Scenarios

/// `stream-daemon test FILE...`: config unit tests. Each scenario file names a config and lists
/// scenarios (input events and the actions and dead letters they must produce); every scenario
/// runs through the engine in replay mode, no broker. See docs/SCENARIOS.md.
///
/// Exit status: 0 all passed, 1 a scenario failed, 2 a file (or its config) has problems.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Run scenario files (config unit tests) through replay mode.")

    @Argument(help: "Scenario files, e.g. config/*.test.yaml.")
    var files: [String]

    @Option(help: "Run only scenarios whose name contains this text.")
    var filter: String?

    func run() throws {
        let runner = ScenarioRunner(nameFilter: filter)
        var outcomes: [FileOutcome] = []
        for path in files {
            let outcome = runner.run(path: path)
            let text = ScenarioReport.render(outcome)
            if outcome.diagnostics.isEmpty { StandardStreams.writeStdout(Array(text.utf8)) } else { writeStderr(text) }
            outcomes.append(outcome)
        }
        StandardStreams.writeStdout(Array(ScenarioReport.summary(outcomes).utf8))
        let code = ScenarioReport.exitCode(outcomes)
        if code != 0 { throw ExitCode(code) }
    }
}
