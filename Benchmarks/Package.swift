// swift-tools-version: 6.1
// Stage benchmarks for recon, kept in their own package so that `swift build` and
// `swift test` of the main package never build ordo-one/benchmark.
//
//   cd Benchmarks && swift package --disable-sandbox benchmark
//
// Each target under Benchmarks/<Name>/ is one benchmark executable (discovered by the plugin);
// BenchFixtures generates the inputs (ReconSynth, small scale) once per benchmark process.
import PackageDescription

let package = Package(
    name: "recon-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "recon", path: ".."),
        // The default traits want a package that is not available here: MallocInterposer only.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "BenchFixtures",
            dependencies: [
                .product(name: "ReconCore", package: "recon"),
                .product(name: "ReconSynth", package: "recon"),
                .product(name: "Benchmark", package: "benchmark"),
            ]
        ),
        // Writes a synthetic inbox without reconciling it (Benchmarks/e2e.sh); not a benchmark.
        .executableTarget(
            name: "GenerateInbox",
            dependencies: [.product(name: "ReconSynth", package: "recon")]
        ),
        // Each format's inflate and parse throughput over an inbox, per core; not a benchmark.
        .executableTarget(
            name: "ParseThroughput",
            dependencies: [.product(name: "ReconCore", package: "recon")]
        ),
    ]
)

// One executable target per stage, each in Benchmarks/<Name>/.
for name in ["Inflate", "Parsers", "IDNormalise", "SQLiteWrites", "ViewLoad", "Rules"] {
    package.targets.append(
        .executableTarget(
            name: name,
            dependencies: [
                "BenchFixtures",
                .product(name: "ReconCore", package: "recon"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/\(name)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}
