import ArgumentParser
import KafkaClient

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print versions.")
    static let daemonVersion = "0.1.0"

    func run() {
        print("stream-daemon \(Self.daemonVersion) (librdkafka \(Librdkafka.versionString))")
    }
}
