import Foundation
import SQLiteStore
import XCTest

@testable import ReconCore
@testable import ReconReports
import ReconTestSupport

/// Every report's figures against `ReportWorld`, whose right answers are worked out by hand.
final class ReportFiguresTests: XCTestCase {
    nonisolated(unsafe) static var shared: ReportWorld?

    func world() throws -> ReportWorld {
        if let w = Self.shared { return w }
        let w = try ReportWorld()
        Self.shared = w
        return w
    }

    /// The shared world's folder goes with the class (static state is never deinitialised).
    override class func tearDown() {
        shared = nil
        super.tearDown()
    }

    func testNightlyCoversTheNewestRun() throws {
        let r = try world().report(NightlyReport())
        XCTAssertEqual(r["runs"]?.values("run_id"), [.integer(2)])
        let files = try XCTUnwrap(r["files"])
        XCTAssertEqual(files.row("status", "已入库")?["files"], .integer(3))
        XCTAssertEqual(files.row("status", "隔离")?["files"], .integer(1))
        XCTAssertEqual(files.totalsByKey["files"], .integer(4))
        XCTAssertEqual(files.totalsByKey["rejected_rows"], .integer(1))
        let problems = try XCTUnwrap(r["problem_files"])
        XCTAssertEqual(problems.values("name"), [.text("wx_1600000001_20231127.csv.gz"), .text("jinsan_ledger_20240105.csv.gz")])
        XCTAssertNotNil(problems.rows[0][problems.column("error")!].textValue?.range(of: "总交易单数"),
                        "\(problems.rows[0])")
        let rejects = try XCTUnwrap(r["rejects"])
        XCTAssertEqual(rejects.rows.count, 1)
        XCTAssertEqual(rejects.row("file_name", "jinsan_ledger_20240105.csv.gz")?["line_no"], .integer(3))
        XCTAssertTrue(rejects.rows[0][rejects.column("raw")!].textValue?.contains("三百五") ?? false)

        let f = try XCTUnwrap(r["findings"])
        XCTAssertEqual(f.row("code", "NOT_ENROLLED")?["new"], .integer(1))
        XCTAssertEqual(f.row("code", "LATE_PAYMENT")?["new"], .integer(1))
        XCTAssertEqual(f.row("code", "LEDGER_WITHOUT_PAYMENT")?["resolved"], .integer(1))
        XCTAssertEqual(f.row("code", "LEDGER_WITHOUT_PAYMENT")?["open"], .integer(0))
        XCTAssertEqual(f.row("code", "NOT_IN_TAX_LEDGER")?["open"], .integer(2))
        XCTAssertEqual(f.row("code", "NOT_IN_TAX_LEDGER")?["new"], .integer(0))
        XCTAssertEqual(f.row("code", "NOT_IN_TAX_LEDGER")?["open_amount_fen"], .money(760_00))
        XCTAssertEqual(f.row("code", "SUBSIDY_MISMATCH")?["open_amount_fen"], .money(830_00))
        XCTAssertEqual(f.totalsByKey["open"], .integer(6))
        XCTAssertEqual(f.totalsByKey["new"], .integer(2))
        // P3's late payment makes 西集镇's contribution claim (4 persons, 150.00) right: resolved.
        XCTAssertEqual(f.row("code", "SUBSIDY_MISMATCH")?["resolved"], .integer(1))
        XCTAssertEqual(f.totalsByKey["resolved"], .integer(2))
        XCTAssertEqual(f.totalsByKey["open_amount_fen"], .money(760_00 + 830_00 + 380_00 + 350_00))
        XCTAssertEqual(Set(r["new_findings"]!.values("subject")), [.text("txn:wechat:WXP9YB"), .text("txn:wechat:WXP3YL")])

        // Since run 0: both runs; the ledger-only payment's finding came and went.
        let all = try world().report(NightlyReport(sinceRun: 0))
        XCTAssertEqual(all["runs"]?.rows.count, 2)
        XCTAssertEqual(all["files"]?.totalsByKey["files"], .integer(Int64(try world().w.inbox.int("SELECT count(*) FROM files_v1"))))
        XCTAssertThrowsError(try world().report(NightlyReport(sinceRun: 9))) { XCTAssertEqual($0 as? ReportError, .noSuchRun(9)) }
    }

