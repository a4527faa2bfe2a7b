import Foundation
@testable import ReconCore
import XCTest
import SQLiteStore
import ReconTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The bulk path: a new or empty database is built in a side file (`SideFile`) by a writer in bulk
/// mode (`BulkRecords`: one transaction, identities checked in memory, the records' indexes built at
/// the end) and renamed into place. It stores what the ordinary path stores, reports nothing before
/// the rename, and leaves no half database.
final class BulkLoadTests: XCTestCase {
    /// The stored rows, compared by file name where file ids depend on when rosters finish parsing.
    static let tables = [
        """
        SELECT r.id, r.channel, r.kind, r.ref, r.original_ref, r.original_ticket, r.id_number, r.id_valid, r.insurance,
               r.year, r.amount_fen, r.paid_at, r.payer_key, r.name, r.agent, f.name, r.line_no, r.is_primary
        FROM records r JOIN files f ON f.id = r.file_id ORDER BY r.id
        """,
        "SELECT * FROM payments_v1 ORDER BY channel, txn_ref, kind, source_file, source_line",
        """
        SELECT l.ticket, l.id_number, l.id_valid, l.name, l.insurance, l.year, l.pay_type, l.amount_fen, l.channel,
               l.channel_ref, l.paid_at, l.booked_on, l.town_code, l.original_ticket, f.name, l.line_no
        FROM ledger l JOIN files f ON f.id = l.file_id ORDER BY l.ticket
        """,
        """
        SELECT e.id_number, e.id_valid, e.name, e.sex, e.birth_date, e.household, e.town_code, e.village_code,
               e.village_name, e.insurance, e.status, e.residence, e.student, e.tier_yuan, e.registered_on, f.name, e.line_no
        FROM enrollment e JOIN files f ON f.id = e.file_id ORDER BY e.line_no
        """,
        "SELECT name, sha256, format, file_date, status, rows, rejected_rows, error, size, sets_as_of FROM files ORDER BY name",
        "SELECT * FROM rejects_v1 ORDER BY file_name, line_no",
        "SELECT d.id_number, d.death_date, d.file_name, d.line_no FROM deaths d ORDER BY 3, 4",
        "SELECT f.name, length(q.bytes) FROM quarantined_bytes q JOIN files f ON f.id = q.file_id ORDER BY 1",
        "SELECT key, value FROM meta WHERE key = 'roster'",
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name",
        "PRAGMA user_version",
    ]

    func rows(_ db: Connection, _ sql: String) throws -> [[SQLValue]] { try db.prepare(sql, persistent: false).query() }

    func assertSameRows(_ a: Connection, _ b: Connection, file: StaticString = #filePath, line: UInt = #line) throws {
        for sql in Self.tables {
            let x = try rows(a, sql), y = try rows(b, sql)
            XCTAssertEqual(x.count, y.count, sql, file: file, line: line)
            if let i = x.indices.first(where: { $0 < y.count && x[$0] != y[$0] }) {
                XCTFail("row \(i): \(x[i]) against \(y[i]) in \(sql)", file: file, line: line)
            }
        }
        for db in [a, b] {
            XCTAssertEqual(try rows(db, "PRAGMA integrity_check"), [[.text("ok")]], file: file, line: line)
            XCTAssertEqual(try rows(db, "PRAGMA foreign_key_check"), [], file: file, line: line)
        }
    }

    static func mode(_ path: String) -> mode_t? {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_mode & 0o777 : nil
    }

    /// Samples and a few damaged files: quarantined bytes, a rejected line, a duplicate delivery.
    func inboxWithEveryKindOfOutcome() throws -> TestInbox {
        let t = try TestInbox()
        try t.copySamples()
        try t.writeRaw("jinsan_ledger_20240115.csv.gz", [0x1f, 0x8b, 8, 0, 1, 2, 3])
        try t.write("jinsan_ledger_20240116.csv.gz", lines: LedgerFixture.file(16, extra: ["bad,line"]))
        try FileManager.default.copyItem(atPath: t.inbox + "/jinsan_ledger_20231120.csv.gz",
                                         toPath: t.inbox + "/jinsan_ledger_20240117.csv.gz")
        return t
    }

