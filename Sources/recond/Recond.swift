import ArgumentParser
import ReconCore

/// `recond`: ingest channel statements and reference lists, reconcile, and keep the findings.
@main
struct Recond: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recond",
        abstract: "Reconcile resident pension and medical insurance payments against the roster and the tax ledger.",
        discussion: """
            Exit codes: 0 the run completed (quarantined files and findings are results, not failures); \
            1 the run could not complete (unreadable database, inbox or disk); 2 bad configuration; 64 usage error.
            """,
        version: ReconVersion.string,
        subcommands: [RunCommand.self, CheckConfigCommand.self, PurgeCommand.self, BackupCommand.self, UserCommand.self, DemoCommand.self,
                      PushCommand.self]
    )
}
