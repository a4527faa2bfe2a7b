import Foundation
import XCTest

@testable import ReconCore
@testable import ReconReports
import ReconTestSupport

/// The outputs people open, through the real `recon-report` process over `ReportWorld`'s database:
/// the findings CSV edited as Excel writes it and applied with `review --from-csv`; the HTML page
/// rendered by headless Chromium with its chart labels and totals read back; the XLSX read back by
/// openpyxl.
final class ReportOutputTests: XCTestCase {
    func tool(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        try run(ToolProcess.path("recon-report"), args)
    }

    func run(_ executable: String, _ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let r = try ToolProcess.run(executable, args)
        return (r.status, r.out, r.err)
    }

    /// Headless Chromium renders the HTML: `CHROMIUM`, else `chromium` or `chromium-browser` on PATH.
    /// Missing, the test fails (a skip would hide that the pages were never rendered).
    var chromium: String {
        get throws {
            if let path = ProcessInfo.processInfo.environment["CHROMIUM"], !path.isEmpty { return path }
            let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            for name in ["chromium", "chromium-browser"] {
                for dir in dirs where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                    return "\(dir)/\(name)"
                }
            }
            throw MissingTool(description: "no Chromium: CHROMIUM is not set and neither chromium nor chromium-browser "
                + "is on PATH; run scripts/test.sh, which installs it")
        }
    }

    /// A Python with openpyxl reads the XLSX back: `RECON_PYTHON`, else the venv scripts/test.sh makes
    /// in .build/openpyxl-venv.
    var python: String {
        get throws {
            if let path = ProcessInfo.processInfo.environment["RECON_PYTHON"], !path.isEmpty { return path }
            let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let venv = repo.appendingPathComponent(".build/openpyxl-venv/bin/python").path
            guard FileManager.default.isExecutableFile(atPath: venv) else {
                throw MissingTool(description: "no Python with openpyxl: RECON_PYTHON is not set and \(venv) does not "
                    + "exist; run scripts/test.sh, which makes that venv")
            }
            return venv
        }
    }

    struct MissingTool: Error, CustomStringConvertible {
        var description: String
    }

    func testReviewRoundTripThroughAnExcelEditedCSV() throws {
        let w = try ReportWorld()
        let csvPath = w.w.inbox.root + "/findings.csv"
        let export = try tool(["findings", "--db", w.db, "--format", "csv", "--out", csvPath])
        XCTAssertEqual(export.status, 0, export.err)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: csvPath))
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        var text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        // For people: Chinese headers, each code's meaning, the evidence in words (never the JSON).
        XCTAssertTrue(text.hasPrefix("代码,含义,严重程度,状态,年度,"), String(text.prefix(80)))
        XCTAssertTrue(text.contains("\r\n"))
        XCTAssertFalse(text.contains("{\""), "no raw JSON in the CSV")
        XCTAssertTrue(text.contains(",2024,"), "the year as a year")

        // As Excel saves it: every record re-quoted where needed, CRLF, BOM; the reviewer edited three
        // rows well (in Chinese and English) and two badly, and left the others alone.
        let sheet = try ReviewSheet(bytes: Array(bytes))
        XCTAssertEqual(sheet.rows.count, 8)
        var records = try ReviewSheet.records(Array(text.utf8)).map(\.fields)
        let header = records[0]
        let subjectCol = header.firstIndex(of: "对象")!, stateCol = header.firstIndex(of: "审核状态")!
        let noteCol = header.firstIndex(of: "审核意见")!, codeCol = header.firstIndex(of: "代码")!
        func serialise(_ rows: [[String]]) -> String {
            rows.map { f in
                f.map { v in
                    v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r\n" })
                        ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
                }.joined(separator: ",")
            }.joined(separator: "\r\n") + "\r\n"
        }
        func edit(_ subject: String, state: String, note: String) {
            guard let r = records.firstIndex(where: { $0.count > subjectCol && $0[subjectCol] == subject }) else {
                return XCTFail("no row \(subject)")
            }
            records[r][stateCol] = state
            records[r][noteCol] = note
        }
        edit("txn:wechat:WXP7YB", state: "已确认", note: "已核实，\"补录\"\n次日入账")
        edit("txn:bank:BKP8YB", state: "Escalated ", note: "网点 103001002 未入账")
        edit("txn:wechat:WXP9YB", state: "dismissed", note: "外区人员")
        edit("txn:wechat:WXP3YL", state: "maybe", note: "?")
        edit("subsidy:370406102:medical:half_paid", state: "待审核", note: "只写了备注")
        var unknown = [String](repeating: "", count: header.count)
        unknown[codeCol] = "NO_POLICY"; unknown[subjectCol] = "txn:wechat:NOSUCH"
        unknown[stateCol] = "confirmed"; unknown[noteCol] = "无此发现"
        records.append(unknown)
        text = serialise(records)
        try Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)).write(to: URL(fileURLWithPath: csvPath))
        // Physical lines: notes and evidence span several; the failure names the line the record starts on.
        let bad = text.range(of: ",txn:wechat:WXP3YL\r\n")!.lowerBound
        let start = text[..<bad].range(of: "\r\nLATE_PAYMENT,", options: .backwards)!.lowerBound
        let noteLine = text[..<start].utf8.filter { $0 == 0x0A }.count + 2

        let first = try tool(["review", "--db", w.db, "--from-csv", csvPath, "--reviewer", "审计局 王"])
        XCTAssertEqual(first.status, 1, "some rows could not be applied")
        XCTAssertTrue(first.err.contains("3 decisions recorded"), first.err)
        XCTAssertTrue(first.err.contains("3 rows could not be applied"), first.err)
        XCTAssertTrue(first.err.contains("line \(noteLine) (LATE_PAYMENT txn:wechat:WXP3YL): review_state 'maybe'"), first.err)
        XCTAssertTrue(first.err.contains("review_note was written but review_state is still '待审核'"), first.err)
        XCTAssertTrue(first.err.contains("no finding with code NO_POLICY and subject txn:wechat:NOSUCH"), first.err)
        XCTAssertEqual(try w.w.inbox.query("SELECT subject, review_state, review_note FROM findings_v1 WHERE review_state <> 'new' ORDER BY subject"), [
            [.text("txn:bank:BKP8YB"), .text("escalated"), .text("网点 103001002 未入账")],
            [.text("txn:wechat:WXP7YB"), .text("confirmed"), .text("已核实，\"补录\"\n次日入账")],
            [.text("txn:wechat:WXP9YB"), .text("dismissed"), .text("外区人员")],
        ])
        XCTAssertEqual(try w.w.inbox.int("SELECT count(*) FROM reviews_v1 WHERE reviewer = '审计局 王'"), 3)

        // The same sheet again records nothing new; without its bad rows it succeeds.
        let again = try tool(["review", "--db", w.db, "--from-csv", csvPath, "--reviewer", "审计局 王"])
        XCTAssertTrue(again.err.contains("0 decisions recorded"), again.err)
        XCTAssertEqual(try w.w.inbox.int("SELECT count(*) FROM reviews_v1"), 3)
        let good = records.filter { r in !["txn:wechat:WXP3YL", "txn:wechat:NOSUCH", "subsidy:370406102:medical:half_paid"].contains(r[subjectCol]) }
        try Data(serialise(good).utf8).write(to: URL(fileURLWithPath: csvPath))
        XCTAssertEqual(try tool(["review", "--db", w.db, "--from-csv", csvPath, "--reviewer", "审计局 王"]).status, 0)

        // Saved by Excel as plain "CSV" on Chinese Windows: GB18030, no BOM.
        let gbk = "code,subject,review_state,review_note\r\nNOT_ENROLLED,txn:wechat:WXP9YB,confirmed,外区人员已退费\r\n"
        try Data(GB18030.encode(gbk)).write(to: URL(fileURLWithPath: csvPath))
        XCTAssertEqual(try tool(["review", "--db", w.db, "--from-csv", csvPath, "--reviewer", "审计局 王"]).status, 0)
        XCTAssertEqual(try w.w.inbox.query("SELECT review_state, review_note FROM findings_v1 WHERE subject = 'txn:wechat:WXP9YB'"),
                       [[.text("confirmed"), .text("外区人员已退费")]])
        // A sheet without the columns is refused whole.
        try Data("a,b\r\n1,2\r\n".utf8).write(to: URL(fileURLWithPath: csvPath))
        let refused = try tool(["review", "--db", w.db, "--from-csv", csvPath, "--reviewer", "x"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.err.contains("no column code, subject, review_state, review_note"), refused.err)
    }

    func testHTMLRenderedByChromium() throws {
        let w = try ReportWorld()
        let root = w.w.inbox.root
        for (report, extra) in [("nightly", [String]()), ("coverage", [])] {
            let out = root + "/\(report).html"
            let r = try tool([report, "--db", w.db, "--format", "html", "--out", out] + extra)
            XCTAssertEqual(r.status, 0, r.err)
        }
        let html = try String(contentsOfFile: root + "/nightly.html", encoding: .utf8)
        XCTAssertFalse(html.contains("http://") && html.contains("<link"), "no external resources")
        XCTAssertFalse(html.contains("<script"))

        let dom = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://" + root + "/nightly.html"])
        XCTAssertEqual(dom.status, 0, dom.err)
        let labels = texts(dom.out, "bar-label"), values = texts(dom.out, "bar-value")
        // The first chart: open findings by kind (high first), the second: money at stake by kind, each
        // labelled by what it means.
        XCTAssertEqual(Array(labels.prefix(4)), ["未入金三账", "补助申报不符", "未参保登记", "征缴期后缴费"])
        XCTAssertEqual(Array(values.prefix(4)), ["2", "2", "1", "1"])
        XCTAssertEqual(Array(values.dropFirst(4)), ["760.00", "830.00", "380.00", "350.00"])
        XCTAssertTrue(dom.out.contains("<figcaption>合计 6 条</figcaption>"), "chart total")
        XCTAssertTrue(dom.out.contains("<figcaption>合计 2,320.00 元</figcaption>"), "money at stake total")
        XCTAssertTrue(dom.out.contains("每日对账报告"))

        let cov = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://" + root + "/coverage.html"])
        XCTAssertEqual(cov.status, 0, cov.err)
        let covLabels = texts(cov.out, "bar-label"), covValues = texts(cov.out, "bar-value")
        let xiji = try XCTUnwrap(covLabels.firstIndex(of: "西集镇"))
        XCTAssertEqual(covValues[xiji], "100.0%", "西集镇 45–59")
        XCTAssertEqual(texts(cov.out, "target-label").first, "目标 95.0%")
        XCTAssertTrue(cov.out.contains("全区 62.5%（5/8）"), "medical caption")

        // Printed: A4 pages (portrait; the wide tables landscape).
        let pdf = root + "/coverage.pdf"
        let print = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                       "--print-to-pdf=" + pdf, "file://" + root + "/coverage.html"])
        XCTAssertEqual(print.status, 0, print.err)
        let boxes = mediaBoxes(try Data(contentsOf: URL(fileURLWithPath: pdf)))
        XCTAssertFalse(boxes.isEmpty)
        for (w, h) in boxes {
            let (short, long) = (min(w, h), max(w, h))
            XCTAssertEqual(short, 595, accuracy: 2, "A4 is 595 × 842 pt")
            XCTAssertEqual(long, 842, accuracy: 2)
        }
        XCTAssertTrue(boxes.contains { $0.0 < $0.1 } && boxes.contains { $0.0 > $0.1 }, "\(boxes)")
    }

    /// Every report as a person sees it in Chromium (Selenium, 1366×768): Chinese text with no missing
    /// glyph (each character compared with the "missing glyph" box, in the page's font), no chart text
    /// outside its chart, no value label over another text; a screenshot of each is left beside it.
    func testEveryReportPageShowsEveryGlyphAndNoClippedOrOverlappingLabel() throws {
        let w = try ReportWorld()
        let root = w.w.inbox.root
        var pages: [String] = []
        for args in [["nightly"], ["balance"], ["findings"], ["subsidy"], ["coverage"], ["roster", "--year", "2024"]] {
            let out = root + "/\(args[0]).html"
            let r = try tool(args + ["--db", w.db, "--format", "html", "--out", out])
            XCTAssertEqual(r.status, 0, r.err)
            pages.append(out)
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/page_check.py").path
        let r = try run(try python, [script] + pages)
        XCTAssertEqual(r.status, 0, r.err)
        let results = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: [String: Any]])
        for page in pages {
            let p = try XCTUnwrap(results[page], page)
            XCTAssertEqual(p["tofu"] as? [String], [], "\(page): characters drawn as missing glyphs")
            XCTAssertEqual(p["clipped"] as? [String], [], "\(page): chart text outside its chart")
            XCTAssertEqual(p["overlaps"] as? [String], [], "\(page): value labels over other text")
            XCTAssertGreaterThan(p["chars"] as? Int ?? 0, 20, "\(page): the page is in Chinese")
            XCTAssertTrue((p["font"] as? String ?? "").contains("Noto Sans CJK SC"), "\(page): a CJK font stack")
            XCTAssertTrue(FileManager.default.fileExists(atPath: page + ".png"), "screenshot of \(page)")
        }
        XCTAssertGreaterThanOrEqual(results.values.reduce(0) { $0 + ($1["svgs"] as? Int ?? 0) }, 6, "the charts were checked")
    }

    /// Reports hold ID numbers and names: every file `recon-report` writes is 0600 whatever the umask
    /// (the test process's is the usual 022), including one that replaces a readable file.
    func testReportFilesAreOwnerOnly() throws {
        let w = try ReportWorld()
        let old = umask(0o022)
        defer { umask(old) }
        let dir = w.w.inbox.root
        let existing = dir + "/findings.csv"
        FileManager.default.createFile(atPath: existing, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        for (args, file) in [(["findings", "--format", "csv"], "findings.csv"), (["findings", "--format", "json"], "findings.json"),
                             (["findings", "--format", "xlsx"], "findings.xlsx"), (["balance", "--format", "html"], "balance.html"),
                             (["roster", "--year", "2024", "--format", "csv"], "roster.csv")] {
            let r = try tool(args + ["--db", w.db, "--out", dir + "/" + file])
            XCTAssertEqual(r.status, 0, "\(args): \(r.err)")
            var st = stat()
            XCTAssertEqual(stat(dir + "/" + file, &st), 0, file)
            XCTAssertEqual(st.st_mode & 0o777, 0o600, file)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".tmp") }, [])
    }

    func testXLSXReadBackByOpenpyxl() throws {
        let w = try ReportWorld()
        let book = w.w.inbox.root + "/balance.xlsx"
        let r = try tool(["balance", "--db", w.db, "--format", "xlsx", "--out", book])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertNotEqual(try tool(["balance", "--db", w.db, "--format", "xlsx"]).status, 0, "xlsx needs --out")
        let script = w.w.inbox.root + "/read.py"
        try """
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            out = {}
            for ws in wb.worksheets:
                rows = [[c.value if not hasattr(c.value, 'isoformat') else c.value.isoformat()[:10] for c in r] for r in ws.iter_rows()]
                fmts = [c.number_format for c in ws[2]] if ws.max_row > 1 else []
                out[ws.title] = {"freeze": ws.freeze_panes, "filter": ws.auto_filter.ref, "rows": rows, "formats": fmts}
            print(json.dumps(out, ensure_ascii=False))
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let py = try run(python, [script, book])
        XCTAssertEqual(py.status, 0, py.err)
        let sheets = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(py.out.utf8)) as? [String: [String: Any]])
        XCTAssertEqual(Set(sheets.keys), ["说明", "按渠道汇总", "按渠道和日期", "按代收网点和终端"])
        let days = try XCTUnwrap(sheets["按渠道和日期"])
        XCTAssertEqual(days["freeze"] as? String, "A2")
        XCTAssertEqual(days["filter"] as? String, "A1:H9", "header and 8 channel-days; the totals below")
        let rows = try XCTUnwrap(days["rows"] as? [[Any]])
        XCTAssertEqual(rows[0].compactMap { $0 as? String }, ["渠道", "日期", "对账单笔数", "对账单金额", "金三笔数", "金三金额", "差额（对账单−金三）", "相符"])
        XCTAssertEqual(rows[1][0] as? String, "银行代收")
        XCTAssertEqual(rows[1][1] as? String, "2023-11-22")
        XCTAssertEqual(rows[1][3] as? Double, 380.0)
        XCTAssertEqual(rows[1][6] as? Double, 380.0)
        let totals = try XCTUnwrap(rows.last)
        XCTAssertEqual(totals[0] as? String, "合计")
        XCTAssertEqual(((totals[3] as? Double) ?? 0) * 100, 3710_00, accuracy: 0.001)
        XCTAssertEqual(((totals[6] as? Double) ?? 0) * 100, 760_00, accuracy: 0.001)
        XCTAssertEqual(days["formats"] as? [String], ["General", "yyyy-mm-dd", "#,##0", "#,##0.00", "#,##0", "#,##0.00", "#,##0.00", "General"])
        XCTAssertEqual((sheets["按代收网点和终端"]?["rows"] as? [[Any]])?[1][1] as? String, "103001002")

        // Names that Excel refuses are made valid and unique.
        var used: Set<String> = []
        XCTAssertEqual(XLSXRenderer.sheetName("a/b:c*d?e[f]g\\h", used: &used), "a_b_c_d_e_f_g_h")
        XCTAssertEqual(XLSXRenderer.sheetName(String(repeating: "村", count: 40), used: &used).count, 31)
        XCTAssertEqual(XLSXRenderer.sheetName(String(repeating: "村", count: 40), used: &used), String(repeating: "村", count: 27) + " (2)")
    }

    /// The texts of the SVG <text class="…"> elements, in order.
    func texts(_ dom: String, _ cls: String) -> [String] {
        var out: [String] = []
        var rest = dom[...]
        while let r = rest.range(of: "<text class=\"\(cls)\"") {
            rest = rest[r.upperBound...]
            guard let gt = rest.firstIndex(of: ">"), let end = rest.range(of: "</text>") else { break }
            out.append(String(rest[rest.index(after: gt)..<end.lowerBound])
                .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<"))
            rest = rest[end.upperBound...]
        }
        return out
    }

    /// (width, height) of every /MediaBox of a PDF.
    func mediaBoxes(_ pdf: Data) -> [(Double, Double)] {
        let s = String(decoding: pdf, as: UTF8.self)
        var out: [(Double, Double)] = []
        var rest = s[...]
        while let r = rest.range(of: "/MediaBox [") {
            rest = rest[r.upperBound...]
            guard let end = rest.firstIndex(of: "]") else { break }
            let n = rest[..<end].split(separator: " ").compactMap { Double($0) }
            if n.count == 4 { out.append((n[2] - n[0], n[3] - n[1])) }
        }
        return out
    }
}
