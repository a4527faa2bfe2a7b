import ArgumentParser
import Foundation
import ReconCore
import ReconDaemon

/// `recond purge --before YEAR --db FILE`: remove the personal data of coverage years before YEAR,
/// keeping aggregates (see `ReconCore.Purge` for exactly what goes and what stays).
struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Remove the personal data of coverage years before YEAR, keeping counts and sums (purged_aggregates).",
        discussion: """
            Removes payments, ledger rows, findings and their reviews of those years; assistance and \
            employee-insured rows that ended before YEAR; the raw text of rejected lines and the bytes of \
            quarantined files of files dated before YEAR (and their copies in the quarantine folder, with \
            --quarantine or --config). Keeps files, runs, reject reasons, the current roster, death notices \
            and the aggregates. Those years are not reconciled again. Exit 0 done, 1 failed (nothing removed).
            """
    )

    @Option(help: "Remove coverage years before this one (e.g. 2024 removes 2023 and earlier).")
    var before: Int

    @Option(help: "The SQLite database file.")
    var db: String?

    @Option(help: "The quarantine folder whose purged files are deleted too.")
    var quarantine: String?

    @Option(help: "A daemon configuration: its database and quarantine folder.")
    var config: String?

    func validate() throws {
        guard (2000...2100).contains(before) else { throw ValidationError("--before must be a year (2000 to 2100)") }
        guard db != nil || config != nil else { throw ValidationError("give --db FILE or --config FILE") }
    }

    func run() throws {
        var database = db
        var folder = quarantine
        if let config {
            let c = try DaemonMode.loadConfiguration(config)
            database = database ?? c.database
            folder = folder ?? c.quarantine
        }
        guard let database else { throw ExitCode(64) }
        guard FileManager.default.fileExists(atPath: database) else {
            Terminal.error("recond purge: no database at \(database)")
            throw ExitCode(1)
        }
        do {
            // A running daemon or --once run on this database would be writing too.
            let lock = try InstanceLock(database: database)
            defer { lock.release() }
            let store = try Store(path: database)
            let summary = try Purge(store: store, beforeYear: before).run(quarantineFolder: folder)
            Terminal.error(summary.text)
        } catch {
            Terminal.error("recond purge: \(error)")
            throw ExitCode(1)
        }
    }
}
