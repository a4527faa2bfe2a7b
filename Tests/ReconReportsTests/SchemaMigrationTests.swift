import Foundation
@testable import ReconCore
import ReconReports
import XCTest
import SQLiteStore
import ReconTestSupport

/// Databases written by an older recond are upgraded in place when recond opens them, nothing lost;
/// reports (read-only, never migrating) say what to do until then.
final class SchemaMigrationTests: XCTestCase {
    /// The samples ingested and reconciled by this recond, and the same contents laid out as schema v3
    /// (records with their file's name and date, roster lines with their person) in `v3.sqlite`.
    func makeV3() throws -> (t: TestInbox, v3: String) {
        let t = try TestInbox()
        try t.copySamples()
        let store = try Store(path: t.database)
        _ = try ReconcileRun(store: store).run(ingest: try Ingestor(store: store).ingest(directory: t.inbox))
        let v3 = t.root + "/v3.sqlite"
        let old = try Connection(path: v3)
        for m in Schema.migrations.prefix(3) { try old.execute(m) }
        try old.execute("PRAGMA user_version = 3")
        try old.execute("ATTACH '\(t.database)' AS cur")
        let tables = try old.prepare("""
            SELECT name FROM cur.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
              AND name NOT IN ('records', 'enrollment', 'report_roster_lines')
            """, persistent: false).query().map { v -> String in if case .text(let s) = v[0] { return s }; return "" }
        XCTAssertTrue(tables.contains("files") && tables.contains("ledger"))
        // Each table v3 had, with v3's columns (later versions add tables and columns).
        for table in tables {
            let columns = try old.prepare("SELECT name FROM pragma_table_info(?, 'main') ORDER BY cid", persistent: false)
                .query([.text(table)]).compactMap { v -> String? in if case .text(let s) = v[0] { return s }; return nil }
            guard !columns.isEmpty else { continue }
            let list = columns.joined(separator: ", ")
            try old.execute("INSERT INTO main.\(table)(\(list)) SELECT \(list) FROM cur.\(table)")
        }
        try old.execute("""
            INSERT INTO main.records
                SELECT r.id, r.channel, r.kind, r.ref, r.original_ref, r.original_ticket, r.id_number, r.id_valid, r.insurance,
                       r.year, r.amount_fen, r.paid_at, r.payer_key, r.name, r.agent, r.file_id, f.name,
                       COALESCE(f.file_date, ''), r.line_no, r.is_primary
                FROM cur.records r JOIN cur.files f ON f.id = r.file_id ORDER BY r.id;
            INSERT INTO main.enrollment SELECT * FROM cur.enrollment ORDER BY line_no;
            INSERT INTO main.report_roster_lines
                SELECT l.record_id, l.year, e.town_code, l.village_code, e.village_name, e.household, e.id_number,
                       e.insurance, e.name, r.channel, l.net_fen, r.paid_at, 12345
                FROM cur.report_roster_lines l JOIN cur.enrollment e ON e.line_no = l.roster_line
                JOIN cur.records r ON r.id = l.record_id;
            DELETE FROM main.meta WHERE key = 'report_roster_file';
            """)
        try old.execute("DETACH cur")
        old.close()
        return (t, v3)
    }

    func testAV3DatabaseIsUpgradedWithNothingLost() throws {
        let (t, v3) = try makeV3()
        let current = try Connection(path: t.database, readOnly: true)
        func rows(_ db: Connection, _ sql: String) throws -> [[SQLValue]] { try db.prepare(sql, persistent: false).query() }
        XCTAssertGreaterThan(try current.scalarInt("SELECT count(*) FROM report_roster_lines") ?? 0, 100)

        // Until recond has upgraded it, the roster report asks for a run instead of failing on a column.
        XCTAssertThrowsError(try RosterReport(year: 2024).run(on: ReportDatabase(path: v3))) {
            XCTAssertEqual($0 as? ReportError, .olderSchema(found: 3, needed: 4))
        }

        let upgradedStore = try Store(path: v3)
        let upgraded = upgradedStore.db
        XCTAssertEqual(try upgraded.scalarInt("PRAGMA user_version"), Int64(Schema.migrations.count))
        XCTAssertEqual(try rows(upgraded, "PRAGMA integrity_check"), [[.text("ok")]])
        XCTAssertEqual(try rows(upgraded, "PRAGMA foreign_key_check"), [])
        for sql in ["SELECT * FROM payments_v1 ORDER BY channel, kind, txn_ref, source_file, source_line",
                    "SELECT * FROM records ORDER BY id", "SELECT rowid, * FROM enrollment ORDER BY line_no",
                    "SELECT * FROM files_v1 ORDER BY name", "SELECT * FROM findings_v1 ORDER BY code, subject",
                    "SELECT value FROM meta WHERE key = '\(Schema.reportRosterFileKey)'"] {
            XCTAssertEqual(try rows(upgraded, sql), try rows(current, sql), sql)
        }
        // The lines point at the same roster lines; their digests (0) make the next run rewrite them.
        let lines = "SELECT record_id, year, village_code, roster_line, net_fen FROM report_roster_lines ORDER BY 1"
        XCTAssertEqual(try rows(upgraded, lines), try rows(current, lines))
        XCTAssertEqual(try upgraded.scalarInt("SELECT count(*) FROM report_roster_lines WHERE digest <> 0"), 0)
        XCTAssertEqual(try upgraded.scalarInt(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'report_roster_lines_village'"), 1)

        let before = try RosterReport(year: 2024).run(on: ReportDatabase(path: t.database))
        let after = try RosterReport(year: 2024).run(on: ReportDatabase(path: v3))
        XCTAssertEqual(after.sections.map(\.rows), before.sections.map(\.rows))
        XCTAssertGreaterThan(before.sections.count, 1)

        _ = try ReconcileRun(store: upgradedStore).run()
        XCTAssertEqual(try rows(upgraded, "SELECT * FROM report_roster_lines ORDER BY 1"),
                       try rows(current, "SELECT * FROM report_roster_lines ORDER BY 1"))
    }

    /// The roster lines name lines of the roster the run matched: a newer roster stored since (ingested,
    /// not yet reconciled) would put other people on them, so the report asks for a run instead.
    func testARosterStoredAfterTheRunMakesTheRosterReportAskForARun() throws {
        let t = try TestInbox()
        try t.copySamples(try FileManager.default.contentsOfDirectory(atPath: TestInbox.samples)
            .filter { $0.hasSuffix(".gz") && $0 != "enrollment_20240120.csv.gz" })
        let store = try Store(path: t.database)
        _ = try ReconcileRun(store: store).run(ingest: try Ingestor(store: store).ingest(directory: t.inbox))
        XCTAssertNoThrow(try RosterReport(year: 2024).run(on: ReportDatabase(path: t.database)))

        try t.copySamples(["enrollment_20240120.csv.gz"])
        XCTAssertEqual(try Ingestor(store: store).ingest(directory: t.inbox).filesIngested, 1)
        XCTAssertThrowsError(try RosterReport(year: 2024).run(on: ReportDatabase(path: t.database))) {
            XCTAssertEqual($0 as? ReportError, .rosterChanged)
            XCTAssertTrue("\($0)".contains("run recond first"))
        }
        _ = try ReconcileRun(store: store).run()
        let report = try RosterReport(year: 2024).run(on: ReportDatabase(path: t.database))
        XCTAssertGreaterThan(report.sections.count, 1)
    }
}