    func testBalancePerChannelDayAndAgentDifferencesFirst() throws {
        let r = try world().report(BalanceReport())
        let days = try XCTUnwrap(r["by_day"])
        // The two differing days first (equal size: by channel), then the rest.
        XCTAssertEqual(Array(days.rows.prefix(2)).map { [$0[0], $0[1], $0[6]] },
                       [[.text("银行代收"), .date(LocalDate("2023-11-22")!), .money(380_00)],
                        [.text("微信"), .date(LocalDate("2023-11-21")!), .money(380_00)]])
        XCTAssertTrue(days.rows.dropFirst(2).allSatisfy { $0[6] == .money(0) })
        let wx21 = days.rows[1]
        XCTAssertEqual(wx21[2], .integer(2)); XCTAssertEqual(wx21[3], .money(570_00))
        XCTAssertEqual(wx21[4], .integer(1)); XCTAssertEqual(wx21[5], .money(190_00))
        // The refund day: −380 on both sides.
        let refund = try XCTUnwrap(days.rows.first { $0[1] == .date(LocalDate("2023-11-25")!) })
        XCTAssertEqual([refund[3], refund[5], refund[7]], [.money(-380_00), .money(-380_00), .text("是")])
        XCTAssertEqual(days.totalsByKey["statement_fen"], .money(3710_00))
        XCTAssertEqual(days.totalsByKey["ledger_fen"], .money(2950_00))
        XCTAssertEqual(days.totalsByKey["difference_fen"], .money(760_00))

        let channels = try XCTUnwrap(r["by_channel"])
        // The channel table and the day table add up to the same, and to SQL over payments_v1: a
        // statement's money is its payments less its reversals.
        for key in ["statement_count", "statement_fen", "ledger_count", "ledger_fen", "difference_fen"] {
            XCTAssertEqual(channels.totalsByKey[key], days.totalsByKey[key], key)
        }
        let statementSQL = try world().w.inbox.int("""
            SELECT sum(CASE kind WHEN 'payment' THEN amount_fen ELSE -abs(amount_fen) END) FROM payments_v1
            WHERE channel IN ('wechat', 'alipay', 'unionpay', 'ccb_pos', 'bank')
            """)
        XCTAssertEqual(channels.totalsByKey["statement_fen"], .money(Int64(statementSQL)))
        XCTAssertEqual(channels.row("channel", "微信")?["statement_fen"], .money(2980_00))
        XCTAssertEqual(channels.row("channel", "微信")?["ledger_fen"], .money(2600_00))
        XCTAssertEqual(channels.row("channel", "银行代收")?["difference_fen"], .money(380_00))

        let agents = try XCTUnwrap(r["by_agent"])
        XCTAssertEqual(agents.rows.first?[1], .text("103001002"))
        XCTAssertEqual(agents.row("agent", "103001002")?["difference_fen"], .money(380_00))
        XCTAssertEqual(agents.row("agent", "103001002")?["ledger_count"], .integer(0))
        XCTAssertEqual(agents.row("agent", "103001001")?["ledger_fen"], .money(350_00))
        XCTAssertEqual(agents.row("agent", "103001001")?["matches"], .text("是"))
    }