    func testANewDatabaseIsBuiltAsideAndHoldsWhatTheOrdinaryPathStores() throws {
        let t = try inboxWithEveryKindOfOutcome()
        let ordinary = Ingestor(store: try Store(path: t.root + "/ordinary.sqlite"))
        ordinary.buildsNewDatabaseAside = false
        var inPlace = try ordinary.ingest(directory: t.inbox)

        let store = try Store(path: t.database)
        let bulk = Ingestor(store: store)
        var heard: [String] = []
        bulk.onOutcome = { o in
            // Only once the side file is the database: another connection sees the file.
            XCTAssertNil(Self.mode(t.database + SideFile.suffix), o.name)
            XCTAssertEqual(try? Connection(path: t.database, readOnly: true)
                .scalarInt("SELECT count(*) FROM files WHERE name = '\(o.name)'"), 1, o.name)
            heard.append(o.name)
        }
        var aside = try bulk.ingest(directory: t.inbox)
        XCTAssertTrue(aside.stages.contains { $0.stage == "store (sync and rename)" }, "\(aside.stages)")
        XCTAssertTrue(aside.builtInSideFile)
        XCTAssertFalse(inPlace.builtInSideFile)
        XCTAssertFalse(inPlace.stages.contains { $0.stage == "store (sync and rename)" }, "\(inPlace.stages)")
        XCTAssertEqual(heard.sorted(), try FileManager.default.contentsOfDirectory(atPath: t.inbox).sorted())
        XCTAssertEqual(aside.filesQuarantined, 1)
        XCTAssertEqual(aside.filesDuplicate, 1)
        XCTAssertEqual(aside.rowsRejected, 1)
        inPlace.seconds = 0; aside.seconds = 0; inPlace.stages = []; aside.stages = []; aside.builtInSideFile = false
        XCTAssertEqual(inPlace, aside)

        try assertSameRows(try Connection(path: t.root + "/ordinary.sqlite", readOnly: true), store.db)
        XCTAssertEqual(try store.db.scalarText("PRAGMA journal_mode"), "wal")
        XCTAssertEqual(try store.db.scalarInt("PRAGMA foreign_keys"), 1)
        XCTAssertEqual(Self.mode(t.database), 0o600)

        // The same store goes on: a night's file goes in the ordinary way, and both reconcile alike.
        try t.write("jinsan_ledger_20240118.csv.gz", lines: LedgerFixture.file(18))
        let night = try Ingestor(store: store).ingest(directory: t.inbox)
        XCTAssertEqual(night.filesIngested, 1)
        XCTAssertFalse(night.stages.contains { $0.stage == "store (sync and rename)" })
        let other = try Store(path: t.root + "/ordinary.sqlite")
        _ = try Ingestor(store: other).ingest(directory: t.inbox)
        try assertSameRows(other.db, store.db)
        _ = try ReconcileRun(store: store).run()
        _ = try ReconcileRun(store: other).run()
        let findings = "SELECT code, subject, severity, status, amount_fen, detail FROM findings_v1 ORDER BY code, subject"
        XCTAssertEqual(try rows(store.db, findings), try rows(other.db, findings))
        XCTAssertGreaterThan(try rows(store.db, findings).count, 0)
    }

