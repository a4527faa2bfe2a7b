import Foundation
import ReconSynth
import XCTest

@testable import ReconCore
@testable import ReconReports
import SQLiteStore
import ReconTestSupport

/// The summaries each reconciliation run writes for the reports (`report_*` tables): equal to the
/// joins over the stored tables after every run — the first, later ones with new files, one with
/// nothing new — and a report refuses to show zeros when a database has none.
final class ReportSummariesTests: XCTestCase {
    /// The generator's district fed in three batches of nights: after each run every summary table
    /// equals its oracle, and the last equals that of one run over the whole inbox.
    func testSummariesEqualTheJoinsAfterEveryRun() throws {
        let t = try TestInbox()
        let manifest = try DistrictGenerator(options: .init(scale: 0.02, seed: 11)).generate(into: t.root)
        let dates = Set(manifest.files.map { $0.fileDate ?? "" }).sorted()
        let nightly = t.root + "/nightly"
        try FileManager.default.createDirectory(atPath: nightly, withIntermediateDirectories: true)
        let store = try Store(path: t.root + "/nightly.sqlite")
        let oracle = SummaryOracle(db: store.db)
        var lastBatch: [String] = []
        for cut in [dates.count / 3, 2 * dates.count / 3, dates.count] {
            let batch = Set(dates[lastBatch.count..<cut])
            lastBatch = Array(dates[0..<cut])
            for f in manifest.files where batch.contains(f.fileDate ?? "") {
                try FileManager.default.copyItem(atPath: t.inbox + "/" + f.name, toPath: nightly + "/" + f.name)
            }
            let ingest = try Ingestor(store: store).ingest(directory: nightly)
            let run = try ReconcileRun(store: store).run(ingest: ingest)
            try oracle.check("after the nights up to \(dates[cut - 1])")
            XCTAssertEqual(try store.meta(Schema.reportSummariesRunKey), String(run.runID))
        }
        let compared = try oracle.check("all nights")
        for (table, n) in compared { XCTAssertGreaterThan(n, 0, "\(table): nothing compared") }

        // A run with nothing new keeps every summary as it was.
        let before = try Self.contents(store.db)
        let again = try ReconcileRun(store: store).run(ingest: try Ingestor(store: store).ingest(directory: nightly))
        XCTAssertEqual(try Self.contents(store.db), before)
        XCTAssertEqual(try store.meta(Schema.reportSummariesRunKey), String(again.runID))

        // One run over everything writes the same summaries (digests included) as the runs night by night,
        // here through the bulk path (village index dropped and built again after the lines) that a
        // county's first run takes.
        let once = try Store(path: t.root + "/once.sqlite")
        var bulk = ReconcileRun(store: once)
        bulk.rosterIndexRebuildLines = 0
        _ = try bulk.run(ingest: try Ingestor(store: once).ingest(directory: t.inbox))
        XCTAssertEqual(try Self.contents(once.db), before)
        XCTAssertEqual(try once.db.scalarInt(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'report_roster_lines_village'"), 1)
        // The writer checks no foreign keys while it bulk-loads (every row names the files row it
        // inserted first): the stored rows must still all have their parent.
        for db in [store.db, once.db] {
            XCTAssertEqual(try db.prepare("PRAGMA foreign_key_check", persistent: false).query(), [])
            XCTAssertEqual(try db.scalarInt("PRAGMA foreign_keys"), 1, "foreign keys are checked again after the ingest")
        }
    }

    /// Every summary table's rows, in a full order.
    static func contents(_ db: Connection) throws -> [String: [[SQLValue]]] {
        let tables = ["report_roster_lines": "1", "report_coverage": "1, 3, 5, 6, 7, 8, 9",
                      "report_unpaid": "1, 2, 3, 5, 6, 7", "report_subsidy_facts": "1, 2, 3, 4",
                      "report_balance_days": "1, 2", "report_balance_agents": "1, 2", "report_years": "1"]
        var out: [String: [[SQLValue]]] = [:]
        for (table, order) in tables {
            out[table] = try db.prepare("SELECT * FROM \(table) ORDER BY \(order)", persistent: false).query()
        }
        return out
    }

    /// The summaries are a step of their own after the rules and need only the view: built from a
    /// view loaded alone (no rule has run over it, the rules' texts were let go as it loaded), they
    /// are what the run wrote, every roster line included, and what the joins over the tables give.
    func testTheSummariesStepNeedsOnlyTheView() throws {
        let w = try ReportWorld()
        let store = w.w.store
        let written = try Self.contents(store.db)
        let run = try XCTUnwrap(try store.meta(Schema.reportSummariesRunKey).flatMap { Int64($0) })
        let summaries = try ReportSummaries.build(try JoinedView.load(store: store), store: store)
        XCTAssertEqual(summaries.rosterPlan.put.count + summaries.rosterPlan.gone.count, 0, "a roster line differs")
        try store.db.transaction { _ = try summaries.write(to: store.db, runID: run) }
        XCTAssertEqual(try Self.contents(store.db), written)
        XCTAssertGreaterThan(written.values.map(\.count).min() ?? 0, 0, "a summary table is empty")
        try SummaryOracle(db: store.db).check("from the view alone")
    }

    /// A second run with new files: a refund takes a payment off the roster, a new roster snapshot
    /// renames a village and moves a person, a new person pays — the lines that changed are rewritten,
    /// the others kept, and coverage and the unpaid follow.
    func testASecondRunRewritesWhatChanged() throws {
        let w = try RulesWorld()
        let p1 = RulesWorld.id("19700501", 11), p2 = RulesWorld.id("19900302", 21), p3 = RulesWorld.id("19850707", 31)
        w.enrolBoth(p1, "张伟民")
        w.enrol(p2, "李建国", .medical, household: "3704061010010002")
        w.wechat("WXP1YL", p1, .pension, "500.00", at: "2023-11-20 10:00:00", openid: "oP1")
        w.wechat("WXP1YB", p1, .medical, "380.00", at: "2023-11-20 10:05:00", openid: "oP1")
        w.wechat("WXP2YB", p2, .medical, "380.00", at: "2023-11-21 09:00:00", openid: "oP2", inLedger: false)
        let ticket = w.ledger(.wechat, "WXP2YB", p2, .medical, "380.00", at: "2023-11-21 09:00:00")
        try w.reconcile()
        let oracle = SummaryOracle(db: w.store.db)
        try oracle.check("run 1")
        func lines() throws -> [String: [SQLValue]] {
            var out: [String: [SQLValue]] = [:]
            for r in try w.inbox.query("""
                SELECT r.ref, e.village_name, l.village_code, l.net_fen, l.digest
                FROM report_roster_lines l JOIN records r ON r.id = l.record_id JOIN enrollment e ON e.line_no = l.roster_line
                """) {
                if case .text(let ref) = r[0] { out[ref] = Array(r.dropFirst()) }
            }
            return out
        }
        let first = try lines()
        XCTAssertEqual(Set(first.keys), ["WXP1YL", "WXP1YB", "WXP2YB"])
        XCTAssertEqual(try w.inbox.int("SELECT count(*) FROM report_unpaid WHERE year = 2024"), 0, "everyone enrolled paid")

        // Run 2: P2's payment refunded; a new snapshot renames 测试村 and moves P1's medical row to another
        // village; P3 enrols and pays.
        w.wechatRefund("RFP2YB", original: "WXP2YB", p2, .medical, "380.00", at: "2023-11-25 10:00:00", openid: "oP2")
        w.ledger(.wechat, "RFP2YB", p2, .medical, "-380.00", at: "2023-11-25 10:00:00", type: "退费", originalTicket: ticket)
        w.rosterDate = "20231201"
        w.enrol(p1, "张伟民", .pension, villageName: "新测试村")
        w.enrol(p1, "张伟民", .medical, town: "370406102", village: "370406102001", villageName: "东庄村")
        w.enrol(p2, "李建国", .medical, household: "3704061010010002", villageName: "新测试村")
        w.enrol(p3, "王秀英", .medical, household: "3704061010010003", villageName: "新测试村")
        w.wechat("WXP3YB", p3, .medical, "380.00", at: "2023-11-26 09:00:00", openid: "oP3")
        try w.reconcile()
        try oracle.check("run 2")
        let second = try lines()
        XCTAssertEqual(Set(second.keys), ["WXP1YL", "WXP1YB", "WXP3YB"], "the refunded payment is gone")
        XCTAssertEqual(second["WXP1YL"]?[0], .text("新测试村"))
        XCTAssertEqual(second["WXP1YB"]?[1], .text("370406102001"))
        XCTAssertNotEqual(second["WXP1YB"]?[3], first["WXP1YB"]?[3], "a line in another village gets a new digest")
        XCTAssertEqual(second["WXP1YL"]?[3], first["WXP1YL"]?[3],
                       "a renamed village keeps the line: the name is read from the roster line")
        let unpaid = try w.inbox.query("SELECT id_number, village_name FROM report_unpaid WHERE year = 2024")
        XCTAssertEqual(unpaid, [[.text(p2), .text("新测试村")]])
        XCTAssertEqual(try w.inbox.query("""
            SELECT village_code, village_name, sum(persons) FROM report_coverage WHERE year = 2024 AND insurance = 'medical'
            GROUP BY 1, 2 ORDER BY 1
            """), [[.text("370406101001"), .text("新测试村"), .int(2)], [.text("370406102001"), .text("东庄村"), .int(1)]])

        // The reports read the new state.
        let roster = try RosterReport(year: 2024).run(on: ReportDatabase(path: w.inbox.database))
        XCTAssertEqual(roster.sections.map(\.title), ["新测试村", "东庄村"])
        XCTAssertEqual(roster.sections.map(\.rows.count), [2, 1])
    }

    /// A database no run has summarised — ingested but not reconciled, or reconciled before the
    /// summaries existed (schema v1) — makes every report that reads them say so, never show zeros.
    func testReportsWithoutSummariesSayRunRecondFirst() throws {
        let t = try TestInbox()
        try t.copySamples()
        _ = try Ingestor(store: try Store(path: t.database)).ingest(directory: t.inbox)
        let v1 = t.root + "/v1.sqlite"
        let old = try Connection(path: v1)
        try old.execute(Schema.v1)
        try old.execute("PRAGMA user_version = 1")
        try old.execute("INSERT INTO runs(started_at, finished_at) VALUES ('2024-01-10 02:00:00', '2024-01-10 02:00:05')")
        old.close()

        let reports: [(String, ReportQuery)] = [
            ("balance", BalanceReport()), ("subsidy", SubsidyReport(policy: .y2024)),
            ("coverage", CoverageReport(policy: .y2024, plan: .y2024)), ("roster", RosterReport(year: 2024)),
        ]
        for path in [t.database, v1] {
            for (name, report) in reports {
                XCTAssertThrowsError(try report.run(on: ReportDatabase(path: path)), "\(name) over \(path)") {
                    XCTAssertEqual($0 as? ReportError, .noSummaries, "\(name) over \(path)")
                }
            }
        }
        XCTAssertTrue(ReportError.noSummaries.description.contains("run recond first"))

        let exe = URL(fileURLWithPath: ToolProcess.recond).deletingLastPathComponent()
            .appendingPathComponent("recon-report").path
        for sub in ["balance", "coverage"] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: exe)
            p.arguments = [sub, "--db", t.database]
            let err = Pipe()
            p.standardError = err
            p.standardOutput = Pipe()
            try p.run()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 1, sub)
            XCTAssertTrue(text.contains("run recond first"), text)
        }

