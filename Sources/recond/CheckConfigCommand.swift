import ArgumentParser
import Foundation
import ReconCore

/// `recond check-config FILE`: read a configuration as the daemon would and say what is wrong, where.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check a daemon configuration file (TOML): exit 0 and a summary when good, 2 and the file, line and key of the problem when not."
    )

    @Argument(help: "The configuration file.")
    var file: String

    func run() throws {
        let c = try DaemonMode.loadConfiguration(file)
        let formats = c.registry.formats.map(\.name).joined(separator: ", ")
        print("""
            \(file): OK
              inbox       \(c.inbox)
              archive     \(c.archive)
              quarantine  \(c.quarantine)
              database    \(c.database)
              listen      \(c.listen)
              log         \(c.logLevel.rawValue), \(c.logFormat.rawValue)
              reconcile   \(String(format: "%g", c.settleSeconds)) s after a burst settles\(c.reconcileAt.map { ", daily at \($0.description)" } ?? "")
              polling     every \(String(format: "%g", c.pollSeconds)) s; a file is taken once unchanged for \(String(format: "%g", c.stableSeconds)) s
              policies    \(c.policies.years.map(String.init).joined(separator: ", "))
              formats     \(formats)
            """)
    }
}
