// swift-tools-version:6.1
import PackageDescription

/// libFuzzer targets for Mendel's input parsers (issue 9, item 2). A separate package so the main
/// package is untouched: the library targets below point at relative symlinks in `Modules/` that lead
/// to `../Sources/<Module>`, with the same dependencies and settings as the main Package.swift.
/// Build and run through `fuzz/run TARGET [SECONDS]` (it passes `--sanitize=fuzzer,address`).
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"])]

func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: dependencies, path: "Targets/\(name)",
                      swiftSettings: [.unsafeFlags(["-parse-as-library"])])
}

let package = Package(
    name: "MendelFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", path: "Modules/COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", path: "Modules/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "MendelCore", path: "Modules/MendelCore"),
        .target(name: "MendelCrypto", dependencies: ["MendelCore", "COpenSSL"], path: "Modules/MendelCrypto"),
        .target(name: "MendelPolicy", dependencies: ["MendelCore", "MendelCrypto", .product(name: "Yams", package: "Yams")],
                path: "Modules/MendelPolicy"),
        .target(name: "MendelKnowledge", dependencies: ["MendelCore", "MendelCrypto"], path: "Modules/MendelKnowledge",
                swiftSettings: optimised),
        .target(name: "MendelVariants", dependencies: ["MendelCore", "MendelKnowledge", "CZlib"], path: "Modules/MendelVariants",
                swiftSettings: optimised),
        .target(name: "CMendelKernels", path: "Modules/CMendelKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "MendelInference", dependencies: ["MendelCore", "MendelCrypto", "CMendelKernels"],
                path: "Modules/MendelInference", swiftSettings: optimised),
        // The daemon's HTTP request reading (not the whole MendelServer module, which pulls in every engine):
        // symlinks to Sources/MendelServer/{HTTPMessages,HTTPConnection,RequestTimeoutHandler}.swift.
        .target(name: "MendelServerHTTP", dependencies: [
            "MendelCore", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
        ], path: "Modules/MendelServerHTTP"),

        // One executable per entry point; each defines LLVMFuzzerTestOneInput (libFuzzer supplies main).
        fuzzTarget("fuzz-vcf", ["MendelVariants", "MendelCore"]),
        fuzzTarget("fuzz-phenopacket", ["MendelCore"]),
        fuzzTarget("fuzz-policy", ["MendelPolicy"]),
        fuzzTarget("fuzz-obo", ["MendelKnowledge"]),
        fuzzTarget("fuzz-hpoa", ["MendelKnowledge"]),
        fuzzTarget("fuzz-gguf", ["MendelInference"]),
        fuzzTarget("fuzz-safetensors", ["MendelInference"]),
        fuzzTarget("fuzz-http", ["MendelServerHTTP", "MendelCore", .product(name: "NIOCore", package: "swift-nio"),
                                 .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio")]),
        fuzzTarget("fuzz-tokenizer", ["MendelInference"]),
    ]
)
