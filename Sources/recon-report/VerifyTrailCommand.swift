import ArgumentParser
import Foundation
import ReconCore
import ReconReports

/// `recon-report verify-trail`: check the hash chain of the review decisions.
struct VerifyTrailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-trail",
        abstract: "Check the hash chain of every review decision: \"ok\" and exit 0 when intact, else the first broken entry and exit 1.",
        discussion: """
            Each decision's SHA-256 covers the previous decision's and its own content (code, subject, state, \
            reviewer, note, time). An entry changed, deleted or inserted out of order after it was written is \
            named; so are entries cut from the end. The database is opened read-only.
            """)

    @Option(help: "The recon database.") var db: String

    func run() throws {
        try fail {
            let database = try ReportDatabase(path: db)
            let result = try database.verifyTrail()
            if let broken = result.broken {
                FileHandle.standardError.write(Data("recon-report: the review trail is broken at entry #\(broken.id): \(broken.reason)\n".utf8))
                throw ExitCode(1)
            }
            print("ok: \(result.entries) review decisions, the chain is intact")
        }
    }
}
