// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "recon",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ReconCore", targets: ["ReconCore"]),
        .library(name: "SQLiteStore", targets: ["SQLiteStore"]),
        .library(name: "TOML", targets: ["TOML"]),
        .library(name: "ReconSynth", targets: ["ReconSynth"]),
        .library(name: "ReconReports", targets: ["ReconReports"]),
        .executable(name: "recond", targets: ["recond"]),
        .executable(name: "recon-report", targets: ["recon-report"]),
        .executable(name: "recon-central", targets: ["recon-central"]),
    ],
    dependencies: [
        // The two command-line tools' parsing, help, completions and man pages.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The logging API the daemon logs through (the handler is recon's own, in ReconDaemon).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The review desk's HTTP server (SwiftNIO underneath) and, for its tests, its testing library.
        // Its optional swift-configuration support is left out (traits: []): less to build.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    ],
    targets: [
        // System libraries, each naming the Debian package that provides it.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // zlib, with a shim for its macro-only entry points.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // ISA-L's igzip: the inputs inflate about twice as fast as with zlib (zlib stays the reference).
        .systemLibrary(name: "CISAL", path: "Sources/CISAL", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        // libxlsxwriter for the reports' XLSX format.
        .systemLibrary(name: "CXlsxWriter", path: "Sources/CXlsxWriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // libsodium: Argon2id password hashes and random session tokens for the review desk's accounts.
        .systemLibrary(name: "CSodium", path: "Sources/CSodium", providers: [.apt(["libsodium-dev"])]),
        // libpq, PostgreSQL's own C client: the central store (COPY, SCRAM, PGPASSFILE) at no build cost.
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // A thin layer over SQLite's C API: connections, prepared statements, batched inserts, errors.
        .target(name: "SQLiteStore", dependencies: ["CSQLite"]),
        // A TOML 1.0 reader whose errors name the line and column.
        .target(name: "TOML"),
        // Formats, normalisation, model, ingest, the store's schema, the joined view, the rules.
        .target(name: "ReconCore", dependencies: ["SQLiteStore", "TOML", "CZlib", "CISAL"]),
        // The daemon: inbox watcher, archiver, health and metrics endpoint, instance lock, log handler.
        .target(
            name: "ReconDaemon",
            dependencies: ["ReconCore", "ReconCentral", "SQLiteStore", .product(name: "Logging", package: "swift-log")]
        ),
        // The synthetic district generator (the demo, tests and benchmarks).
        .target(name: "ReconSynth", dependencies: ["ReconCore"]),
        // Review-desk accounts: roles, Argon2id password hashes (libsodium), lock-out after failed logins.
        .target(name: "ReconAuth", dependencies: ["ReconCore", "SQLiteStore", "CSodium"]),
        // The review desk: server-rendered pages for the audit bureau, the tax office and finance.
        .target(
            name: "ReconWeb",
            dependencies: ["ReconCore", "ReconReports", "ReconAuth", "SQLiteStore",
                           .product(name: "Hummingbird", package: "hummingbird")]
        ),
        // The central store of many counties on PostgreSQL: a county's push, the owner's operations.
        .target(name: "ReconCentral", dependencies: ["ReconCore", "SQLiteStore", "CLibPQ"]),
        // The reports of recon-report (tax office, audit bureau, finance) and their renderers.
        .target(name: "ReconReports", dependencies: ["ReconCore", "SQLiteStore", "CXlsxWriter"]),
        .executableTarget(
            name: "recond",
            dependencies: [
                "ReconCore", "ReconDaemon", "ReconSynth", "ReconAuth", "ReconWeb", "ReconCentral", "SQLiteStore", "TOML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "recon-central",
            dependencies: ["ReconCentral", "ReconCore", "ReconReports", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "recon-report",
            dependencies: [
                "ReconCore", "ReconReports", "ReconWeb", "SQLiteStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Fixtures the test targets share: temporary inboxes, real processes, small districts.
        .target(name: "ReconTestSupport", dependencies: ["ReconCore", "SQLiteStore"], path: "Sources/ReconTestSupport"),
        .testTarget(name: "SQLiteStoreTests", dependencies: ["SQLiteStore", "ReconTestSupport"]),
        .testTarget(name: "TOMLTests", dependencies: ["TOML", "ReconTestSupport"]),
        .testTarget(name: "ReconCoreTests", dependencies: ["ReconCore", "SQLiteStore", "TOML", "ReconTestSupport"]),
        .testTarget(name: "ReconAuthTests", dependencies: ["ReconAuth", "ReconCore", "ReconTestSupport"]),
        .testTarget(
            name: "ReconWebTests",
            dependencies: ["ReconWeb", "ReconAuth", "ReconCore", "ReconReports", "SQLiteStore", "ReconTestSupport",
                           .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(
            name: "ReconDaemonTests",
            dependencies: ["ReconDaemon", "ReconCore", "ReconTestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "ReconCentralTests", dependencies: ["ReconCentral", "ReconCore", "SQLiteStore", "ReconTestSupport"]),
        .testTarget(name: "ReconSynthTests", dependencies: ["ReconSynth", "ReconCore", "ReconTestSupport"]),
        .testTarget(name: "ReconReportsTests", dependencies: ["ReconReports", "ReconCore", "SQLiteStore", "ReconSynth", "ReconTestSupport"]),
        // The built executables run as real processes: the daemon, check-config, reports, the demo district.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["ReconCore", "ReconDaemon", "SQLiteStore", "TOML", "ReconSynth", "ReconTestSupport"]
        ),
    ]
)
