import ArgumentParser
import ReconCore

/// `recond backup --db FILE --to FILE`: a consistent copy of a database, also while a daemon writes it.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy a database consistently, also while recond is writing it (SQLite's VACUUM INTO).",
        discussion: """
            The copy is made beside --to, checked, synced and then given its name; an existing file is \
            never replaced. The copy is created with mode 0600. The view snapshot (<db>.view) is not \
            copied: it is rebuilt from the tables.
            """
    )

    @Option(help: "The database to copy.")
    var db: String

    @Option(help: "The new file to write (must not exist).")
    var to: String

    func run() throws {
        do {
            Terminal.error(try Backup(database: db, target: to).run().text)
        } catch {
            Terminal.error("recond backup: \(error)")
            throw ExitCode(1)
        }
    }
}
