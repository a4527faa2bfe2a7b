import ArgumentParser
import Foundation
import ReconCore
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

    @Option(help: "Output folder (inbox/, manifest.json and recon.sqlite go there).")
    var out: String = "recon-demo"

    func validate() throws {
        guard scale > 0, scale <= 100 else { throw ValidationError("--scale must be in (0, 100]") }
    }

    func run() throws {
        let fm = FileManager.default
        let database = out + "/recon.sqlite"
        do {
            try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
            for leftover in [database, database + "-wal", database + "-shm"] where fm.fileExists(atPath: leftover) {
                try fm.removeItem(atPath: leftover)
            }
            if fm.fileExists(atPath: out + "/inbox") { try fm.removeItem(atPath: out + "/inbox") }
            let t0 = Date()
            let manifest = try DistrictGenerator(options: .init(scale: scale, seed: seed)).generate(into: out)
            Terminal.error(String(format: "recon demo: generated %d files (scale %.2f, seed %llu) in %.1f s",
                                  manifest.files.count, scale, seed, Date().timeIntervalSince(t0)))
            let report = try OnceJob(inbox: out + "/inbox", database: database, asOf: nil)
                .run(progress: Terminal.progress)
            Terminal.error(report.text)
            print("database: \(database)")
        } catch {
            Terminal.error("recond demo: \(error)")
            throw ExitCode(1)
        }
    }
}
