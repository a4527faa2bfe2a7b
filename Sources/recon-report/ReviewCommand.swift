import ArgumentParser
import Foundation
import ReconCore

/// `recon-report review`: record the audit bureau's decision on one finding, or the decisions of an
/// edited findings CSV export.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Record a review decision on a finding, or the decisions of an edited findings CSV.",
        discussion: """
            One decision: --code --subject --state --reviewer --note. In bulk: --from-csv FILE --reviewer NAME
            applies the review_state / review_note columns of a `findings --format csv` export edited in Excel
            (rows still 'new', or unchanged, are skipped); the rows it cannot apply are listed with their line
            numbers and the exit status is 1. Each decision updates the finding and adds a reviews_v1 row.
            """)

    @Option(help: "The recon database.") var db: String
    @Option(help: "The finding's code.") var code: String?
    @Option(help: "The finding's subject.") var subject: String?
    @Option(help: "confirmed, dismissed or escalated.") var state: String?
    @Option(help: "Who decides.") var reviewer: String
    @Option(help: "Why.") var note: String?
    @Option(name: .customLong("from-csv"), help: "An edited `findings --format csv` export to apply.") var fromCSV: String?

    func validate() throws {
        if fromCSV != nil {
            guard code == nil, subject == nil, state == nil, note == nil else {
                throw ValidationError("--from-csv takes the decisions from the file: leave out --code, --subject, --state and --note")
            }
            return
        }
        guard code != nil, subject != nil, let state, note != nil else {
            throw ValidationError("give --code, --subject, --state and --note (or --from-csv FILE)")
        }
        guard ReviewBook.State(written: state) != nil else {
            throw ValidationError("--state must be confirmed, dismissed or escalated (已确认, 已排除, 已上报), got '\(state)'")
        }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: db) else {
            FileHandle.standardError.write(Data("recon-report: no database at \(db)\n".utf8))
            throw ExitCode(1)
        }
        if let fromCSV { return try bulk(fromCSV) }
        do {
            let store = try Store(path: db)
            try ReviewBook(store: store).record(code: code!, subject: subject!, state: ReviewBook.State(written: state!)!,
                                                reviewer: reviewer, note: note!)
            FileHandle.standardError.write(Data("recon-report: \(code!) \(subject!) → \(state!)\n".utf8))
        } catch {
            FileHandle.standardError.write(Data("recon-report: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    func bulk(_ path: String) throws {
        let result: ReviewBook.SheetResult
        do {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(path)")
            }
            let sheet = try ReviewSheet(bytes: Array(data))
            result = try ReviewBook(store: try Store(path: db)).apply(sheet, reviewer: reviewer)
        } catch {
            FileHandle.standardError.write(Data("recon-report: \(path): \(error)\n".utf8))
            throw ExitCode(1)
        }
        var lines = ["recon-report: \(path): \(result.applied.count) decisions recorded, \(result.unchanged) rows unchanged, "
                     + "\(result.failures.count) rows could not be applied"]
        for f in result.failures { lines.append("recon-report: \(path): \(f)") }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        if !result.failures.isEmpty { throw ExitCode(1) }
    }
}
