import ReconCore
import SQLiteStore

/// The tax office's morning report: what the runs since the previous one brought — files by status,
/// rejected lines with their reasons, findings new / resolved / open by code and severity, and the
/// money at stake.
///
/// "Since the previous run" is the runs after `sinceRun` up to the newest finished one; by default
/// only the newest run. Files belong to the run that ingested them (`files.run_id`); a finding is new
/// (or resolved) in the run that last changed its status.
public struct NightlyReport: ReportQuery {
    /// Report the runs after this run id (0: every run); nil: the newest run only.
    public var sinceRun: Int64?
    /// List at most this many new findings (the review desk's page; the whole list is the findings
    /// page's); nil lists them all.
    public var newFindingsLimit: Int?

    public init(sinceRun: Int64? = nil, newFindingsLimit: Int? = nil) {
        self.sinceRun = sinceRun; self.newFindingsLimit = newFindingsLimit
    }

    public func run(on db: ReportDatabase) throws -> Report {
        let newest = try db.rows("SELECT max(run_id) FROM runs WHERE finished_at IS NOT NULL").first
        guard let newest, !newest.isNull(0) else { throw ReportError.noRuns }
        let last = newest.int(0)
        let since: Int64
        if let sinceRun {
            guard try sinceRun == 0 || db.int("SELECT count(*) FROM runs WHERE run_id = ?", [.int(sinceRun)]) == 1 else {
                throw ReportError.noSuchRun(sinceRun)
            }
            since = sinceRun
        } else {
            since = try db.int("SELECT COALESCE(max(run_id), 0) FROM runs WHERE run_id < ?", [.int(last)])
        }
        let range: [SQLValue] = [.int(since), .int(last)]
        return Report(
            name: "nightly", title: "每日对账报告",
            notes: ["运行 \(since + 1)–\(last)（上次运行 \(since) 之后）", "数据库：\(db.path)"],
            sections: [try runs(db, range), try filesByStatus(db, range), try problemFiles(db, range),
                       try rejects(db, range), try findings(db, range), try newFindings(db, range), try season(db)])
    }

    func runs(_ db: ReportDatabase, _ range: [SQLValue]) throws -> ReportSection {
        let rows = try db.rows("""
            SELECT run_id, started_at, finished_at, as_of, files_ingested, files_quarantined, payments,
                   findings_open, findings_new, findings_resolved
            FROM runs_v1 WHERE run_id > ?1 AND run_id <= ?2 ORDER BY run_id
            """, range)
        return ReportSection(
            key: "runs", title: "运行",
            columns: [.init("run_id", "运行", .integer), .init("started_at", "开始时间"), .init("finished_at", "结束时间"),
                      .init("as_of", "数据截至"), .init("files_ingested", "入库文件", .integer),
                      .init("files_quarantined", "隔离文件", .integer), .init("payments", "缴费笔数", .integer),
                      .init("findings_open", "未结发现", .integer), .init("findings_new", "新增发现", .integer),
                      .init("findings_resolved", "已解决发现", .integer)],
            rows: rows.map { r in
                [.integer(r.int(0)), .text(r.text(1)), .text(r.text(2)), .text(r.text(3)), .integer(r.int(4)),
                 .integer(r.int(5)), .integer(r.int(6)), .integer(r.int(7)), .integer(r.int(8)), .integer(r.int(9))]
            })
    }

    func filesByStatus(_ db: ReportDatabase, _ range: [SQLValue]) throws -> ReportSection {
        let rows = try db.rows("""
            SELECT status, count(*), SUM(rows), SUM(rejected_rows) FROM files
            WHERE run_id > ?1 AND run_id <= ?2 GROUP BY status
            ORDER BY CASE status WHEN 'ingested' THEN 0 WHEN 'duplicate' THEN 1 ELSE 2 END
            """, range)
        var s = ReportSection(
            key: "files", title: "文件（按状态）",
            columns: [.init("status", "状态"), .init("files", "文件数", .integer), .init("rows", "数据行", .integer),
                      .init("rejected_rows", "拒收行", .integer)],
            rows: rows.map { r in
                [.text(Labels.fileStatus(r.string(0))), .integer(r.int(1)), .integer(r.int(2)), .integer(r.int(3))]
            })
        s.totals = try s.summed()
        return s
    }

    func problemFiles(_ db: ReportDatabase, _ range: [SQLValue]) throws -> ReportSection {
        let rows = try db.rows("""
            SELECT name, format, status, rows, rejected_rows, error, received_at FROM files
            WHERE run_id > ?1 AND run_id <= ?2 AND (status <> 'ingested' OR rejected_rows > 0)
            ORDER BY CASE status WHEN 'quarantined' THEN 0 WHEN 'duplicate' THEN 1 ELSE 2 END, name
            """, range)
        return ReportSection(
            key: "problem_files", title: "隔离、重复及有拒收行的文件",
            columns: [.init("name", "文件名"), .init("format", "格式"), .init("status", "状态"),
                      .init("rows", "数据行", .integer), .init("rejected_rows", "拒收行", .integer),
                      .init("error", "原因"), .init("received_at", "接收时间")],
            rows: rows.map { r in
                [.text(r.string(0)), .text(Labels.format(r.text(1))), .text(Labels.fileStatus(r.string(2))), .integer(r.int(3)),
                 .integer(r.int(4)), .text(Labels.reason(r.text(5))), .text(r.text(6))]
            })
    }

