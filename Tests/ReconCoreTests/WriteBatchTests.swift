import Foundation
@testable import ReconCore
import XCTest
import SQLiteStore
import ReconTestSupport

/// The ingest stores parsed files several to a transaction (`WriteBatch`, `StoreWriter.write(batch:)`):
/// the same database as one transaction per file, nothing reported before its commit, and a failing
/// batch costs only the failing file.
final class WriteBatchTests: XCTestCase {

    func testBatchesStoreWhatOneFilePerTransactionStores() throws {
        let t = try TestInbox()
        try t.copySamples()
        let one = try Store(path: t.root + "/one.sqlite")
        let oneByOne = Ingestor(store: one)
        oneByOne.batchRows = 1
        var perFile = try oneByOne.ingest(directory: t.inbox)

        let batched = Ingestor(store: try Store(path: t.database))
        batched.batchRows = 10_000
        batched.batchFiles = 7   // several batches, each of several files, and a short last one
        var together = try batched.ingest(directory: t.inbox)
        XCTAssertGreaterThan(together.filesIngested, 14, "the samples make more than two batches")
        perFile.seconds = 0; together.seconds = 0; perFile.stages = []; together.stages = []
        XCTAssertEqual(perFile, together)

        // File ids follow the storing order, which for rosters depends on when their parse ends: compare
        // by file name.
        let tables = [
            "SELECT * FROM payments_v1 ORDER BY channel, txn_ref, kind, source_file, source_line",
            "SELECT r.channel, r.ref, r.kind, r.is_primary, f.name, r.line_no FROM records r JOIN files f ON f.id = r.file_id ORDER BY 1, 2, 3, 5, 6",
            "SELECT name, sha256, format, file_date, status, rows, rejected_rows, error FROM files ORDER BY name",
            "SELECT l.ticket, l.amount_fen, l.channel_ref, f.name, l.line_no FROM ledger l JOIN files f ON f.id = l.file_id ORDER BY 1",
            "SELECT e.line_no, e.id_number, e.name, f.name FROM enrollment e JOIN files f ON f.id = e.file_id ORDER BY 1",
            "SELECT d.id_number, d.death_date, f.name, d.line_no FROM deaths d JOIN files f ON f.id = d.file_id ORDER BY 1, 3, 4",
            "SELECT r.reason, r.line_no, f.name FROM rejects r JOIN files f ON f.id = r.file_id ORDER BY 3, 2",
            "SELECT key, value FROM meta WHERE key = 'roster'",
        ]
        for sql in tables {
            let expected = try one.db.prepare(sql, persistent: false).query()
            XCTAssertFalse(expected.isEmpty && !sql.contains("rejects"), sql)
            XCTAssertEqual(try t.query(sql), expected, sql)
        }
    }

    /// A batch's ledger rows go in sorted by ticket, whatever their order in the files; a ticket
    /// repeated by a later file of the same batch keeps the row stored first, as it does one file to
    /// a transaction.
    func testLedgerRowsInTicketOrderKeepTheFirstStoredRow() throws {
        let t = try TestInbox()
        try t.write("jinsan_ledger_20240110.csv.gz", lines: [LedgerFixture.header] + [5, 3, 9, 1].map { LedgerFixture.line(1, $0) })
        try t.write("jinsan_ledger_20240111.csv.gz",
                    lines: [LedgerFixture.header, LedgerFixture.line(2, 0), LedgerFixture.line(1, 3, amount: "190.00")])
        let ledger = "SELECT l.ticket, l.amount_fen, f.name, l.line_no FROM ledger l JOIN files f ON f.id = l.file_id ORDER BY 1"
        var stored: [[[SQLValue]]] = []
        for perFile in [true, false] {
            let store = try Store(path: t.root + "/\(perFile).sqlite")
            let ingestor = Ingestor(store: store)
            ingestor.batchRows = perFile ? 1 : 1_000
            XCTAssertEqual(try ingestor.ingest(directory: t.inbox).filesIngested, 2)
            stored.append(try store.db.prepare(ledger, persistent: false).query())
        }
        XCTAssertEqual(stored[0], stored[1])
        XCTAssertEqual(stored[1].count, 5)
        XCTAssertEqual(stored[1].first { $0[0] == .text(String(format: "3%02d%015d", 1, 3)) },
                       [.text(String(format: "3%02d%015d", 1, 3)), .int(38_000), .text("jinsan_ledger_20240110.csv.gz"), .int(3)])
    }

    func testAFileIsReportedOnlyOnceItIsCommitted() throws {
        let (t, ingestor) = try dailyLedgers(10...14, rows: 20)
        ingestor.batchFiles = 2
        var heard: [String] = []
        ingestor.onOutcome = { o in
            // Another connection sees the file and all its rows by the time its outcome is heard.
            let seen = try? Connection(path: t.database, readOnly: true).scalarInt("""
                SELECT count(*) FROM ledger l JOIN files f ON f.id = l.file_id WHERE f.name = '\(o.name)'
                """)
            XCTAssertEqual(seen, 20, o.name)
            heard.append(o.name)
        }
        XCTAssertEqual(try ingestor.ingest(directory: t.inbox).filesIngested, 5)
        XCTAssertEqual(heard, (10...14).map { "jinsan_ledger_202401\($0).csv.gz" })
    }

