// swift-tools-version: 6.1
// The stream-daemon package: a Kafka-to-Kafka event processor for real-time CX triggers.
// Module map (see docs/ARCHITECTURE.md):
//   Operators    – pure stream operators, JSON reader, action encoding (no Kafka, no I/O)
//   DaemonConfig – YAML config schema, ${ENV} interpolation, validation with file:line:col
//   Engine       – builds the operator graph from config; turns input records into outputs
//                  (passing every action through the contact policy when `policies:` is set)
//   Policies     – contact policies: consent, frequency caps, quiet hours, holdout, attribution (pure)
//   StateStore   – SQLite-backed state
//   KafkaClient  – thin Swift wrapper over librdkafka (CRdKafka)
//   Scenarios    – scenario files (config unit tests) run through the engine in replay mode
//   TrafficGenerator – seeded sample CX traffic as JSON lines (pure)
//   StreamDaemon – the `stream-daemon` executable: CLI, run loop, metrics, signals
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "stream-daemon",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "stream-daemon", targets: ["StreamDaemon"]),
        // Library products so bench/micro (a separate package, to keep this build lean) can
        // benchmark the hot path directly.
        .library(name: "Operators", targets: ["Operators"]),
        .library(name: "DaemonConfig", targets: ["DaemonConfig"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "StateStore", targets: ["StateStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "CPrefetch"),
        .target(
            name: "Operators",
            dependencies: ["CPrefetch", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict
        ),
        .target(
            name: "DaemonConfig",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(
            name: "Engine",
            dependencies: ["Operators", "DaemonConfig", "Policies"],
            swiftSettings: strict
        ),
        .target(
            name: "Policies",
            dependencies: ["Operators"],
            swiftSettings: strict
        ),
        .target(
            name: "StateStore",
            dependencies: ["CSQLite"],
            swiftSettings: strict
        ),
        .target(
            name: "KafkaClient",
            dependencies: ["CRdKafka", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Config unit tests (`stream-daemon test`): scenario files run through replay mode.
        .target(
            name: "Scenarios",
            dependencies: ["Engine", "Operators", "Policies", "DaemonConfig", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Seeded sample CX traffic (`stream-daemon generate`).
        .target(name: "TrafficGenerator", swiftSettings: strict),
        .executableTarget(
            name: "StreamDaemon",
            dependencies: [
                "Operators", "DaemonConfig", "Engine", "Policies", "StateStore", "KafkaClient", "Scenarios",
                "TrafficGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OperatorsTests",
            dependencies: ["Operators", "TrafficGenerator", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict
        ),
        .testTarget(name: "DaemonConfigTests", dependencies: ["DaemonConfig"], swiftSettings: strict),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "DaemonConfig", "Operators", "Policies", "TrafficGenerator"],
                    swiftSettings: strict),
        .testTarget(name: "ScenariosTests", dependencies: ["Scenarios", "Engine", "Operators", "DaemonConfig"], swiftSettings: strict),
        .testTarget(name: "TrafficGeneratorTests", dependencies: ["TrafficGenerator", "Operators"], swiftSettings: strict),
        .testTarget(name: "StateStoreTests", dependencies: ["StateStore", "TrafficGenerator"], swiftSettings: strict),
        .testTarget(name: "PoliciesTests", dependencies: ["Policies", "Operators"], swiftSettings: strict),
    ]
)
