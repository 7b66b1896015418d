import ArgumentParser

/// `stream-daemon`: the entry point. Subcommands are one file each.
@main
struct StreamDaemonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream-daemon",
        abstract: "Real-time customer-experience triggers over Kafka.",
        subcommands: [RunCommand.self, ValidateCommand.self, ReplayCommand.self, TestCommand.self, GenerateCommand.self, StateCommand.self, VersionCommand.self],
        defaultSubcommand: nil
    )
}