    func testSubsidyFiguresAndClaims() throws {
        let r = try world().report(SubsidyReport(policy: .y2024))
        func line(_ section: String, _ town: String, _ category: String) -> [String: ReportValue]? {
            guard let s = r[section] else { return nil }
            let t = s.column("town_code")!, c = s.column("category")!
            guard let row = s.rows.first(where: { $0[t] == .text(town) && $0[c] == .text(category) }) else { return nil }
            return Dictionary(uniqueKeysWithValues: zip(s.columns.map(\.key), row))
        }
        // Claimed lines: one agrees, one differs; a line nobody claimed is listed apart, not as a difference.
        XCTAssertEqual(line("by_town", ReportWorld.t1, "缴费补贴")?["computed_persons"], .integer(4))
        XCTAssertEqual(line("by_town", ReportWorld.t1, "缴费补贴")?["computed_fen"], .money(150_00))   // 60 + 30 + 30 + 30
        XCTAssertEqual(line("by_town", ReportWorld.t1, "缴费补贴")?["matches"], .text("是"))
        XCTAssertEqual(line("by_town", ReportWorld.t1, "重残代缴")?["computed_fen"], .money(100_00))
        XCTAssertEqual(line("by_town", ReportWorld.t1, "财政补助")?["computed_fen"], .money(1280_00))
        XCTAssertNil(line("by_town", ReportWorld.t2, "缴费补贴"), "unclaimed: not among the claimed lines")
        XCTAssertEqual(line("unclaimed", ReportWorld.t2, "缴费补贴")?["computed_fen"], .money(80_00))
        XCTAssertEqual(line("unclaimed", ReportWorld.t2, "缴费补贴")?["computed_persons"], .integer(1))   // P6: 800 yuan
        XCTAssertEqual(line("by_town", ReportWorld.t2, "财政补助")?["computed_persons"], .integer(3))
        XCTAssertEqual(line("by_town", ReportWorld.t2, "财政补助")?["difference_persons"], .integer(1))
        XCTAssertEqual(line("by_town", ReportWorld.t2, "财政补助")?["difference_fen"], .money(640_00))
        XCTAssertEqual(line("by_town", ReportWorld.t2, "财政补助")?["matches"], .text("否"))
        XCTAssertEqual(line("by_town", ReportWorld.t2, "全额代缴")?["computed_fen"], .money(380_00))
        XCTAssertEqual(line("by_town", ReportWorld.t2, "半额代缴")?["computed_fen"], .money(190_00))
        XCTAssertEqual(line("by_town", ReportWorld.t2, "半额代缴")?["difference_fen"], .money(190_00))
        XCTAssertNil(line("by_town", ReportWorld.t2, "重残代缴"), "nothing computed, nothing claimed")
        XCTAssertNil(line("unclaimed", ReportWorld.t2, "重残代缴"))
        let towns = try XCTUnwrap(r["by_town"])
        XCTAssertEqual(towns.totalsByKey["computed_fen"], .money(150_00 + 100_00 + 1280_00 + 1920_00 + 380_00 + 190_00))
        XCTAssertEqual(towns.totalsByKey["claimed_fen"], .money(150_00 + 100_00 + 1280_00 + 2560_00 + 380_00 + 380_00))
        XCTAssertEqual(towns.totalsByKey["difference_fen"], .money(640_00 + 190_00))
        XCTAssertEqual(r["unclaimed"]?.totalsByKey["computed_fen"], .money(80_00))

        // The county table says what the town table says: its totals are the town table's, category by
        // category, and the unclaimed lines are only in its own two columns.
        let cats = try XCTUnwrap(r["by_category"])
        XCTAssertEqual(cats.row("category", "财政补助")?["computed_fen"], .money(3200_00))
        XCTAssertEqual(cats.row("category", "缴费补贴")?["computed_fen"], .money(150_00))
        XCTAssertEqual(cats.row("category", "缴费补贴")?["difference_fen"], .money(0))
        XCTAssertEqual(cats.row("category", "缴费补贴")?["unclaimed_fen"], .money(80_00))
        for key in ["computed_persons", "computed_fen", "claimed_persons", "claimed_fen", "difference_persons", "difference_fen"] {
            XCTAssertEqual(cats.totalsByKey[key], towns.totalsByKey[key], key)
        }
        XCTAssertEqual(cats.totalsByKey["unclaimed_fen"], r["unclaimed"]?.totalsByKey["computed_fen"])

        // Against SQL: the claims are the newest line of each (town, category) of the disbursement files.
        let claimedSQL = try world().w.inbox.int("""
            SELECT sum(amount_fen) FROM disbursement d WHERE NOT EXISTS (
                SELECT 1 FROM disbursement e WHERE e.town_code = d.town_code AND e.category = d.category
                AND (e.file_date, e.file_name, e.line_no) > (d.file_date, d.file_name, d.line_no))
            """)
        XCTAssertEqual(towns.totalsByKey["claimed_fen"], .money(Int64(claimedSQL)))

        // The same figures as the SUBSIDY_MISMATCH rule computes from the joined view.
        let w = try world()
        let view = try JoinedView.load(store: w.w.store, asOf: LocalDate("2024-01-20"))
        let rule = SubsidyMismatch.totals(view, .y2024)
        XCTAssertEqual(try SubsidyReport(policy: .y2024).computed(ReportDatabase(path: w.db)), rule)
        // Every computed line is in one of the two tables, once.
        let computedAll = rule.values.reduce(Int64(0)) { sum, t in
            DisbursementRow.Category.allCases.reduce(sum) { $0 + t[$1].amountFen }
        }
        XCTAssertEqual(computedAll, (towns.totalsByKey["computed_fen"]?.integerValue ?? 0)
                       + (r["unclaimed"]?.totalsByKey["computed_fen"]?.integerValue ?? 0))
    }

