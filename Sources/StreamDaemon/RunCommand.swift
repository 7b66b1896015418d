import ArgumentParser
import Logging
import KafkaClient

/// `stream-daemon run --config F`: validates, then consumes until SIGTERM/SIGINT.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the daemon.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() throws {
        let (cfg, engine) = try options.loadValidated()
        let level = Logger.Level(rawValue: logLevel) ?? .info
        // Logs go to stderr: stdout carries nothing but metrics lines.
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        }
        let logger = Logger(label: "stream-daemon")
        logger.info("starting", metadata: ["version": "\(VersionCommand.daemonVersion)",
                                           "librdkafka": "\(Librdkafka.versionString)", "config": "\(options.config)"])
        if !Librdkafka.isAtLeast2_1 {
            logger.warning("librdkafka below 2.1: it mis-parses flexible ApiVersions replies from some brokers; use 2.1 or later",
                           metadata: ["librdkafka": "\(Librdkafka.versionString)"])
        }
        SignalHandling.install()
        let daemon = Daemon(config: cfg, engine: engine, logger: logger)
        let code = daemon.run()
        if code != 0 { throw ExitCode(code) }
    }
}
