import ArgumentParser
import Foundation
import ReconCentral
import ReconCore
import ReconReports

/// `recon-central findings`: the cross-county findings, filtered as `recon-report findings` filters.
struct CentralFindingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "findings", abstract: "List the cross-county findings.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "table, csv, json or xlsx.") var format: CentralFormat = .table
    @Option(help: "Write to this file instead of standard output (required for xlsx).") var out: String?
    @Option(help: "Only this finding code.") var code: String?
    @Option(help: "Only this severity (high, medium, info).") var severity: String?
    @Option(help: "Only open or resolved findings.") var status: String?
    @Option(name: .customLong("review-state"), help: "Only new, confirmed, dismissed or escalated.") var reviewState: String?
    @Option(help: "Only findings involving this county.") var county: String?
    @Option(help: "Only findings first found on or after this day (YYYY-MM-DD).") var from: String?
    @Option(help: "Only findings first found on or before this day (YYYY-MM-DD).") var to: String?
    @Option(name: [.customLong("text"), .customLong("subject")], help: "Only subjects containing this text.") var text: String?

    func validate() throws {
        if format == .xlsx && out == nil { throw ValidationError("--format xlsx writes a file: give --out PATH") }
        for (name, d) in [("--from", from), ("--to", to)] {
            if let d, d.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil {
                throw ValidationError("\(name): '\(d)' is not a date YYYY-MM-DD")
            }
        }
    }

    func run() throws {
        try fail {
            var f = CentralFindings.Filter()
            f.code = code; f.severity = severity; f.status = status; f.reviewState = reviewState
            f.county = county; f.subjectContains = text; f.from = from; f.to = to
            let store = try connection.store()
            try store.requireCurrentSchema()
            let rows = try CentralFindings(store.pg).rows(f)
            if format == .json {
                let objects: [[String: Any]] = rows.map { row in
                    var o: [String: Any] = [:]
                    for (k, v) in zip(CentralFindings.columns, row) {
                        guard let v else { o[k] = NSNull(); continue }
                        switch k {
                        case "year", "amount_fen": o[k] = Int(v) ?? v
                        case "detail": o[k] = (try? JSONSerialization.jsonObject(with: Data(v.utf8))) ?? v
                        default: o[k] = v
                        }
                    }
                    return o
                }
                let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                try write(String(decoding: data, as: UTF8.self) + "\n")
                return
            }
            let titles = ["代码", "对象", "严重程度", "状态", "年度", "证件号码", "险种", "涉及县区", "涉及金额", "证据",
                          "首次发现", "最近发现", "审核状态", "审核意见"]
            let columns = zip(CentralFindings.columns, titles).map { key, title in
                ReportColumn(key, title, key == "amount_fen" ? .money : key == "year" ? .integer : .text)
            }
            let values: [[ReportValue]] = rows.map { row in
                zip(CentralFindings.columns, row).map { key, v in
                    guard let v else { return .empty }
                    switch key {
                    case "amount_fen": return Int64(v).map { .money($0) } ?? .text(v)
                    case "year": return Int64(v).map { .integer($0) } ?? .text(v)
                    default: return .text(v)
                    }
                }
            }
            let report = Report(name: "central_findings", title: "跨县区发现",
                                sections: [ReportSection(key: "findings", title: "跨县区发现", columns: columns, rows: values)])
            try format.renderer.write(report, to: out)
        }
    }

    func write(_ text: String) throws {
        if let out { try PrivateFile.write(Array(text.utf8), to: out) } else { FileHandle.standardOutput.write(Data(text.utf8)) }
    }
}