    /// Every report's totals are the sums of the rows it shows, section by section, column by column.
    func testEveryReportsTotalsAreTheSumsOfItsRows() throws {
        let w = try world()
        for query in [NightlyReport(sinceRun: nil) as any ReportQuery, BalanceReport(), SubsidyReport(policy: .y2024),
                      CoverageReport(policy: .y2024, plan: .y2024), RosterReport(year: 2024), FindingsReport(filter: .init())] {
            let report = try w.report(query)
            for section in report.sections {
                guard let totals = section.totals else { continue }
                for (i, column) in section.columns.enumerated() where column.kind == .money || column.kind == .integer {
                    guard let total = totals[i].integerValue else { continue }
                    let sum = section.rows.reduce(Int64(0)) { $0 + ($1[i].integerValue ?? 0) }
                    XCTAssertEqual(total, sum, "\(report.name) / \(section.key) / \(column.key)")
                }
            }
        }
    }

    func testCoverageAgainstPlanAndTargets() throws {
        let r = try world().report(CoverageReport(policy: .y2024, plan: .y2024))
        let towns = try XCTUnwrap(r["by_town"])
        XCTAssertEqual(towns.rows.count, 10, "every town of the plan")
        let t1 = try XCTUnwrap(towns.row("town_code", ReportWorld.t1))
        XCTAssertEqual(t1["town"], .text("西集镇"))
        XCTAssertEqual(t1["pension_payers"], .integer(3))          // P1, P2, P3 (P8's is the government's)
        XCTAssertEqual(t1["pension_plan"], .integer(4768))
        XCTAssertEqual(t1["pension_enrolled"], .integer(4)); XCTAssertEqual(t1["pension_covered"], .integer(4))
        XCTAssertEqual(t1["pension_45_59_enrolled"], .integer(1)); XCTAssertEqual(t1["pension_45_59_rate"], .percent(1))
        XCTAssertEqual(t1["pension_16_44_enrolled"], .integer(3)); XCTAssertEqual(t1["pension_16_44_covered"], .integer(3))
        XCTAssertEqual(t1["medical_enrolled"], .integer(4)); XCTAssertEqual(t1["medical_covered"], .integer(2))
        XCTAssertEqual(t1["medical_rate"], .percent(0.5))
        XCTAssertEqual(t1["medical_payers"], .integer(2))
        XCTAssertEqual(t1["unpaid"], .integer(2))
        let t2 = try XCTUnwrap(towns.row("town_code", ReportWorld.t2))
        XCTAssertEqual(t2["pension_enrolled"], .integer(1), "the student is not counted")
        XCTAssertEqual(t2["pension_16_44_enrolled"], .integer(0)); XCTAssertEqual(t2["pension_16_44_rate"], .empty)
        XCTAssertEqual(t2["medical_enrolled"], .integer(4)); XCTAssertEqual(t2["medical_covered"], .integer(3))
        XCTAssertEqual(t2["medical_payers"], .integer(2))          // P5 and P7; P4 is paid for, P6 refunded
        XCTAssertEqual(towns.row("town_code", "370406001")?["medical_plan"], .integer(68496))
        XCTAssertEqual(towns.totalsByKey["medical_enrolled"], .integer(8))
        XCTAssertEqual(towns.totalsByKey["medical_covered"], .integer(5))
        XCTAssertEqual(towns.totalsByKey["pension_plan"], .integer(84027))
        XCTAssertEqual(towns.totalsByKey["medical_rate"], .percent(5.0 / 8.0))

        let villages = try XCTUnwrap(r["by_village"])
        XCTAssertEqual(villages.values("village"), [.text("测试村"), .text("东庄村")])
        let unpaid = try XCTUnwrap(r["unpaid"])
        XCTAssertEqual(unpaid.rows.map { [$0[0], $0[3], $0[5]] },
                       [[.text(ReportWorld.v1), .text("王秀英"), .text("医疗")], [.text(ReportWorld.v1), .text("李建国"), .text("医疗")],
                        [.text(ReportWorld.v2), .text("吴海涛"), .text("医疗")]])
        XCTAssertEqual(unpaid.row("name", "李建国")?["remark"], .text("已死亡 2023-12-15"))
        XCTAssertEqual(unpaid.row("name", "王秀英")?["id_number"], .text("370406********0316".replacingOccurrences(
            of: "0316", with: String(ReportWorld.p3.suffix(4)))))

        let one = try world().report(CoverageReport(policy: .y2024, plan: .y2024, area: AreaFilter(village: ReportWorld.v2)))
        XCTAssertEqual(one["by_town"]?.rows.count, 1)
        XCTAssertEqual(one["unpaid"]?.rows.count, 1)
        let chart = try XCTUnwrap(r["by_town"]?.charts.first)
        XCTAssertEqual(chart.target, 0.95)
        XCTAssertEqual(chart.bars.first { $0.label == "西集镇" }?.value, 1.0)
    }

