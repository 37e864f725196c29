// swift-tools-version:6.1
import PackageDescription

/// Compiled with -O even in debug builds (allowed for a root package): see the engine targets below.
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"])]

/// Mendel: on-premise clinical genetics diagnosis. See README.md and docs/ for the architecture.
/// One module per concern (DESIGN.md §2); C libraries only as `systemLibrary` targets.
let package = Package(
    name: "Mendel",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mendeld", targets: ["mendeld"]),
        .executable(name: "mendel", targets: ["mendel"]),
        .executable(name: "mendel-bench", targets: ["mendel-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        // System libraries (Debian: libssl-dev, zlib1g-dev).
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // LZ4: fast compression of documents before encryption (the vault's overhead budget is 1.3x).
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        // Linux calls Swift cannot import directly (variadic prctl).
        .systemLibrary(name: "CMendelSys"),

        // Shared value types; no I/O.
        .target(name: "MendelCore"),

        // Secure core.
        .target(name: "MendelCrypto", dependencies: ["MendelCore", "COpenSSL"]),
        .target(name: "MendelAudit", dependencies: ["MendelCore", "MendelCrypto"]),
        .target(name: "MendelPolicy", dependencies: ["MendelCore", "MendelCrypto", .product(name: "Yams", package: "Yams")]),
        .target(name: "MendelVault", dependencies: [
            "MendelCore", "MendelCrypto", "CZlib", "CLZ4", .product(name: "GRDB", package: "GRDB.swift"),
        ]),

        // Engines: pure libraries (values in, values + trace out).
        // Importers, rankers and parsers run on full-size data even in debug builds (the demo, the daemon
        // in development, integration tests): they are compiled optimised in every configuration.
        .target(name: "MendelKnowledge", dependencies: ["MendelCore", "MendelCrypto"], swiftSettings: optimised),
        .target(name: "MendelDiagnosis", dependencies: ["MendelCore", "MendelKnowledge", "MendelVariants", "MendelInference"], swiftSettings: optimised),
        .target(name: "MendelVariants", dependencies: ["MendelCore", "MendelKnowledge", "CZlib"], swiftSettings: optimised),
        // Numeric kernels are 20-600x slower unoptimised (STACK.md §4); keep them fast in debug too.
        .target(name: "MendelInference", dependencies: ["MendelCore", "MendelCrypto", "CMendelKernels"], swiftSettings: optimised),
        // Quantised dot products and small GEMMs in C with per-function ISA targets and run-time dispatch.
        .target(name: "CMendelKernels", cSettings: [.unsafeFlags(["-O3"])]),

        .target(name: "MendelPhenotype", dependencies: ["MendelCore", "MendelKnowledge", "MendelInference"], swiftSettings: optimised),

        .target(name: "MendelFairness", dependencies: ["MendelCore", "MendelKnowledge", "MendelVariants", "MendelDiagnosis"]),
        .target(name: "MendelReports", dependencies: ["MendelCore"]),

        // The daemon and its client.
        .target(name: "MendelServer", dependencies: [
            "MendelCore", "MendelCrypto", "MendelAudit", "MendelPolicy", "MendelVault",
            "MendelKnowledge", "MendelDiagnosis", "MendelVariants", "MendelPhenotype", "MendelInference", "MendelFairness", "MendelReports", "CMendelSys", "CZlib",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "MendelClient", dependencies: ["MendelCore"]),
        .executableTarget(name: "mendeld", dependencies: [
            "MendelServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Yams", package: "Yams"), .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "mendel", dependencies: [
            "MendelClient", "MendelCore", "MendelAudit", "MendelCrypto",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "mendel-bench", dependencies: [
            "MendelCore", "MendelCrypto", "MendelAudit", "MendelVault", "MendelKnowledge", "MendelDiagnosis", "MendelVariants", "MendelInference",
            .product(name: "GRDB", package: "GRDB.swift"),
            "MendelPhenotype", "MendelFairness", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Tests: one target per module.
        .testTarget(name: "MendelCoreTests", dependencies: ["MendelCore"]),
        .testTarget(name: "MendelCryptoTests", dependencies: ["MendelCrypto"]),
        .testTarget(name: "MendelAuditTests", dependencies: ["MendelAudit", "MendelCrypto"]),
        .testTarget(name: "MendelPolicyTests", dependencies: ["MendelPolicy"]),
        .testTarget(name: "MendelVaultTests", dependencies: ["MendelVault", "MendelCrypto", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "MendelKnowledgeTests", dependencies: ["MendelKnowledge"]),
        .testTarget(name: "MendelDiagnosisTests", dependencies: ["MendelDiagnosis", "MendelKnowledge", "MendelVariants"]),
        .testTarget(name: "MendelVariantsTests", dependencies: ["MendelVariants", "MendelKnowledge"]),
        .testTarget(name: "MendelInferenceTests", dependencies: ["MendelInference", "MendelCrypto"]),
        .testTarget(name: "MendelFairnessTests", dependencies: ["MendelFairness", "MendelDiagnosis", "MendelVariants", "MendelKnowledge"]),
        .testTarget(name: "MendelReportsTests", dependencies: ["MendelReports", "MendelCore"]),
        .testTarget(name: "MendelPhenotypeTests", dependencies: ["MendelPhenotype", "MendelKnowledge"]),
        .testTarget(name: "MendelServerTests", dependencies: ["MendelServer", "MendelClient", "MendelAudit", "MendelCrypto"]),
    ]
)
