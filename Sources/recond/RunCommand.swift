import ArgumentParser
import Foundation
import ReconCore
import ReconDaemon

/// `recond run --once --inbox DIR --db FILE`: ingest what is new in the inbox and exit.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Ingest every new file of an inbox and reconcile (with --once), or run the daemon (--config)."
    )

    @Flag(help: "Process the inbox once and exit.")
    var once = false

    @Option(help: "The inbox folder (with --once).")
    var inbox: String?

    @Option(help: "The SQLite database file (created with mode 0600 if missing).")
    var db: String?

    @Option(name: .customLong("as-of"), help: "Reconcile as of this date (YYYY-MM-DD) instead of the newest file date.")
    var asOf: String?

    @Option(help: "Configuration file (TOML).")
    var config: String?

    @Flag(help: "Also print how long each stage took (ingest, view loading, each rule).")
    var timings = false

    func validate() throws {
        if once {
            guard inbox != nil else { throw ValidationError("--once needs --inbox DIR") }
            guard db != nil else { throw ValidationError("--once needs --db FILE") }
        } else if config == nil {
            throw ValidationError("give --once --inbox DIR --db FILE, or --config FILE for the daemon")
        }
        if let asOf, LocalDate(asOf) == nil {
            throw ValidationError("--as-of must be a date YYYY-MM-DD, got '\(asOf)'")
        }
    }

    func run() throws {
        guard once, let inbox, let db else {
            try DaemonMode.run(configPath: config!)
            return
        }
        var configuration = Configuration()
        if let config {
            do {
                configuration = try Configuration.load(path: config)
            } catch {
                Terminal.error("recond: bad configuration: \(error)")
                throw ExitCode(2)
            }
        }
        // One recond per database: a daemon on it would be writing too. The inbox is checked first:
        // a mistyped one must not leave an empty database behind.
        let lock: InstanceLock
        do {
            try Inbox.requireFolder(inbox)
            lock = try InstanceLock(database: db)
        } catch {
            Terminal.error("recond: the run could not complete: \(error)")
            throw ExitCode(1)
        }
        defer { lock.release() }
        do {
            var job = OnceJob(inbox: inbox, database: db, asOf: asOf.flatMap(LocalDate.init))
            job.configuration = configuration
            let report = try job.run(progress: Terminal.progress)
            Terminal.error(report.text)
            if timings {
                Terminal.error((StageTime.lines(report.ingest.stages, prefix: "recon: ingest: ")
                    + StageTime.lines(report.reconcile.stages, prefix: "recon: reconcile: ")).joined(separator: "\n"))
            }
        } catch {
            Terminal.error("recond: the run could not complete: \(error)")
            throw ExitCode(1)
        }
    }
}