    func testRosterIsMaskedPerVillage() throws {
        let r = try world().report(RosterReport(year: 2024))
        XCTAssertEqual(r.sections.map(\.title), ["测试村", "东庄村"])
        let v1 = r.sections[0]
        XCTAssertEqual(v1.rows.count, 6)
        XCTAssertEqual(v1.totalsByKey["amount_fen"], .money(380_00 + 500_00 + 350_00 + 350_00 + 380_00 + 100_00))
        XCTAssertEqual(v1.rows.map { $0[1] }, ["张**", "张**", "王**", "李**", "赵*", "赵*"].map { ReportValue.text($0) })
        let id = ReportWorld.p1
        XCTAssertEqual(v1.rows[0][2], .text(String(id.prefix(6)) + "********" + String(id.suffix(4))))
        XCTAssertEqual(v1.rows[0][3], .text("医疗")); XCTAssertEqual(v1.rows[0][5], .text("微信"))
        XCTAssertEqual(v1.row("name", "赵*")?["channel"], .text("银行代收"))
        let v2 = r.sections[1]
        XCTAssertEqual(v2.rows.count, 5, "P6's refunded medical payment is not published")
        XCTAssertEqual(v2.totalsByKey["amount_fen"], .money(380_00 + 190_00 + 190_00 + 800_00 + 380_00))
        XCTAssertEqual(v2.rows.filter { $0[5] == .text("政府代缴") }.count, 2)
        XCTAssertTrue(r.notes.contains { $0.contains("1 笔") }, "P9 has no roster row: \(r.notes)")
        // A town (through its villages) or a village gives exactly its part of the county's roster.
        for (area, title, count) in [(AreaFilter(town: ReportWorld.t2), "东庄村", 5), (AreaFilter(town: ReportWorld.t1), "测试村", 6),
                                     (AreaFilter(village: ReportWorld.v1), "测试村", 6),
                                     (AreaFilter(town: ReportWorld.t1, village: ReportWorld.v2), nil, 0)] {
            let part = try world().report(RosterReport(year: 2024, area: area))
            XCTAssertEqual(part.sections.map(\.title), title.map { [$0] } ?? [], "\(area)")
            XCTAssertEqual(part.sections.first?.rows ?? [], r.sections.first { $0.title == title }?.rows ?? [], "\(area)")
            XCTAssertEqual(part.sections.first?.rows.count ?? 0, count, "\(area)")
        }
        // Nothing unmasked anywhere in any rendering.
        for text in [CSVRenderer().render(r), HTMLRenderer().render(r), JSONRenderer().render(r), TableRenderer().render(r)] {
            for p in [ReportWorld.p1, ReportWorld.p2, ReportWorld.p8, ReportWorld.p5] { XCTAssertFalse(text.contains(p)) }
            for name in ["张伟民", "李建国", "赵强", "周桂芳", "吴海涛"] { XCTAssertFalse(text.contains(name), name) }
        }
    }

