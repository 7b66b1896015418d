import ArgumentParser
import DaemonConfig
import Engine
#if canImport(Glibc)
import Glibc
#endif

/// `--config FILE`, shared by every subcommand that reads a config.
struct ConfigOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Path of the YAML config file.")
    var config: String

    /// Loads, interpolates and validates the config and compiles its pipelines, printing every
    /// problem as `file:line:col: message` to stderr. Exit code 2 on any problem.
    func loadValidated() throws -> (DaemonConfig, Engine) {
        do {
            let cfg = try ConfigLoader.load(path: config)
            let engine = try Engine(config: cfg)
            return (cfg, engine)
        } catch {
            let errors: ConfigErrors = error
            for d in errors.diagnostics { writeStderr("\(d)\n") }
            writeStderr("\(config): \(errors.diagnostics.count) problem(s) found\n")
            throw ExitCode(2)
        }
    }
}

func writeStderr(_ s: String) {
    StandardStreams.writeStderr(s)
}
