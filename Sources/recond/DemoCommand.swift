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

    @Option(help: """
        Several neighbouring counties whose people overlap (moved, enrolled or paying in two, died in one):         a folder per county in --out (its inbox, manifest.json and recon.sqlite), and province.json with the         cross-county findings the central store must find once every county pushed (`recond push`).
        """)
    var counties: Int?

    func validate() throws {
        guard scale > 0, scale <= 100 else { throw ValidationError("--scale must be in (0, 100]") }
        if let counties, !(1...200).contains(counties) { throw ValidationError("--counties must be 1 to 200") }
    }

    func run() throws {
        if let counties {
            do {
                try province(counties)
            } catch {
                Terminal.error("recond demo: \(error)")
                throw ExitCode(1)
            }
            return
        }
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

    /// `--counties N`: the province's folders, each a demo folder of its own, generated together and
    /// reconciled one after the other.
    func province(_ n: Int) throws {
        try DemoFolder(path: out).claim()
        let folders = (0..<n).map { DemoFolder(path: out + "/" + ProvinceGenerator.county($0)) }
        var locks: [InstanceLock] = []
        defer { locks.forEach { $0.release() } }
        for f in folders {
            try f.claim()
            locks.append(try InstanceLock(database: f.database))
            if let replaced = try f.clearEarlierDatabase(replacingReviews: replace) { Terminal.error("recon demo: \(replaced)") }
        }
        let t0 = Date()
        let manifest = try ProvinceGenerator(options: .init(counties: n, scale: scale, seed: seed)).generate(into: out)
        Terminal.error(String(format: "recon demo: generated %d counties (scale %.2f, seed %llu) in %.1f s; %d cross-county findings planted",
                              n, scale, seed, Date().timeIntervalSince(t0), manifest.findings.count))
        for f in folders {
            let report = try OnceJob(inbox: f.path + "/inbox", database: f.database, asOf: nil).run(progress: Terminal.progress)
            Terminal.error(report.text)
            print("database: \(f.database)")
        }
        print("province: \(out)/province.json")
    }
}