    func testAFailingBatchKeepsTheFilesBeforeTheFailingOne() throws {
        let t = try TestInbox()
        try t.write("jinsan_ledger_20240110.csv.gz", lines: LedgerFixture.file(1, good: 10))
        try t.write("jinsan_ledger_20240111.csv.gz", lines: LedgerFixture.file(2, good: 12))
        try t.write("jinsan_ledger_20240112.csv.gz", lines: LedgerFixture.file(3, good: 40_000))
        try t.write("jinsan_ledger_20240113.csv.gz", lines: LedgerFixture.file(4, good: 10))
        let store = try Store(path: t.database)
        try store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let ingestor = Ingestor(store: store)
        ingestor.batchRows = 1_000_000   // all four in one transaction, which fails on the large one
        var heard: [String] = []
        ingestor.onOutcome = { heard.append($0.name) }
        try FileSizeLimit.with(bytes: 200_000) {
            XCTAssertThrowsError(try ingestor.ingest(directory: t.inbox)) { e in
                XCTAssertTrue("\(e)".contains("SQLite error"), "\(e)")
            }
        }
        XCTAssertEqual(heard, ["jinsan_ledger_20240110.csv.gz", "jinsan_ledger_20240111.csv.gz"])
        XCTAssertEqual(try t.query("SELECT name FROM files ORDER BY id"),
                       [[.text("jinsan_ledger_20240110.csv.gz")], [.text("jinsan_ledger_20240111.csv.gz")]])
        XCTAssertEqual(try t.int("SELECT count(*) FROM ledger"), 22)
        XCTAssertEqual(try t.query("PRAGMA integrity_check"), [[.text("ok")]])
        XCTAssertEqual(try t.query("PRAGMA foreign_key_check"), [],
                       "no row of the rolled-back batch reaches the transactions after it")

        // With room again, the rest goes in; what was kept is already received.
        let retry = try Ingestor(store: store).ingest(directory: t.inbox)
        XCTAssertEqual(retry.filesIngested, 2)
        XCTAssertEqual(retry.filesAlreadyReceived, 2)
        XCTAssertEqual(try t.int("SELECT count(*) FROM ledger"), 40_032)
    }

    func testAStopStoresTheFilesAlreadyTaken() throws {
        let (t, ingestor) = try dailyLedgers(10...15, rows: 5)
        ingestor.batchFiles = 100
        // Asked once per arrival while sorting out re-deliveries, then once per file taken.
        var asked = 0
        ingestor.shouldStop = { asked += 1; return asked > 6 + 2 }
        var heard: [String] = []
        ingestor.onOutcome = { heard.append($0.name) }
        let summary = try ingestor.ingest(directory: t.inbox)
        XCTAssertEqual(summary.filesIngested, heard.count)
        XCTAssertGreaterThan(heard.count, 0)
        XCTAssertLessThan(heard.count, 6, "stopped before the end")
        XCTAssertEqual(try t.query("SELECT name FROM files ORDER BY id").map { $0[0] }, heard.map { .text($0) },
                       "what was taken before the stop is stored, and only that")
        XCTAssertEqual(try t.int("SELECT count(*) FROM ledger"), 5 * heard.count)
    }

    /// An inbox of one tax ledger file a day (January 2024) and an ingestor for a new database.
    func dailyLedgers(_ days: ClosedRange<Int>, rows: Int) throws -> (TestInbox, Ingestor) {
        let t = try TestInbox()
        for day in days {
            try t.write("jinsan_ledger_202401\(day).csv.gz", lines: LedgerFixture.file(day, good: rows))
        }
        return (t, Ingestor(store: try Store(path: t.database)))
    }

    func testWriteBatchFillsByRowsOrFiles() {
        func file(_ rows: Int) -> ParsedFile {
            ParsedFile(name: "f", sha256: "", size: 0, bytes: [], format: nil, fileDate: nil,
                       outcome: .quarantined(.unrecognisedName), dataRows: rows, rejects: [])
        }
        var b = WriteBatch(maxRows: 100, maxFiles: 3)
        XCTAssertTrue(b.isEmpty)
        b.add(file(60), path: "a", superseded: false)
        XCTAssertFalse(b.isFull)
        b.add(file(40), path: "b", superseded: true)
        XCTAssertTrue(b.isFull, "100 rows")
        let (entries, paths) = b.take()
        XCTAssertEqual(paths, ["a", "b"])
        XCTAssertEqual(entries.map(\.superseded), [false, true])
        XCTAssertTrue(b.isEmpty)
        XCTAssertEqual(b.rows, 0)
        for p in ["c", "d", "e"] { b.add(file(0), path: p, superseded: false) }
        XCTAssertTrue(b.isFull, "3 files")
    }
}
