// swift-tools-version: 6.1
// Micro-benchmarks of stream-daemon's hot path (ordo-one/benchmark).
//
// A separate package so the main package's build and CI stay free of the benchmark
// dependency tree. It depends on the main package by path and imports only its library
// products (no Kafka module, so no librdkafka is needed to build it).
//
// Run: bench/micro/run.sh (or `swift package --disable-sandbox benchmark` in this folder).
import PackageDescription

let benchmarkDependencies: [Target.Dependency] = [
    .product(name: "Benchmark", package: "benchmark"),
    "MicroSupport",
]

func benchmarkTarget(_ name: String, _ extra: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: benchmarkDependencies + extra,
        path: "Benchmarks/\(name)",
        swiftSettings: [.swiftLanguageMode(.v6)],
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "stream-daemon-micro",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(name: "stream-daemon", path: "../.."),
    ],
    targets: [
        // Shared fixtures: sample events, templates, configurations.
        .target(
            name: "MicroSupport",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Operators", package: "stream-daemon"),
            ],
            path: "Sources/MicroSupport",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        benchmarkTarget("DecodeBenchmarks", [.product(name: "Operators", package: "stream-daemon")]),
        benchmarkTarget("WindowBenchmarks", [.product(name: "Operators", package: "stream-daemon")]),
        benchmarkTarget("PatternBenchmarks", [.product(name: "Operators", package: "stream-daemon")]),
        benchmarkTarget("StateBenchmarks", [.product(name: "StateStore", package: "stream-daemon")]),
        benchmarkTarget("EngineBenchmarks", [
            .product(name: "Operators", package: "stream-daemon"),
            .product(name: "Engine", package: "stream-daemon"),
            .product(name: "DaemonConfig", package: "stream-daemon"),
        ]),
    ]
)