        // Once recond has run, the same reports answer.
        _ = try ReconcileRun(store: try Store(path: t.database)).run()
        for (name, report) in reports {
            XCTAssertNoThrow(try report.run(on: ReportDatabase(path: t.database)), name)
        }
    }

    /// A year no run counted, or a policy counting ages on another day than the run's: a clear error.
    func testAYearOrPolicyTheSummariesDoNotHold() throws {
        let w = try ReportWorld()
        var later = Policy.y2024
        later.year = 2031
        XCTAssertThrowsError(try w.report(RosterReport(year: 2031))) { XCTAssertEqual($0 as? ReportError, .noSummaryYear(2031)) }
        XCTAssertThrowsError(try w.report(SubsidyReport(policy: later))) { XCTAssertEqual($0 as? ReportError, .noSummaryYear(2031)) }
        var shifted = Policy.y2024
        shifted.ageReferenceDay = LocalDate(year: 2024, month: 7, day: 1)
        XCTAssertThrowsError(try w.report(CoverageReport(policy: shifted, plan: .y2024))) {
            XCTAssertEqual($0 as? ReportError, .summaryAgeDay(year: 2024, counted: "2024-01-01", policy: "2024-07-01"))
        }
        // The reports name the run their figures come from.
        let run = try w.w.inbox.int("SELECT max(run_id) FROM runs")
        for r in [try w.report(BalanceReport()), try w.report(RosterReport(year: 2024))] {
            XCTAssertTrue(r.notes.contains { $0.contains("第 \(run) 次对账运行") }, "\(r.notes)")
        }
    }
}
