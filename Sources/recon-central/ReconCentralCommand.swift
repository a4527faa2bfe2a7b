import ArgumentParser
import Foundation
import ReconCentral
import ReconCore

/// `recon-central`: the city's or province's central PostgreSQL store of many counties (CENTRAL.md).
@main
struct ReconCentralCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recon-central",
        abstract: "The central store of many counties: schema, counties, cross-county findings and their reviews.",
        discussion: """
            Runs as the central database's owner role. Its password comes from --password-file (mode 0600) \
            or from libpq's PGPASSFILE / ~/.pgpass; never put it in the URL. Counties push with `recond push`.
            """,
        version: ReconVersion.string,
        subcommands: [MigrateCommand.self, CountyCommand.self, ReconcileCommand.self, CentralReviewCommand.self,
                      StatusCommand.self, CentralFindingsCommand.self]
    )
}

/// Where the central store is and how to log in to it.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The central store: postgresql://OWNER@HOST:PORT/DB (no password in it).") var url: String
    @Option(name: .customLong("password-file"), help: "The owner's password, first line of a file only its owner can read.")
    var passwordFile: String?

    func store() throws -> CentralStore { try CentralStore(url: url, passwordFile: passwordFile) }
}

/// Runs `body`; a failure prints `recon-central: …` on stderr and exits 1.
func fail(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch {
        FileHandle.standardError.write(Data("recon-central: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or upgrade the central schema.")
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try fail {
            let store = try connection.store()
            let applied = try store.migrate()
            let now = try store.versions().last ?? 0
            say(applied.isEmpty ? "the central schema is current (version \(now))"
                                : "applied migration\(applied.count == 1 ? "" : "s") \(applied.map(String.init).joined(separator: ", ")); the central schema is at version \(now)")
        }
    }
}

struct CountyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "county", abstract: "Counties of the central store.",
                                                    subcommands: [CountyAddCommand.self])
}

struct CountyAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Create county CODE's role (recon_CODE), partitions and row-level policies.",
        discussion: "Run again to change the county's password. Prints what to put in that county's recond TOML.")
    @Argument(help: "The county's 6-digit code.") var code: String
    @OptionGroup var connection: ConnectionOptions
    @Option(name: .customLong("role-password-file"), help: "The county role's password (first line; the file mode 0600; - reads standard input).")
    var rolePasswordFile: String

    func run() throws {
        try fail {
            try connection.store().addCounty(code, password: try CountyPush.password(fromFile: rolePasswordFile))
            say("""
                county \(code) added: role recon_\(code), its partitions and row-level policies.
                In that county's recond configuration (the password file mode 0600, holding the same password):

                [central]
                url           = "\(CountyURL.make(from: connection.url, role: "recon_" + code))"
                password_file = "/etc/recon/central.pass"
                county        = "\(code)"
                """)
        }
    }
}

struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reconcile", abstract: "Compute the cross-county findings.")
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try fail {
            let start = Date()
            let r = try connection.store().reconcile()
            say("reconciled: \(r.found) cross-county findings found, \(r.new) new, \(r.reopened) reopened, \(r.resolved) resolved, \(r.open) open (\(String(format: "%.2f", Date().timeIntervalSince(start))) s)")
        }
    }
}

struct CentralReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "review", abstract: "Record a review of a cross-county finding.")
    @OptionGroup var connection: ConnectionOptions
    @Option var code: String
    @Option var subject: String
    @Option(help: "confirmed, dismissed or escalated.") var state: String
    @Option var reviewer: String
    @Option var note: String

    func run() throws {
        try fail {
            try connection.store().review(code: code, subject: subject, state: state, reviewer: reviewer, note: note)
            say("recorded: \(code) \(subject) \(state)")
        }
    }
}