    func rejects(_ db: ReportDatabase, _ range: [SQLValue]) throws -> ReportSection {
        let rows = try db.rows("""
            SELECT f.name, r.line_no, r.reason, r.raw FROM rejects r JOIN files f ON f.id = r.file_id
            WHERE f.run_id > ?1 AND f.run_id <= ?2 ORDER BY f.name, r.line_no
            """, range)
        return ReportSection(
            key: "rejects", title: "拒收行",
            columns: [.init("file_name", "文件名"), .init("line_no", "行号", .integer), .init("reason", "原因"),
                      .init("raw", "原始内容")],
            rows: rows.map { r in [.text(r.string(0)), .integer(r.int(1)), .text(Labels.reason(r.string(2))), .text(r.text(3))] })
    }

    func findings(_ db: ReportDatabase, _ range: [SQLValue]) throws -> ReportSection {
        let rows = try db.rows("""
            SELECT code, severity,
                   SUM(status = 'open' AND status_changed_run_id > ?1 AND status_changed_run_id <= ?2),
                   SUM(status = 'resolved' AND status_changed_run_id > ?1 AND status_changed_run_id <= ?2),
                   SUM(status = 'open'),
                   SUM(CASE WHEN status = 'open' THEN COALESCE(amount_fen, 0) ELSE 0 END),
                   SUM(CASE WHEN status = 'open' AND status_changed_run_id > ?1 AND status_changed_run_id <= ?2
                            THEN COALESCE(amount_fen, 0) ELSE 0 END)
            FROM findings GROUP BY code, severity
            HAVING SUM(status = 'open') > 0 OR SUM(status_changed_run_id > ?1 AND status_changed_run_id <= ?2) > 0
            ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, code
            """, range)
        var s = ReportSection(
            key: "findings", title: "发现（按代码和严重程度）",
            columns: [.init("code", "代码"), .init("meaning", "含义"), .init("severity", "严重程度"),
                      .init("new", "新增", .integer), .init("resolved", "已解决", .integer), .init("open", "未结", .integer),
                      .init("open_amount_fen", "未结涉及金额", .money), .init("new_amount_fen", "新增涉及金额", .money)],
            rows: rows.map { r in
                [.text(r.string(0)), .text(Labels.code(r.string(0))), .text(Labels.severity(r.string(1))),
                 .integer(r.int(2)), .integer(r.int(3)), .integer(r.int(4)), .money(r.int(5)), .money(r.int(6))]
            },
            note: "新增：本期运行中新发现或重新打开且仍未结；已解决：本期运行中条件不再成立；涉及金额为各发现的 amount_fen 之和。")
        s.totals = try s.summed(skip: ["meaning", "severity"])
        s.charts = try FindingCharts.charts(rows.map { (code: $0.string(0), severity: $0.string(1), open: $0.int(4), fen: $0.int(5)) })
        return s
    }

    func newFindings(_ db: ReportDatabase, _ range: [SQLValue]) throws -> ReportSection {
        let total = try newFindingsLimit == nil ? 0 : db.int("""
            SELECT count(*) FROM findings WHERE status = 'open' AND status_changed_run_id > ?1 AND status_changed_run_id <= ?2
            """, range)
        let rows = try db.rows("""
            SELECT code, severity, subject, town_code, village_code, amount_fen, review_state FROM findings
            WHERE status = 'open' AND status_changed_run_id > ?1 AND status_changed_run_id <= ?2
            ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, COALESCE(amount_fen, 0) DESC,
                     code, subject
            \(newFindingsLimit.map { "LIMIT \(max(0, $0))" } ?? "")
            """, range)
        return ReportSection(
            key: "new_findings", title: "新增发现",
            columns: [.init("code", "代码"), .init("meaning", "含义"), .init("severity", "严重程度"), .init("subject", "对象"),
                      .init("town_code", "乡镇代码"), .init("village_code", "村居代码"),
                      .init("amount_fen", "涉及金额", .money), .init("review_state", "审核状态")],
            rows: rows.map { r in
                [.text(r.string(0)), .text(Labels.code(r.string(0))), .text(Labels.severity(r.string(1))), .text(r.string(2)),
                 .text(r.text(3)), .text(r.text(4)), r.isNull(5) ? .empty : .money(r.int(5)), .text(Labels.reviewState(r.string(6)))]
            },
            note: total > rows.count ? "共 \(ReportValue.integer(total).display()) 条，此处列出最重要的 \(rows.count) 条；全部见发现清单。" : nil)
    }

    /// The season so far, day by day: the channel statements' money (payments less reversals, by
    /// their own dates) and the ledger's, from the last run's summaries; nothing before the first run.
    func season(_ db: ReportDatabase) throws -> ReportSection {
        let rows = (try? db.summaryRun()) == nil ? [] : try db.rows("""
            SELECT day, SUM(statement_count), SUM(statement_fen), SUM(ledger_fen) FROM report_balance_days
            GROUP BY day ORDER BY day
            """)
        var s = ReportSection(
            key: "season", title: "本季收款（按日）",
            columns: [.init("day", "日期"), .init("statement_count", "对账单笔数", .integer),
                      .init("statement_fen", "对账单金额", .money), .init("ledger_fen", "金三金额", .money)],
            rows: rows.map { r in [.text(r.string(0)), .integer(r.int(1)), .money(r.int(2)), .money(r.int(3))] },
            note: "各渠道对账单的净收款（缴费减退款，按交易日期）与金三入账，取自最近一次运行。")
        guard !rows.isEmpty else { return s }
        s.totals = try s.summed(skip: ["day"])
        s.charts = [BarChart(title: "每日对账单收款", style: .columns, unit: .money,
                             bars: rows.map { .init($0.string(0), Double($0.int(2))) },
                             caption: "\(rows.first!.string(0)) 至 \(rows.last!.string(0))，\(rows.count) 个有收款的日子")]
        return s
    }
}
