import ReconCore

/// 钱表相符 for the tax office: the money of the channel statements against the money of the tax
/// ledger (金三), per channel and day and per agent (bank 网点号, POS / UnionPay 终端号), differences first.
///
/// Statement money is what counted: primary payment records minus primary reversal records, dated
/// by their own time (quarantined files, rejected lines, failed bank debits and repeated copies are
/// not money). Ledger money is the ledger's 个人缴费 plus its (negative) 退费 rows of the statement
/// channels, dated by 缴款时间. An agent's ledger money is that of the ledger rows whose 渠道流水号 names
/// one of the agent's records; ledger rows naming no record are shown as their own line.
///
/// Read from the summaries the reconciler writes (`report_balance_days`, `report_balance_agents`):
/// the figures of the last reconciliation run.
public struct BalanceReport: ReportQuery {
    public init() {}

    struct Side { var count: Int64 = 0; var fen: Int64 = 0 }
    struct Line { var statement = Side(); var ledger = Side() }

    public func run(on db: ReportDatabase) throws -> Report {
        let summaries = try db.summaryRun()
        // The reconciler's summaries (ReportSummaries): one row per channel and day, per channel and agent.
        func lines(_ table: String, _ key: String) throws -> [String: Line] {
            var out: [String: Line] = [:]
            for r in try db.rows("""
                SELECT channel, \(key), statement_count, statement_fen, ledger_count, ledger_fen FROM \(table)
                """) {
                out[r.string(0) + "|" + r.string(1)] = Line(statement: Side(count: r.int(2), fen: r.int(3)),
                                                            ledger: Side(count: r.int(4), fen: r.int(5)))
            }
            return out
        }
        let byDay = try lines("report_balance_days", "day")
        let byAgent = try lines("report_balance_agents", "agent")

        var byChannel: [String: Line] = [:]
        for (k, v) in byDay {
            let ch = String(k.split(separator: "|")[0])
            byChannel[ch, default: Line()].statement.count += v.statement.count
            byChannel[ch, default: Line()].statement.fen += v.statement.fen
            byChannel[ch, default: Line()].ledger.count += v.ledger.count
            byChannel[ch, default: Line()].ledger.fen += v.ledger.fen
        }

        let money: [ReportColumn] = [
            .init("statement_count", "对账单笔数", .integer), .init("statement_fen", "对账单金额", .money),
            .init("ledger_count", "金三笔数", .integer), .init("ledger_fen", "金三金额", .money),
            .init("difference_fen", "差额（对账单−金三）", .money), .init("matches", "相符"),
        ]
        func cells(_ l: Line) -> [ReportValue] {
            let d = l.statement.fen - l.ledger.fen
            return [.integer(l.statement.count), .money(l.statement.fen), .integer(l.ledger.count), .money(l.ledger.fen),
                    .money(d), .text(d == 0 ? "是" : "否")]
        }
        func ordered(_ m: [String: Line]) -> [(String, String, Line)] {
            m.map { k, v -> (String, String, Line) in
                let parts = k.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "", v)
            }.sorted { a, b in
                let da = (a.2.statement.fen - a.2.ledger.fen).magnitude, db = (b.2.statement.fen - b.2.ledger.fen).magnitude
                if da != db { return da > db }
                return (a.0, a.1) < (b.0, b.1)
            }
        }

        var channels = ReportSection(
            key: "by_channel", title: "按渠道汇总", columns: [.init("channel", "渠道")] + money,
            rows: ordered(byChannel.mapKeys { $0 + "|" }).map { [.text(Labels.channel($0.0))] + cells($0.2) })
        channels.totals = try channels.summed(skip: ["matches"])
        // The differences, not the totals (which dwarf them): one bar per channel, its size the
        // difference, its note which side has more.
        let differences = ordered(byChannel.mapKeys { $0 + "|" }).map { (Labels.channel($0.0), $0.2.statement.fen - $0.2.ledger.fen) }
        channels.charts = [BarChart(
            title: "差额（对账单 − 金三，按渠道）", unit: .money,
            bars: differences.map { name, d in
                .init(name, Double(d.magnitude), series: d == 0 ? "met" : "below",
                      note: d > 0 ? "对账单多" : d < 0 ? "金三多" : "相符")
            },
            legend: [(key: "met", label: "相符"), (key: "below", label: "不符")],
            caption: "\(differences.filter { $0.1 != 0 }.count) 个渠道不符；合计差额 \(ReportValue.yuan(differences.reduce(0) { $0 + $1.1 })) 元")]
        var days = ReportSection(
            key: "by_day", title: "按渠道和日期",
            columns: [.init("channel", "渠道"), .init("day", "日期", .date)] + money,
            rows: ordered(byDay).map { [.text(Labels.channel($0.0)), LocalDate($0.1).map { .date($0) } ?? .text($0.1)] + cells($0.2) },
            note: "差额不为零的行在前。对账单金额 = 缴费 − 退款（按各自交易时间）；金三金额 = 个人缴费 + 退费（按缴款时间）。")
        days.totals = try days.summed(skip: ["matches"])
        var agents = ReportSection(
            key: "by_agent", title: "按代收网点和终端",
            columns: [.init("channel", "渠道"), .init("agent", "网点号/终端号")] + money,
            rows: ordered(byAgent).map { [.text(Labels.channel($0.0)), .text($0.1.isEmpty ? "（金三流水号无对应对账单）" : $0.1)] + cells($0.2) },
            note: "银行为网点号，建行POS和银联为终端号；金三金额为渠道流水号对应到该网点或终端记录的金三行。")
        agents.totals = try agents.summed(skip: ["matches"])
        let differing = byDay.values.filter { $0.statement.fen != $0.ledger.fen }.count
        return Report(name: "balance", title: "钱表相符（对账单与金三）",
                      notes: ["差额不为零的渠道日：\(differing)", summaries.note, "数据库：\(db.path)"],
                      sections: [channels, days, agents])
    }
}

extension Dictionary {
    func mapKeys<K: Hashable>(_ f: (Key) -> K) -> [K: Value] {
        Dictionary<K, Value>(uniqueKeysWithValues: map { (f($0.key), $0.value) })
    }
}
