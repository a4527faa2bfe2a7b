import ArgumentParser
import Foundation
import ReconCore

/// `recon-report findings`: the findings with their evidence, filtered.
struct FindingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "findings", abstract: "List findings with their evidence.")

    @Option(help: "The recon database.") var db: String
    @Option(help: "table, csv or json.") var format: OutputFormat = .table
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @Option(help: "Only this finding code.") var code: String?
    @Option(help: "Only this severity (high, medium, info).") var severity: String?
    @Option(help: "Only open or resolved findings.") var status: String?
    @Option(name: .customLong("review-state"), help: "Only new, confirmed, dismissed or escalated.") var reviewState: String?
    @Option(help: "Only this town code.") var town: String?
    @Option(help: "Only this village code.") var village: String?
    @Option(help: "Only this channel.") var channel: String?
    @Option(help: "Only subjects containing this text.") var subject: String?

    func run() throws {
        let export = FindingsExport(db: try openForReading(db))
        var f = FindingsExport.Filter()
        f.code = code; f.severity = severity; f.status = status; f.reviewState = reviewState
        f.town = town; f.village = village; f.channel = channel; f.subjectContains = subject
        switch format {
        case .json:
            try writeOut(try export.json(f), to: out)
        case .csv, .table:
            let rows = try export.rows(f)
            let sep = format == .csv ? "," : "\t"
            var lines = [FindingsExport.columns.joined(separator: sep)]
            for r in rows {
                lines.append(FindingsExport.columns.map { c -> String in
                    let v: String
                    switch r[c] ?? .null {
                    case .null: v = ""
                    case .int(let i): v = String(i)
                    case .double(let d): v = String(d)
                    case .text(let s): v = s
                    case .blob: v = ""
                    }
                    if format == .csv, v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) {
                        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    }
                    return v
                }.joined(separator: sep))
            }
            let bom = format == .csv ? "\u{FEFF}" : ""
            try writeOut(bom + lines.joined(separator: "\n"), to: out)
        case .html, .xlsx:
            throw ValidationError("--format \(format.rawValue) is not available for findings yet; use table, csv or json")
        }
    }
}
