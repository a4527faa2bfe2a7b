// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "recon",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ReconCore", targets: ["ReconCore"]),
        .library(name: "ReconSynth", targets: ["ReconSynth"]),
        .library(name: "ReconReports", targets: ["ReconReports"]),
        .executable(name: "recond", targets: ["recond"]),
        .executable(name: "recon-report", targets: ["recon-report"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // System libraries: SQLite and zlib (with a shim for zlib's macro-only entry points).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // libxlsxwriter (Debian libxlsxwriter-dev) for the reports' XLSX format.
        .systemLibrary(name: "CXlsxWriter", path: "Sources/CXlsxWriter"),
        .target(
            name: "ReconCore",
            dependencies: ["CSQLite", "CZlib", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "ReconSynth", dependencies: ["ReconCore"]),
        // The reports of recon-report (tax office, audit bureau, finance) and their renderers.
        .target(name: "ReconReports", dependencies: ["ReconCore", "CXlsxWriter"]),
        .executableTarget(
            name: "recond",
            dependencies: [
                "ReconCore", "ReconSynth",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "recon-report",
            dependencies: [
                "ReconCore", "ReconReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ReconCoreTests", dependencies: ["ReconCore", "ReconSynth", "ReconReports"]),
    ]
)
