import ArgumentParser
import ReconCentral
import ReconReports

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Each county's last push, its lag and failures.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "table, csv or json.") var format: CentralFormat = .table

    func run() throws {
        try fail {
            let rows = try connection.store().status()
            let titles = ["县区", "最近推送", "状态", "错误", "最近成功", "距今", "此后失败次数", "缴费笔数", "发现"]
            let columns = zip(CentralStore.statusColumns, titles).map { ReportColumn($0, $1) }
            let section = ReportSection(key: "pushes", title: "各县区推送", columns: columns,
                                        rows: rows.map { $0.map { ReportValue.text($0 ?? "") } })
            try format.renderer.write(Report(name: "status", title: "中心库推送状态", sections: [section]), to: nil)
        }
    }
}

enum CentralFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, xlsx

    var renderer: ReportRenderer {
        switch self {
        case .table: return TableRenderer()
        case .csv: return CSVRenderer()
        case .json: return JSONRenderer()
        case .xlsx: return XLSXRenderer()
        }
    }
}