    /// The writer in bulk mode against the ordinary one, file by file in the order given: newest
    /// files first, so that later sightings come earlier and take the primary over; with the real
    /// identity hash and with one that makes every identity collide; into an empty table and into
    /// one that already holds records.
    func testBulkRecordsKeepTheFirstSightingLikeTheIndex() throws {
        let t = try TestInbox()
        try t.copySamples()
        let reader = FileReader()
        let parsed = try FileManager.default.contentsOfDirectory(atPath: t.inbox).sorted().map { name in
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: t.inbox + "/" + name)))
            return reader.read(name: name, bytes: bytes, sha256: SHA256.hexDigest(of: bytes))
        }
        let newestFirst = parsed.sorted { ($0.fileDate?.description ?? "", $0.name) > ($1.fileDate?.description ?? "", $1.name) }
        for (order, files) in [("storing order", parsed), ("newest first", newestFirst)] {
            for colliding in [false, true] {
                for before in [0, 7] {
                    let label = "\(order), colliding \(colliding), \(before) files stored before"
                    let folder = try TemporaryFolder()
                    let ordinary = try Store(path: folder.file("ordinary.sqlite"))
                    let bulk = try Store(path: folder.file("bulk.sqlite"))
                    let first = try StoreWriter(store: ordinary)
                    for f in files { try first.write(f, receivedAt: "2024-01-10 02:00:00", runID: nil) }
                    let plain = try StoreWriter(store: bulk)
                    for f in files.prefix(before) { try plain.write(f, receivedAt: "2024-01-10 02:00:00", runID: nil) }
                    let writer = try StoreWriter(store: bulk, bulk: true)
                    if colliding { writer.bulk?.key = { _, _, _ in 42 } }
                    for f in files.dropFirst(before) { try writer.write(f, receivedAt: "2024-01-10 02:00:00", runID: nil) }
                    try writer.finishBulk()
                    XCTAssertFalse(bulk.db.inTransaction, label)
                    try assertSameRows(ordinary.db, bulk.db)
                    XCTAssertGreaterThan(try bulk.db.scalarInt("SELECT count(*) FROM records WHERE is_primary = 0") ?? 0, 0,
                                         "\(label): a re-sighting")
                }
            }
        }
    }

    /// Another connection has the database open: it cannot leave WAL mode, so the ingest writes in place.
    func testAnOpenConnectionKeepsTheIngestInPlace() throws {
        let t = try TestInbox()
        try t.copySamples(["jinsan_ledger_20231120.csv.gz", "jinsan_ledger_20231121.csv.gz"])
        let store = try Store(path: t.database)
        let reader = try Connection(path: t.database, readOnly: true)
        XCTAssertEqual(try reader.scalarInt("SELECT count(*) FROM files"), 0)
        let summary = try Ingestor(store: store).ingest(directory: t.inbox)
        XCTAssertEqual(summary.filesIngested, 2)
        XCTAssertFalse(summary.stages.contains { $0.stage == "store (sync and rename)" })
        XCTAssertEqual(try reader.scalarInt("SELECT count(*) FROM files"), 2, "the reader's file is the database")
        XCTAssertNil(Self.mode(t.database + SideFile.suffix))
    }

    /// A side file a crash left behind is replaced; an empty database file made by someone else keeps its mode.
    func testAStaleSideFileIsReplacedAndTheDatabaseKeepsItsMode() throws {
        let t = try TestInbox()
        try t.copySamples(["jinsan_ledger_20231120.csv.gz"])
        XCTAssertTrue(FileManager.default.createFile(atPath: t.database, contents: nil, attributes: [.posixPermissions: 0o640]))
        try Data(repeating: 0xA5, count: 100_000).write(to: URL(fileURLWithPath: t.database + SideFile.suffix))
        let store = try Store(path: t.database)
        let summary = try Ingestor(store: store).ingest(directory: t.inbox)
        XCTAssertEqual(summary.filesIngested, 1)
        XCTAssertTrue(summary.stages.contains { $0.stage == "store (sync and rename)" })
        XCTAssertNil(Self.mode(t.database + SideFile.suffix))
        XCTAssertEqual(Self.mode(t.database), 0o640)
        XCTAssertEqual(try t.int("SELECT count(*) FROM ledger"), try t.int("SELECT rows FROM files"))
        XCTAssertGreaterThan(try t.int("SELECT count(*) FROM ledger"), 0)
    }

    /// A database reached through a link is written in place: the rename would replace the link.
    func testADatabaseBehindALinkIsWrittenInPlace() throws {
        let t = try TestInbox()
        try t.copySamples(["jinsan_ledger_20231120.csv.gz"])
        try FileManager.default.createSymbolicLink(atPath: t.root + "/link.sqlite", withDestinationPath: t.database)
        let store = try Store(path: t.root + "/link.sqlite")
        XCTAssertFalse(try Ingestor(store: store).ingest(directory: t.inbox).stages.contains { $0.stage == "store (sync and rename)" })
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: t.root + "/link.sqlite"), t.database)
        XCTAssertEqual(try t.int("SELECT count(*) FROM files"), 1)
    }

    /// A database that holds anything is written in place.
    func testOnlyAnEmptyDatabaseIsBuiltAside() throws {
        let t = try TestInbox()
        try t.copySamples(["jinsan_ledger_20231120.csv.gz"])
        let store = try Store(path: t.database)
        _ = try Reconciler(store: store).beginRun()   // a run row is not data
        XCTAssertTrue(try Ingestor(store: store).ingest(directory: t.inbox).stages.contains { $0.stage == "store (sync and rename)" })
        XCTAssertEqual(try store.db.scalarInt("SELECT count(*) FROM runs"), 1, "copied into the side file")
        try t.copySamples(["jinsan_ledger_20231121.csv.gz"])
        XCTAssertFalse(try Ingestor(store: store).ingest(directory: t.inbox).stages.contains { $0.stage == "store (sync and rename)" })
    }

    /// Whatever fails before the rename, the side file goes and the files are stored the ordinary
    /// way, which keeps the files before the one that cannot be stored.
    func testAFailureBeforeTheRenameFallsBackToTheOrdinaryPath() throws {
        let t = try TestInbox()
        try t.write("jinsan_ledger_20240110.csv.gz", lines: LedgerFixture.file(1, good: 10))
        try t.write("jinsan_ledger_20240112.csv.gz", lines: LedgerFixture.file(3, good: 40_000))
        let store = try Store(path: t.database)
        try store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let ingestor = Ingestor(store: store)
        var heard: [String] = []
        ingestor.onOutcome = { heard.append($0.name) }
        try FileSizeLimit.with(bytes: 200_000) {
            XCTAssertThrowsError(try ingestor.ingest(directory: t.inbox))
        }
        XCTAssertEqual(heard, ["jinsan_ledger_20240110.csv.gz"])
        XCTAssertNil(Self.mode(t.database + SideFile.suffix))
        XCTAssertEqual(try store.db.scalarText("PRAGMA journal_mode"), "wal")
        XCTAssertEqual(try t.int("SELECT count(*) FROM ledger"), 10)
        XCTAssertEqual(try t.query("PRAGMA integrity_check"), [[.text("ok")]])
    }

    /// What a first run does after the ingest (`Ingestor.inSideFile`: `run --once` reconciles) is
    /// written into the side file before it is renamed into place, and stores what the same work
    /// stores after an ordinary ingest.
    func testWorkInTheSideFileIsRenamedIntoPlaceWithIt() throws {
        let t = try TestInbox()
        try t.copySamples()
        let aside = try Store(path: t.database)
        let ingestor = Ingestor(store: aside)
        var during: (journal: String?, filesInDatabase: Int64?)?
        ingestor.inSideFile = { summary in
            XCTAssertGreaterThan(summary.filesIngested, 0)
            _ = try ReconcileRun(store: aside).run(ingest: summary)
            let target = try Connection(path: t.database, readOnly: true)
            during = (try aside.db.scalarText("PRAGMA journal_mode"), try target.scalarInt("SELECT count(*) FROM files"))
        }
        let summary = try ingestor.ingest(directory: t.inbox)
        XCTAssertTrue(summary.builtInSideFile)
        XCTAssertTrue(summary.stages.contains { $0.stage == "work in the side file" }, "\(summary.stages)")
        XCTAssertEqual(during?.journal, "off", "the work wrote the side file")
        XCTAssertEqual(during?.filesInDatabase, 0, "nothing reached the database before the rename")
        XCTAssertNil(Self.mode(t.database + SideFile.suffix))
        XCTAssertEqual(try aside.db.scalarText("PRAGMA journal_mode"), "wal")

        let plain = t.root + "/plain.sqlite"
        let store = try Store(path: plain)
        let ordinary = Ingestor(store: store)
        ordinary.buildsNewDatabaseAside = false
        _ = try ReconcileRun(store: store).run(ingest: try ordinary.ingest(directory: t.inbox))
        let a = try Connection(path: t.database, readOnly: true), b = try Connection(path: plain, readOnly: true)
        try assertSameRows(a, b)
        XCTAssertGreaterThan(try a.scalarInt("SELECT count(*) FROM findings") ?? 0, 0)
        var queries = ["SELECT code, subject, severity, status, amount_fen, detail FROM findings_v1 ORDER BY code, subject",
                       "SELECT files_ingested, payments, findings_open FROM runs_v1 ORDER BY run_id"]
        for table in ["report_roster_lines", "report_coverage", "report_unpaid", "report_balance_days", "report_subsidy_facts"] {
            let columns = try a.prepare("SELECT * FROM \(table) LIMIT 0", persistent: false).columnCount
            queries.append("SELECT * FROM \(table) ORDER BY " + (1...columns).map(String.init).joined(separator: ", "))
        }
        for sql in queries {
            let x = try rows(a, sql), y = try rows(b, sql)
            XCTAssertEqual(x.count, y.count, sql)
            if let i = x.indices.first(where: { $0 < y.count && x[$0] != y[$0] }) { XCTFail("row \(i): \(x[i]) against \(y[i]) in \(sql)") }
        }
    }

    /// Work in the side file that fails gives the side file up with the ingest: the files are
    /// ingested the ordinary way and nothing of the work remains.
    func testFailingWorkInTheSideFileFallsBackToTheOrdinaryIngest() throws {
        struct Refused: Error {}
        let t = try TestInbox()
        try t.copySamples()
        let store = try Store(path: t.database)
        let ingestor = Ingestor(store: store)
        ingestor.inSideFile = { _ in
            try store.db.execute("INSERT INTO meta(key, value) VALUES ('work', 'done')")
            throw Refused()
        }
        let summary = try ingestor.ingest(directory: t.inbox)
        XCTAssertFalse(summary.builtInSideFile)
        XCTAssertTrue(summary.stages.contains { $0.stage.hasPrefix("side file given up") }, "\(summary.stages)")
        XCTAssertNil(try store.meta("work"))
        XCTAssertNil(Self.mode(t.database + SideFile.suffix))
        XCTAssertEqual(try store.db.scalarText("PRAGMA journal_mode"), "wal")
        XCTAssertGreaterThan(try t.int("SELECT count(*) FROM records"), 0)
        XCTAssertEqual(try t.query("PRAGMA integrity_check"), [[.text("ok")]])
    }

    /// Another program wrote the database while its side file was built: the side file is not installed.
    func testADatabaseChangedDuringTheBuildIsNotReplaced() throws {
        let t = try TestInbox()
        let store = try Store(path: t.database)
        let side = try XCTUnwrap(SideFile.begin(store))
        XCTAssertEqual(try store.db.scalarText("PRAGMA journal_mode"), "off", "the store writes the side file")
        let other = try Connection(path: t.database)
        try other.execute("INSERT INTO meta(key, value) VALUES ('other', 'x')")
        other.close()
        XCTAssertThrowsError(try side.install()) { e in XCTAssertTrue("\(e)".contains("was opened for writing"), "\(e)") }
        side.abandon()
        XCTAssertNil(Self.mode(t.database + SideFile.suffix))
        XCTAssertEqual(try store.meta("other"), "x")
        XCTAssertEqual(try store.db.scalarText("PRAGMA journal_mode"), "wal")
    }
}
