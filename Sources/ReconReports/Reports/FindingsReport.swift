import ReconCore
import SQLiteStore

/// The audit bureau's list: findings (every column of findings_v1, the evidence in `detail`) filtered
/// by code, severity, status, review state, town, village, channel, date first found and text in the
/// subject; with a summary by code and severity (count and money at stake, charted) unless `listOnly`.
///
/// The list is for people: Chinese headers, each code's meaning beside it, money in yuan, the
/// evidence in words (`FindingEvidence`: a sentence and small tables, never the raw JSON; the JSON
/// export keeps `detail` and findings_v1's keys). Its 代码, 对象, 审核状态 and 审核意见 columns take a
/// CSV export edited in Excel back through `recon-report review --from-csv` (`ReviewSheet`).
public struct FindingsReport: ReportQuery {
    public var filter: FindingsExport.Filter
    /// Only the list (the CSV export for review: one table, nothing else).
    public var listOnly: Bool
    /// The list with the columns a terminal has room for (the others are in every file format).
    public var compact: Bool

    public init(filter: FindingsExport.Filter = .init(), listOnly: Bool = false, compact: Bool = false) {
        self.filter = filter
        self.listOnly = listOnly
        self.compact = compact
    }

    /// The list's columns: (key, title, kind, value of a findings_v1 row).
    static let listColumns: [(key: String, title: String, kind: ReportColumn.Kind, value: @Sendable ([String: SQLValue]) -> ReportValue)] = [
        ("code", "代码", .text, { .text($0.text("code")) }),
        ("meaning", "含义", .text, { .text(Labels.code($0.text("code"))) }),
        ("severity", "严重程度", .text, { .text(Labels.severity($0.text("severity"))) }),
        ("status", "状态", .text, { .text(Labels.findingStatus($0.text("status"))) }),
        ("year", "年度", .text, { .text($0.text("year")) }),
        ("id_number", "证件号码", .text, { .text($0.text("id_number")) }),
        ("insurance", "险种", .text, { .text(Labels.insurance($0.text("insurance"))) }),
        ("channel", "渠道", .text, { .text(Labels.channel($0.text("channel"))) }),
        ("txn_ref", "流水号", .text, { .text($0.text("txn_ref")) }),
        ("town_code", "乡镇代码", .text, { .text($0.text("town_code")) }),
        ("village_code", "村居代码", .text, { .text($0.text("village_code")) }),
        ("amount_fen", "涉及金额", .money, { if case .int(let v) = $0["amount_fen"] ?? .null { return .money(v) } else { return .empty } }),
        ("evidence", "证据", .text, { .evidence(FindingEvidence(code: $0.text("code"), detail: $0.text("detail"))) }),
        ("first_seen_at", "首次发现", .text, { .text($0.text("first_seen_at")) }),
        ("last_seen_at", "最近发现", .text, { .text($0.text("last_seen_at")) }),
        ("review_state", "审核状态", .text, { .text(Labels.reviewState($0.text("review_state"))) }),
        ("review_note", "审核意见", .text, { .text($0.text("review_note")) }),
        ("subject", "对象", .text, { .text($0.text("subject")) }),
    ]
    /// What a terminal shows of each finding.
    static let compactKeys: Set<String> = ["meaning", "severity", "status", "id_number", "amount_fen", "town_code", "review_state", "subject"]

