import ArgumentParser
import Foundation
import ReconCore
import ReconDaemon
import ReconSynth

/// `recond demo`: make a synthetic district and reconcile it end to end.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a synthetic district in every input format and reconcile it end to end."
    )

    @Option(help: "Size: 1.0 is a county of ~420,000 enrollment rows (the plan of the 2024 notice).")
    var scale: Double = 1.0

    @Option(help: "Random seed: the same seed gives the same district byte for byte.")
    var seed: UInt64 = 1

    @Option(help: "Output folder (inbox/, manifest.json and recon.sqlite go there). A folder holding anything the demo did not make there is refused.")
    var out: String = "recon-demo"

    @Flag(help: "Replace an earlier demo in --out even when review decisions were recorded on it.")
    var replace = false

    func validate() throws {
        guard scale > 0, scale <= 100 else { throw ValidationError("--scale must be in (0, 100]") }
    }

    func run() throws {
        let folder = DemoFolder(path: out)
        do {
            // What is there is checked before anything is written; the lock keeps a daemon off the
            // database while the demo replaces it (and refuses one that is running on it).
            try folder.claim()
            let lock = try InstanceLock(database: folder.database)
            defer { lock.release() }
            if let replaced = try folder.clearEarlierDatabase(replacingReviews: replace) {
                Terminal.error("recon demo: \(replaced)")
            }
            let t0 = Date()
            let manifest = try DistrictGenerator(options: .init(scale: scale, seed: seed)).generate(into: out)
            Terminal.error(String(format: "recon demo: generated %d files (scale %.2f, seed %llu) in %.1f s",
                                  manifest.files.count, scale, seed, Date().timeIntervalSince(t0)))
            let report = try OnceJob(inbox: out + "/inbox", database: folder.database, asOf: nil)
                .run(progress: Terminal.progress)
            Terminal.error(report.text)
            print("database: \(folder.database)")
        } catch {
            Terminal.error("recond demo: \(error)")
            throw ExitCode(1)
        }
    }
}
