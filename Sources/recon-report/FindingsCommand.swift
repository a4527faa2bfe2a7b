import ArgumentParser
import Foundation
import ReconCore
import ReconReports

/// `recon-report findings`: the findings with their evidence, filtered.
struct FindingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings",
        abstract: "List findings with their evidence.",
        discussion: """
            --format json prints a JSON array, one object per finding, keyed by the columns of findings_v1
            (detail as an object). --format csv is the export a reviewer edits in Excel and hands back to
            `recon-report review --from-csv`.
            """)

    @OptionGroup var options: ReportOptions
    @Option(help: "Only this finding code.") var code: String?
    @Option(help: "Only this severity (high, medium, info).") var severity: String?
    @Option(help: "Only open or resolved findings.") var status: String?
    @Option(name: .customLong("review-state"), help: "Only new, confirmed, dismissed or escalated.") var reviewState: String?
    @Option(help: "Only this town code.") var town: String?
    @Option(help: "Only this village code.") var village: String?
    @Option(help: "Only this channel.") var channel: String?
    @Option(help: "Only findings first found on or after this day (YYYY-MM-DD).") var from: String?
    @Option(help: "Only findings first found on or before this day (YYYY-MM-DD).") var to: String?
    @Option(name: [.customLong("text"), .customLong("subject")], help: "Only subjects containing this text.")
    var text: String?

    func validate() throws {
        _ = try date(from, option: "--from")
        _ = try date(to, option: "--to")
    }

    func run() throws {
        var f = FindingsExport.Filter()
        f.code = code; f.severity = severity; f.status = status; f.reviewState = reviewState
        f.town = town; f.village = village; f.channel = channel; f.subjectContains = text
        f.from = try date(from, option: "--from")
        f.to = try date(to, option: "--to")
        if options.format == .json {
            // CLI.md fixes this output: a plain array keyed by findings_v1's columns.
            try fail {
                let json = try FindingsExport(db: try ReportDatabase(path: options.db).db).json(f) + "\n"
                if let out = options.out {
                    try PrivateFile.write(Array(json.utf8), to: out)
                } else {
                    FileHandle.standardOutput.write(Data(json.utf8))
                }
            }
            return
        }
        let filter = f
        let compact = options.format == .table && !options.wide
        try options.emit { try FindingsReport(filter: filter, listOnly: options.format == .csv, compact: compact).run(on: $0) }
    }
}