    func testMasks() {
        XCTAssertEqual(Mask.idNumber("37040619700501001X"), "370406********001X")
        XCTAssertEqual(Mask.idNumber("370406700501001"), "370406*****1001")
        XCTAssertEqual(Mask.idNumber("12345"), "*****")
        XCTAssertEqual(Mask.name("欧阳娜娜"), "欧***")
        XCTAssertEqual(Mask.name("王"), "王*")
        XCTAssertEqual(Mask.name(" 李四 "), "李*")
    }

    func testFindingsFilters() throws {
        let w = try world()
        func count(_ f: (inout FindingsExport.Filter) -> Void) throws -> Int {
            var filter = FindingsExport.Filter()
            f(&filter)
            return try w.report(FindingsReport(filter: filter, listOnly: true)).sections[0].rows.count
        }
        XCTAssertEqual(try count { $0.code = "NOT_IN_TAX_LEDGER" }, 2)
        XCTAssertEqual(try count { $0.status = "resolved" }, 2)   // P9's ledger row, 101's contribution claim
        XCTAssertEqual(try count { $0.town = ReportWorld.t2; $0.status = "open" }, 3)   // P7's and two subsidy lines
        XCTAssertEqual(try count { $0.channel = "bank" }, 1)
        XCTAssertEqual(try count { $0.subjectContains = "WXP" }, 3)
        XCTAssertEqual(try count { $0.severity = "info" }, 1)
        XCTAssertEqual(try count { $0.to = LocalDate("2000-01-01") }, 0)
        XCTAssertEqual(try count { $0.from = LocalDate("2000-01-01") }, 8)
        let full = try w.report(FindingsReport())
        XCTAssertEqual(full["summary"]?.totalsByKey["open"], .integer(6))
        XCTAssertEqual(full["summary"]?.charts.map(\.bars.count), [4, 4])
    }

    func testTableAlignsChineseByDisplayWidth() {
        XCTAssertEqual(DisplayWidth.of("西集镇"), 6)
        XCTAssertEqual(DisplayWidth.of("ab１２"), 6)
        let r = Report(name: "t", title: "t", sections: [ReportSection(
            key: "s", title: "s", columns: [.init("a", "村居"), .init("b", "金额", .money)],
            rows: [[.text("东庄村"), .money(123_45)], [.text("A"), .money(-5)]])])
        let lines = TableRenderer().render(r).split(separator: "\n").map(String.init)
        let table = lines.suffix(4)
        XCTAssertEqual(Set(table.map { DisplayWidth.of($0) }).count, 1, "\(table)")
        XCTAssertTrue(table.last!.hasSuffix("-0.05"))
    }

