import ArgumentParser
import Foundation
import ReconCore

/// `recon-report review`: record the audit bureau's decision on one finding.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "review", abstract: "Record a review decision on a finding.")

    @Option(help: "The recon database.") var db: String
    @Option(help: "The finding's code.") var code: String
    @Option(help: "The finding's subject.") var subject: String
    @Option(help: "confirmed, dismissed or escalated.") var state: String
    @Option(help: "Who decides.") var reviewer: String
    @Option(help: "Why.") var note: String

    func validate() throws {
        guard ReviewBook.State(rawValue: state) != nil else {
            throw ValidationError("--state must be confirmed, dismissed or escalated, got '\(state)'")
        }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: db) else {
            FileHandle.standardError.write(Data("recon-report: no database at \(db)\n".utf8))
            throw ExitCode(1)
        }
        do {
            let store = try Store(path: db)
            try ReviewBook(store: store).record(code: code, subject: subject, state: ReviewBook.State(rawValue: state)!,
                                                reviewer: reviewer, note: note)
            FileHandle.standardError.write(Data("recon-report: \(code) \(subject) → \(state)\n".utf8))
        } catch {
            FileHandle.standardError.write(Data("recon-report: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
