import ArgumentParser
import ReconAuth
import ReconCore

/// `recond user add|disable|passwd|list`: the review desk's accounts, in the recon database.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the review desk's accounts (add, disable, passwd, list).",
        discussion: """
            Passwords never travel on a command line: they are read from --password-file FILE (mode 0600) \
            or standard input (--password-file -), and stored as Argon2id hashes. Roles: auditor (reviews \
            findings), tax, finance (read their pages), viewer (masked data only), admin (manages accounts).
            """,
        subcommands: [Add.self, Disable.self, Passwd.self, List.self]
    )

    struct Database: ParsableArguments {
        @Option(help: "The recon database.") var db: String

        func book() throws -> AccountBook {
            try DatabaseFile.checkExisting(db)
            return AccountBook(store: try Store(path: db))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account.")
        @Argument(help: "The account name.") var name: String
        @Option(help: "auditor, tax, finance, viewer or admin.") var role: String
        @Option(name: .customLong("password-file"), help: "A file (mode 0600) whose first line is the password, or - for standard input.")
        var passwordFile: String
        @OptionGroup var database: Database

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")), got '\(role)'")
            }
        }

        func run() throws {
            try UserCommand.run {
                try database.book().add(name, role: Role(rawValue: role)!, password: try AccountBook.readPassword(from: passwordFile))
                Terminal.error("recond user: account \(name) (\(role)) created")
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account (it can no longer log in; its decisions stay).")
        @Argument(help: "The account name.") var name: String
        @OptionGroup var database: Database

        func run() throws {
            try UserCommand.run {
                try database.book().disable(name)
                Terminal.error("recond user: account \(name) disabled")
            }
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set an account's password (also lifts a lock).")
        @Argument(help: "The account name.") var name: String
        @Option(name: .customLong("password-file"), help: "A file (mode 0600) whose first line is the password, or - for standard input.")
        var passwordFile: String
        @OptionGroup var database: Database

        func run() throws {
            try UserCommand.run {
                try database.book().setPassword(name, try AccountBook.readPassword(from: passwordFile))
                Terminal.error("recond user: password of \(name) changed")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @OptionGroup var database: Database

        func run() throws {
            try UserCommand.run {
                for a in try database.book().list() {
                    print([a.name, a.role.rawValue, a.disabled ? "disabled" : a.lockedUntil.map { "locked until \($0)" } ?? "active"]
                        .joined(separator: "\t"))
                }
            }
        }
    }

    /// Errors become a message and exit 1.
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as ExitCode {
            throw e
        } catch {
            Terminal.error("recond user: \(error)")
            throw ExitCode(1)
        }
    }
}