    func testCSVIsUTF8WithBOMAndCRLF() {
        let r = Report(name: "t", title: "t", sections: [ReportSection(
            key: "s", title: "s", columns: [.init("a", "说明"), .init("b", "金额", .money)],
            rows: [[.text("含,逗号 \"引号\""), .money(1_234_567)], [.text("=cmd"), .empty], [.text("-2+3+cmd|' /C calc'!A0"), .money(-5)],
                   [.text("+1"), .empty], [.text("@SUM(A1)"), .empty], [.text("\tx"), .empty], [.text("\rx"), .empty]])])
        let csv = CSVRenderer().render(r)
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}说明,金额\r\n"))
        XCTAssertTrue(csv.contains("\"含,逗号 \"\"引号\"\"\",12345.67\r\n"))
        // OWASP's list: = + - @ tab CR first get an apostrophe; money stays a number, sign and all.
        XCTAssertTrue(csv.contains("'=cmd,\r\n"))
        XCTAssertTrue(csv.contains("'-2+3+cmd|' /C calc'!A0,-0.05\r\n"), csv)
        XCTAssertTrue(csv.contains("'+1,\r\n") && csv.contains("'@SUM(A1),\r\n") && csv.contains("'\tx,\r\n"), csv)
        XCTAssertTrue(csv.contains("\"'\rx\","), csv)
        for text in ["=cmd", "-2", "+1", "@x", "\tx", "\rx", "'plain", "plain", "-"] {
            XCTAssertEqual(FormulaGuard.undefused(FormulaGuard.defused(text)), text)
        }
    }

    /// On a terminal every report fits 120 columns: wide tables go in parts with their key columns
    /// repeated, long texts are cut with "…", numbers are never cut; `--wide` shows everything whole.
    func testTerminalTablesFit120ColumnsAndWideShowsEverything() throws {
        let w = try world()
        for query in [NightlyReport(sinceRun: nil) as any ReportQuery, BalanceReport(), SubsidyReport(policy: .y2024),
                      CoverageReport(policy: .y2024, plan: .y2024), RosterReport(year: 2024), FindingsReport(filter: .init())] {
            let report = try w.report(query)
            let text = TableRenderer().render(report)
            for line in text.split(separator: "\n") {
                XCTAssertLessThanOrEqual(DisplayWidth.of(String(line)), 120, "\(report.name): \(line)")
            }
            // Every number shown whole somewhere in the table output.
            for section in report.sections {
                for row in section.rows {
                    for (i, value) in row.enumerated() where section.columns[i].isNumeric && !value.display().isEmpty {
                        XCTAssertTrue(text.contains(value.display()), "\(report.name) / \(section.key): \(value.display())")
                    }
                }
            }
            let wide = TableRenderer.wide.render(report)
            XCTAssertFalse(wide.contains("（续"), report.name)
        }
        let coverage = try w.report(CoverageReport(policy: .y2024, plan: .y2024))
        XCTAssertTrue(TableRenderer().render(coverage).contains("（续 2/"), "the coverage table goes in parts")
        XCTAssertTrue(TableRenderer.wide.render(coverage).split(separator: "\n").contains { DisplayWidth.of(String($0)) > 120 })
    }

    func testLongNotesWrapAndTextColumnsNarrow() {
        let long = String(repeating: "缴费率的分母为参保状态正常的登记人员，", count: 8)
        let r = Report(name: "t", title: "t", notes: [long], sections: [ReportSection(
            key: "s", title: "s", columns: [.init("a", "说明"), .init("b", "金额", .money)],
            rows: [[.text(String(repeating: "很长的说明文字", count: 30)), .money(123_456_789)]])])
        let text = TableRenderer().render(r)
        XCTAssertTrue(text.split(separator: "\n").allSatisfy { DisplayWidth.of(String($0)) <= 120 }, text)
        XCTAssertTrue(text.contains("1,234,567.89"))
        XCTAssertTrue(text.contains("…"))
        XCTAssertTrue(text.replacingOccurrences(of: "\n", with: "").contains(long), "the note is wrapped, not cut")
    }

    /// The review desk pages through the findings list 50 at a time: every page's keys come from one
    /// index that holds every filtered column, in the page's order — no finding read, nothing sorted,
    /// whatever the filter, order or depth (docs/performance.md: 134 ms → 7 ms for page 5,000 of 582k).
    func testTheFindingsListIsReadFromOneIndexWithoutASort() throws {
        let w = try world()
        let db = try SQLiteStore.Connection(path: w.db, readOnly: true)
        var filters: [FindingsExport.Filter] = [.init()]
        var f = FindingsExport.Filter(); f.severity = "medium"; filters.append(f)
        f = .init(); f.code = "LATE_PAYMENT"; filters.append(f)
        f = .init(); f.severity = "high"; f.town = ReportWorld.t1; f.reviewState = "new"; filters.append(f)
        f = .init(); f.status = "open"; f.reviewState = "new"; f.code = "LATE_PAYMENT"; filters.append(f)
        f = .init(); f.village = "x"; f.channel = "wechat"; f.subjectContains = "37"; filters.append(f)
        f = .init(); f.from = LocalDate("2020-01-01"); f.to = LocalDate("2099-12-31"); f.status = "resolved"; filters.append(f)
        for filter in filters {
            for order in FindingsExport.Order.allCases {
                var filter = filter
                filter.order = order
                let q = FindingsExport.query(filter)
                let plan = try db.prepare("EXPLAIN QUERY PLAN " + FindingsExport.keysSQL(q, limit: 50, offset: 5000), persistent: false)
                    .query(q.params).map { "\($0)" }.joined(separator: "\n")
                XCTAssertFalse(plan.contains("TEMP B-TREE"), "\(filter): \(plan)")
                XCTAssertTrue(plan.contains("COVERING INDEX \(q.index)"), "\(filter): \(plan)")
                // A page is the same slice of the whole filtered list.
                let all = try FindingsExport(db: db).rows(filter, limit: nil, offset: 0)
                XCTAssertEqual(try FindingsExport(db: db).rows(filter, limit: 3, offset: 2), Array(all.dropFirst(2).prefix(3)), "\(filter)")
                XCTAssertEqual(try FindingsExport(db: db).count(filter), all.count, "\(filter)")
                for narrow in [1, 1000] {  // read apart, and in one walk
                    let page = try FindingsExport(db: db).page(filter, size: 3, offset: 2, narrow: narrow)
                    XCTAssertEqual(page.rows, Array(all.dropFirst(2).prefix(3)), "\(filter)")
                    XCTAssertEqual(page.total, all.count, "\(filter)")
                    XCTAssertTrue(page.exact)
                }
                // A broad filter's count stops past the cap: "more than".
                let capped = try FindingsExport(db: db).page(filter, size: 1, offset: 0, narrow: 1, countUpTo: 1)
                let filtered = !FindingsExport.query(filter).params.isEmpty
                XCTAssertEqual(capped.exact, !filtered || all.count <= 1, "\(filter)")
                XCTAssertEqual(capped.total, capped.exact ? all.count : 1, "\(filter)")
            }
        }
        // The orders say what they are.
        f = .init(); f.order = .amount
        let byAmount = try FindingsExport(db: db).rows(f).map { r -> Int64 in if case .int(let v)? = r["amount_fen"] { return v }; return 0 }
        XCTAssertEqual(byAmount, byAmount.sorted(by: >))
        XCTAssertGreaterThan(Set(byAmount).count, 2)
        f.order = .recent
        let recent = try FindingsExport(db: db).rows(f).map { r -> String in if case .text(let v)? = r["first_seen_at"] { return v }; return "" }
        XCTAssertEqual(recent, recent.sorted(by: >))
        // A finding's page: the finding by its key, the same person's others by the person index.
        let person = try db.prepare("EXPLAIN QUERY PLAN " + FindingsExport.sameIDQuery, persistent: false)
            .query([.text(ReportWorld.p1), .text("x"), .text("y")]).map { "\($0)" }.joined(separator: "\n")
        XCTAssertTrue(person.contains("findings_person"), person)
        let any = try XCTUnwrap(try FindingsExport(db: db).rows(.init(), limit: 1, offset: 0).first)
        guard case .text(let anyCode)? = any["code"], case .text(let anySubject)? = any["subject"] else { return XCTFail() }
        XCTAssertEqual(try FindingsExport(db: db).row(code: anyCode, subject: anySubject)?["subject"], .text(anySubject))
        XCTAssertNil(try FindingsExport(db: db).row(code: anyCode, subject: anySubject + "x"))
        // And the filters keep what they say.
        let medium = try FindingsExport(db: db).rows(filters[1], limit: nil, offset: 0)
        XCTAssertTrue(medium.allSatisfy { $0["severity"] == .text("medium") } && !medium.isEmpty)
        f = .init(); f.code = "LATE_PAYMENT"; f.severity = "high"
        XCTAssertEqual(try FindingsExport(db: db).count(f), 0, "a code and a severity it does not have")
    }
}
