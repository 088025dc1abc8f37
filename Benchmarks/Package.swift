// swift-tools-version: 6.1
import PackageDescription

// The per-BID cost of gaveld's pure modules (allocations, instructions, time per operation), apart from
// the main package so that building and testing gaveld never builds the benchmark harness.
// Run: swift package --package-path Benchmarks benchmark
let package = Package(
    name: "GavelBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Gavel", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "BIDPath",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GavelCore", package: "Gavel"),
                .product(name: "GavelCrypto", package: "Gavel"),
                .product(name: "GavelEntry", package: "Gavel"),
                .product(name: "GavelWire", package: "Gavel"),
            ],
            path: "Benchmarks/BIDPath",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
