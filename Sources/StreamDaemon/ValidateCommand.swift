import ArgumentParser

/// `stream-daemon validate --config F`: every problem as `F:line:col: message`, non-zero exit.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check a config file and report every problem.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let (cfg, engine) = try options.loadValidated()
        writeStderr("\(options.config): ok (\(cfg.inputs.count) input(s), \(engine.triggers.count) pipeline(s))\n")
    }
}
