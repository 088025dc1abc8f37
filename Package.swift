// swift-tools-version: 6.1
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Gavel",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "GavelCrypto", targets: ["GavelCrypto"]),
        // For Benchmarks/, a package of its own: the per-BID cost of the pure modules.
        .library(name: "GavelCore", targets: ["GavelCore"]),
        .library(name: "GavelEntry", targets: ["GavelEntry"]),
        .library(name: "GavelWire", targets: ["GavelWire"]),
        .executable(name: "gaveld", targets: ["gaveld"]),
        .library(name: "GavelClient", targets: ["GavelClient"]),
        .executable(name: "gavel-load", targets: ["gavel-load"]),
        .executable(name: "gavel", targets: ["gavel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "GavelCore", swiftSettings: strictSwift),
        .target(name: "GavelServerConfiguration", dependencies: ["GavelCore"], swiftSettings: strictSwift),
        .testTarget(
            name: "GavelCoreTests",
            dependencies: ["GavelCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strictSwift
        ),
        .target(name: "GavelCrypto", dependencies: ["COpenSSL"], swiftSettings: strictSwift),
        .executableTarget(name: "GavelCryptoLeakLoop", dependencies: ["GavelCrypto"], swiftSettings: strictSwift),
        .target(name: "GavelEntry", dependencies: ["GavelCore", "GavelCrypto"], swiftSettings: strictSwift),
        .testTarget(
            name: "GavelEntryTests",
            dependencies: ["GavelEntry", "GavelCore", "GavelCrypto", "GavelWire"],
            swiftSettings: strictSwift
        ),
        .target(
            name: "GavelLedger",
            dependencies: [
                "GavelCore", "GavelCrypto", "GavelEntry", "GavelPostgres",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "GavelLedgerTests",
            dependencies: [
                "GavelLedger", "GavelEntry", "GavelCore", "GavelCrypto", "GavelPostgres", "GavelTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .target(name: "GavelWire", dependencies: ["GavelCore"], swiftSettings: strictSwift),
        .testTarget(
            name: "GavelWireTests",
            dependencies: ["GavelWire", "GavelCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strictSwift
        ),
        .target(
            name: "GavelServer",
            dependencies: [
                "GavelServerConfiguration",
                "CGavelMalloc",
                "GavelCore", "GavelWire", "GavelCrypto", "GavelEntry",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "gavel-ledger-bench",
            dependencies: [
                "GavelLedger", "GavelEntry", "GavelCore", "GavelPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "gavel-ledger-fill",
            dependencies: [
                "GavelLedger", "GavelEntry", "GavelCore", "GavelCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "GavelServerTests",
            dependencies: [
                "GavelServerConfiguration",
                "GavelServer", "GavelLedger", "GavelEntry", "GavelCore", "GavelCrypto", "GavelPostgres",
                "GavelTestSupport", "GavelClient", "GavelWire", "GavelCLI", "GavelLoad",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "GaveldConfiguration",
            dependencies: [
                "GavelServerConfiguration",
                "GavelCore", "GavelCrypto", "GavelWire",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "gaveld",
            dependencies: [
                "GavelServerConfiguration",
                "GaveldConfiguration", "GavelServer", "GavelLedger", "GavelEntry", "GavelPostgres", "GavelCrypto",
                "GavelCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "GaveldTests",
            dependencies: ["GavelServerConfiguration", "GaveldConfiguration", "GavelCore", "GavelCrypto", "GavelWire"],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "SystemLibrariesTests", dependencies: ["CLibPQ", "COpenSSL"], swiftSettings: strictSwift),
        .testTarget(
            name: "GavelCryptoTests",
            dependencies: ["GavelCrypto", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strictSwift
        ),
        .target(name: "CGavelSpawn"),
        .target(name: "CGavelMalloc"),
        .target(
            name: "GavelPostgres",
            dependencies: ["CLibPQ", "CGavelSpawn", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSwift
        ),
        .target(name: "GavelTestSupport", dependencies: ["GavelPostgres"], swiftSettings: strictSwift),
        .testTarget(
            name: "GavelPostgresTests",
            dependencies: ["GavelPostgres", "GavelTestSupport"],
            swiftSettings: strictSwift
        ),
        .target(
            name: "GavelClient",
            dependencies: [
                "GavelCore", "GavelWire", "GavelCrypto", "GavelEntry",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "GavelLoad",
            dependencies: [
                "GavelEntry",
                "GavelClient", "GavelCore", "GavelWire", "GavelCrypto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "gavel-load",
            dependencies: [
                "GavelLoad", "GavelClient", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "GavelClientTests",
            dependencies: [
                "GavelServerConfiguration",
                "GavelClient", "GavelLoad", "GavelServer", "GavelEntry", "GavelCrypto", "GavelWire", "GavelCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "GavelCLI",
            dependencies: ["GavelClient", "GavelCore", "GavelWire", "GavelCrypto", "GavelEntry", "CLibEdit"],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "gavel",
            dependencies: [
                "GavelCLI", "GavelClient", "GavelCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "GavelCLITests",
            dependencies: [
                "GavelServerConfiguration",
                "GavelCLI", "GavelClient", "GavelServer", "GavelEntry", "GavelCrypto", "GavelCore", "GavelWire",
                "GavelTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
    ]
)