    public func run(on db: ReportDatabase) throws -> Report {
        let rows = try FindingsExport(db: db.db).rows(filter)
        let shown = Self.listColumns.filter { !compact || Self.compactKeys.contains($0.key) }
        var list = ReportSection(
            key: "findings", title: "发现清单", columns: shown.map { ReportColumn($0.key, $0.title, $0.kind) },
            rows: rows.map { row in shown.map { $0.value(row) } })
        var notes = ["共 \(rows.count) 条", "数据库：\(db.path)"]
        if compact { notes.append("终端只列主要栏目；证据、流水号、审核意见等见 --wide 或 csv、xlsx、html 格式") }
        if let f = filterNote { notes.insert(f, at: 0) }
        guard !listOnly else { return Report(name: "findings", title: "发现清单", notes: notes, sections: [list]) }

        struct Tally { var open: Int64 = 0; var resolved: Int64 = 0; var fen: Int64 = 0 }
        var tally: [String: Tally] = [:]   // "severity|code"
        for row in rows {
            guard case .text(let code) = row["code"] ?? .null, case .text(let sev) = row["severity"] ?? .null else { continue }
            var t = tally[sev + "|" + code] ?? Tally()
            if row["status"] == .text("open") {
                t.open += 1
                // A SUBSIDY_MISMATCH amount is a claim's difference: no cap bounds it.
                if case .int(let a) = row["amount_fen"] ?? .null { t.fen = try Money.checkedSum([t.fen, a], "未结涉及金额") }
            } else {
                t.resolved += 1
            }
            tally[sev + "|" + code] = t
        }
        let order = ["high": 0, "medium": 1, "info": 2]
        let keys = tally.keys.sorted { a, b in
            let pa = a.split(separator: "|"), pb = b.split(separator: "|")
            return (order[String(pa[0])] ?? 3, pa[1]) < (order[String(pb[0])] ?? 3, pb[1])
        }
        var summary = ReportSection(
            key: "summary", title: "按代码和严重程度",
            columns: [.init("code", "代码"), .init("meaning", "含义"), .init("severity", "严重程度"),
                      .init("open", "未结", .integer), .init("resolved", "已解决", .integer),
                      .init("open_amount_fen", "未结涉及金额", .money)],
            rows: keys.map { k in
                let p = k.split(separator: "|").map(String.init)
                let t = tally[k]!
                return [.text(p[1]), .text(Labels.code(p[1])), .text(Labels.severity(p[0])), .integer(t.open),
                        .integer(t.resolved), .money(t.fen)]
            })
        summary.totals = try summary.summed(skip: ["meaning", "severity"])
        summary.charts = try FindingCharts.charts(keys.map { k in
            let p = k.split(separator: "|").map(String.init)
            return (code: p[1], severity: p[0], open: tally[k]!.open, fen: tally[k]!.fen)
        })
        list.title = "发现清单（含证据）"
        return Report(name: "findings", title: "发现清单", notes: notes, sections: [summary, list])
    }

    var filterNote: String? {
        let f = filter
        var parts: [String] = []
        if let v = f.code { parts.append("代码 \(v)") }
        if let v = f.severity { parts.append("严重程度 \(v)") }
        if let v = f.status { parts.append("状态 \(v)") }
        if let v = f.reviewState { parts.append("审核状态 \(v)") }
        if let v = f.town { parts.append("乡镇 \(v)") }
        if let v = f.village { parts.append("村居 \(v)") }
        if let v = f.channel { parts.append("渠道 \(v)") }
        if let v = f.subjectContains { parts.append("对象含 “\(v)”") }
        if let v = f.from { parts.append("首次发现不早于 \(v)") }
        if let v = f.to { parts.append("首次发现不晚于 \(v)") }
        return parts.isEmpty ? nil : "筛选：" + parts.joined(separator: "，")
    }
}

/// The two charts of findings: open findings by code coloured by severity, and money at stake by code.
enum FindingCharts {
    static let legend = [(key: "high", label: "高"), (key: "medium", label: "中"), (key: "info", label: "提示")]

    static func charts(_ rows: [(code: String, severity: String, open: Int64, fen: Int64)]) throws -> [BarChart] {
        let open = rows.filter { $0.open > 0 }
        return [
            BarChart(title: "未结发现（按类型，颜色为严重程度）", unit: .count,
                     bars: open.map { .init(Labels.code($0.code), Double($0.open), series: $0.severity) }, legend: legend,
                     caption: "合计 \(ReportValue.integer(open.reduce(0) { $0 + $1.open }).display()) 条"),
            BarChart(title: "涉及金额（未结，按类型）", unit: .money,
                     bars: open.filter { $0.fen > 0 }.map { .init(Labels.code($0.code), Double($0.fen), series: $0.severity) },
                     legend: legend, caption: "合计 \(ReportValue.yuan(try Money.checkedSum(open.map(\.fen), "涉及金额"))) 元"),
        ]
    }
}

private extension Dictionary where Key == String, Value == SQLValue {
    /// A column as text ('' for NULL).
    func text(_ key: String) -> String {
        switch self[key] ?? .null {
        case .text(let s): return s
        case .int(let v): return String(v)
        case .double(let d): return String(d)
        case .null, .blob: return ""
        }
    }
}
