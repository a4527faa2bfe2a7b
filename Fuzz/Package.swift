// swift-tools-version: 6.1
// libFuzzer targets for recon's readers, in their own package so that `swift build` and
// `swift test` of the main package never build them. Build and run them with `Fuzz/run.sh SECONDS`.
//
// Each executable is one libFuzzer entry point (`LLVMFuzzerTestOneInput`): it has no `main` of its
// own and links only with `-sanitize=fuzzer`, which supplies libFuzzer's driver.
import PackageDescription

let targets = ["FuzzGzip", "FuzzStatement", "FuzzLedger", "FuzzRoster", "FuzzReferences", "FuzzConfig"]

let package = Package(
    name: "recon-fuzz",
    dependencies: [.package(name: "recon", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "ReconCore", package: "recon")]),
    ] + targets.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                "FuzzSupport", .product(name: "ReconCore", package: "recon"), .product(name: "TOML", package: "recon"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    }
)
