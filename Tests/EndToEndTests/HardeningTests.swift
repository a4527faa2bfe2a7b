import SQLiteStore
import ReconDaemon
import ReconTestSupport
import Foundation
import ReconCore
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Faults (full disk, a busy or foreign database, memory caps), data protection (modes,
/// masking, purge) and SQL safety, through the real executables where it matters.
final class HardeningTests: XCTestCase {

    func tool(_ name: String, _ args: [String], limitFileBlocks: Int? = nil) throws -> (status: Int32, out: String, err: String) {
        try ReportCLITests.tool(name, args, limitFileBlocks: limitFileBlocks)
    }

    /// Every ingested file has all its rows; nothing of another file; the database is sound.
    func assertConsistent(_ t: TestInbox, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try t.query("PRAGMA integrity_check"), [[.text("ok")]], file: file, line: line)
        XCTAssertEqual(try t.int("""
            SELECT count(*) FROM files f WHERE f.format = 'ledger' AND f.status = 'ingested'
              AND f.rows - f.rejected_rows <> (SELECT count(*) FROM ledger l WHERE l.file_id = f.id)
            """), 0, "a ledger file with rows missing", file: file, line: line)
    }

    // MARK: faults

    func testFullDiskDuringIngestLeavesTheDatabaseConsistentAndTheFileToRetry() throws {
        let t = try TestInbox()
        try t.write("jinsan_ledger_20240110.csv.gz", lines: LedgerFixture.file(1, good: 10))
        XCTAssertEqual(try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database]).status, 0)
        // A checkpointed database, then a file far larger than the room left for it.
        _ = try Connection(path: t.database).execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try t.write("jinsan_ledger_20240111.csv.gz", lines: LedgerFixture.file(2, good: 40_000))
        let size = try FileManager.default.attributesOfItem(atPath: t.database)[.size] as! UInt64
        let full = try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database],
                            limitFileBlocks: Int(size / 512) + 400)
        XCTAssertEqual(full.status, 1, full.err)
        XCTAssertTrue(full.err.contains("recond: the run could not complete: SQLite error"), full.err)
        try assertConsistent(t)
        XCTAssertNil(try t.file("jinsan_ledger_20240111.csv.gz"), "no half file: the transaction rolled back")
        XCTAssertEqual(try t.int("SELECT count(*) FROM ledger"), 10)

        // With room again, the next run takes it.
        let retry = try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database])
        XCTAssertEqual(retry.status, 0, retry.err)
        XCTAssertEqual(try t.file("jinsan_ledger_20240111.csv.gz")?.status, "ingested")
        XCTAssertEqual(try t.int("SELECT count(*) FROM ledger"), 40_010)
        try assertConsistent(t)
    }

    func testFullDiskInTheDaemonLeavesTheFileInTheInbox() throws {
        let t = try TestInbox()
        try t.write("jinsan_ledger_20240110.csv.gz", lines: LedgerFixture.file(1, good: 10))
        let store = try Store(path: t.database)
        try store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        // The daemon moves a file only in `onOutcome`, after its commit: a failed write never calls it.
        var moved: [String] = []
        let ingestor = Ingestor(store: store)
        ingestor.onOutcome = { moved.append($0.name) }
        try t.write("jinsan_ledger_20240111.csv.gz", lines: LedgerFixture.file(2, good: 40_000))
        try FileSizeLimit.with(bytes: 200_000) {
            XCTAssertThrowsError(try ingestor.ingest(directory: t.inbox)) { e in
                XCTAssertTrue("\(e)".contains("SQLite error"), "\(e)")
            }
        }
        XCTAssertFalse(moved.contains("jinsan_ledger_20240111.csv.gz"), "not moved: it stays to be retried")
        XCTAssertTrue(FileManager.default.fileExists(atPath: t.inbox + "/jinsan_ledger_20240111.csv.gz"))
        try assertConsistent(t)
        XCTAssertNil(try t.file("jinsan_ledger_20240111.csv.gz"))
        XCTAssertEqual(try Ingestor(store: store).ingest(directory: t.inbox).filesIngested, 1, "retried and stored")
    }

    func testALongWriterGivesAClearBusyErrorAndALongReaderBlocksNothing() throws {
        let t = try TestInbox()
        try t.write("jinsan_ledger_20240110.csv.gz", lines: LedgerFixture.file(1))
        XCTAssertEqual(try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database]).status, 0)
        try t.write("jinsan_ledger_20240111.csv.gz", lines: LedgerFixture.file(2))

        // A long reader (WAL): the writer goes on.
        let reader = try Connection(path: t.database, readOnly: true)
        try reader.execute("BEGIN")
        XCTAssertEqual(try reader.scalarInt("SELECT count(*) FROM ledger"), 3)
        let run = try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database])
        XCTAssertEqual(run.status, 0, run.err)
        try reader.execute("COMMIT")
        XCTAssertEqual(try t.int("SELECT count(*) FROM ledger"), 6)

        // A long writer: after the busy timeout, a clear error and exit 1, nothing half-done.
        try t.write("jinsan_ledger_20240112.csv.gz", lines: LedgerFixture.file(3))
        let writer = try Connection(path: t.database, busyTimeoutMilliseconds: 0)
        try writer.execute("BEGIN EXCLUSIVE")
        let busy = try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database])
        try writer.execute("ROLLBACK")
        XCTAssertEqual(busy.status, 1, busy.err)
        XCTAssertTrue(busy.err.contains("database is locked"), busy.err)
        XCTAssertNil(try t.file("jinsan_ledger_20240112.csv.gz"))
        try assertConsistent(t)
    }

    func testACorruptOrForeignDatabaseGivesAClearError() throws {
        let t = try TestInbox()
        try t.write("jinsan_ledger_20240110.csv.gz", lines: LedgerFixture.file(1))
        var random = SystemRandomNumberGenerator()
        let cases: [(String, (String) throws -> Void, String)] = [
            ("random bytes", { try Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &random) }).write(to: URL(fileURLWithPath: $0)) },
             "is not a SQLite database"),
            ("a text file", { try "inbox = \"x\"\n".write(toFile: $0, atomically: true, encoding: .utf8) }, "is not a SQLite database"),
            ("another application's database", { path in
                let other = try Connection(path: path)
                try other.execute("CREATE TABLE files(x); PRAGMA user_version = 7")
            }, "is a SQLite database of another program (tables files; no recon schema)"),
            ("a newer recon's database", { path in
                let newer = try Connection(path: path)
                try newer.execute("CREATE TABLE meta(k); CREATE TABLE files(x); CREATE TABLE records(y); PRAGMA user_version = 99")
            }, "schema version 99, newer than this recon knows"),
            ("a database whose pages are damaged", { path in
                let store = try Store(path: path)
                try store.db.execute("PRAGMA journal_mode=DELETE")
                store.db.close()
                // The schema's b-tree (page 1 after the 100-byte file header) overwritten.
                var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
                for i in 100..<4096 { bytes[i] = 0xA5 }
                try Data(bytes).write(to: URL(fileURLWithPath: path))
            }, "is damaged (database disk image is malformed)"),
        ]
        for (what, make, message) in cases {
            let db = t.root + "/db-\(what.count).sqlite"
            do { try make(db) } catch { XCTFail("\(what): \(error)"); continue }
            let run = try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", db])
            XCTAssertEqual(run.status, 1, "\(what): \(run.err)")
            XCTAssertTrue(run.err.contains("recond: the run could not complete"), "\(what): \(run.err)")
            XCTAssertTrue(run.err.contains(message), "\(what): \(run.err)")
            XCTAssertFalse(run.err.contains("Fatal error"), what)
            let report = try tool("recon-report", ["findings", "--db", db, "--format", "json"])
            XCTAssertNotEqual(report.status, 0, what)
            XCTAssertFalse(report.err.isEmpty || report.err.contains("Fatal error"), "\(what): \(report.err)")
        }
    }

    func testMemoryCapsFromTheConfigurationAreRespected() throws {
        let t = try TestInbox()
        try t.write("jinsan_ledger_20240110.csv.gz", lines: LedgerFixture.file(1, good: 3, extra: [String(repeating: "x", count: 2 << 20)]))
        try t.write("jinsan_ledger_20240111.csv.gz", lines: LedgerFixture.file(2))
        try t.writeRaw("jinsan_ledger_20240112.csv.gz", GzipWriter.compress([UInt8](repeating: 0x0A, count: 3 << 20), level: 9))
        try t.writeRaw("deaths_20240113.csv.gz", GzipWriter.compress((0..<(3 << 20)).map { _ in UInt8.random(in: 0...255) }, level: 0))
        let config = t.root + "/caps.toml"
        try "max_line_mb = 1\nmax_expanded_mb = 2\nmax_file_mb = 2\n".write(toFile: config, atomically: true, encoding: .utf8)
        let run = try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database, "--config", config])
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssertEqual(try t.file("jinsan_ledger_20240110.csv.gz")?.error, "line 5: longer than 1048576 bytes without a line end")
        XCTAssertEqual(try t.file("jinsan_ledger_20240111.csv.gz")?.status, "ingested")
        XCTAssertEqual(try t.file("jinsan_ledger_20240112.csv.gz")?.error,
                       "expanded size exceeds the cap of 2097152 bytes (decompression bomb?)")
        XCTAssertNil(try t.file("deaths_20240113.csv.gz"), "above max_file_mb: not read, left in the inbox")
        XCTAssertTrue(run.err.contains("skipped deaths_20240113.csv.gz:"), run.err)
        XCTAssertTrue(run.err.contains("is too large"), run.err)
    }

    // MARK: data protection

    func testDatabaseArchiveAndQuarantineAreOwnerOnly() throws {
        let d = try DaemonProcess()
        try d.start()
        try d.drop("jinsan_ledger_20240110.csv.gz", bytes: GzipWriter.compress(Array((LedgerFixture.file(1).joined(separator: "\n") + "\n").utf8)))
        try d.drop("jinsan_ledger_20240111.csv.gz", bytes: [1, 2, 3])
        XCTAssertTrue(DaemonProcess.waitUntil(30) { d.inboxFiles().isEmpty }, d.stderr)
        func mode(_ path: String) -> Int { Int((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1) }
        XCTAssertEqual(mode(d.database), 0o600)
        XCTAssertEqual(mode(d.quarantine), 0o700)
        XCTAssertEqual(mode(d.archive), 0o700)
        XCTAssertEqual(mode(d.quarantine + "/jinsan_ledger_20240111.csv.gz"), 0o600)
        XCTAssertEqual(mode(d.quarantine + "/jinsan_ledger_20240111.csv.gz.reason"), 0o600)
        d.signal(SIGTERM)
        XCTAssertNotNil(d.waitForExit())
    }

    func testNoFullIDOrNameInLogsMetricsOrErrors() throws {
        let d = try DaemonProcess()
        try d.start()
        let id = "370406196904257265", name = "孙兰婷"
        // A good file, a rejected line and a quarantined statement whose error quotes a line: all carry the ID.
        try d.drop("jinsan_ledger_20240110.csv.gz", bytes: GzipWriter.compress(Array((LedgerFixture.file(1, extra: [
            LedgerFixture.line(1, 90, amount: id),
        ]).joined(separator: "\n") + "\n").utf8)))
        try d.drop("bank_402_2023123001_hp.txt.gz", bytes: GzipWriter.compress(GB18030.encode(
            "2023123001|23704060000|20231230|1|380.00|1|380.00|0|0.00\r\n1|\(id)|\(name)|6230593703518857841|医疗|2024||\(id)|380.00|0||202312308000000013|402101001|2023-12-30 10:22:36\r\n")))
        XCTAssertTrue(DaemonProcess.waitUntil(30) { d.inboxFiles().isEmpty && d.stderr.contains("reconciled") }, d.stderr)
        let metrics = try d.get("/metrics").body + (try d.get("/healthz").body)
        d.signal(SIGTERM)
        XCTAssertNotNil(d.waitForExit())
        let log = d.stderr
        XCTAssertTrue(log.contains("file quarantined"), log)
        XCTAssertTrue(log.contains("370406********7265"), "the ID is shown masked: \(log)")
        for text in [log, metrics] {
            XCTAssertFalse(text.contains(id), text)
            XCTAssertFalse(text.contains(name), text)
        }
        // The database keeps them whole (mode 0600), and the reject says where, not who.
        let db = try Connection(path: d.database, readOnly: true)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM rejects_v1 WHERE raw LIKE '%\(id)%'"), 1)
    }

    func testLogLinesCannotBeForgedByAFileName() throws {
        var lines: [String] = []
        let sink = LogSink { lines.append($0) }
        let handler = LogLineHandler(label: "t", format: .text, level: .info, sink: sink)
        let line = handler.line(time: "2026-01-01 00:00:00", level: .warning, message: "file quarantined",
                                metadata: ["file": "x.gz\n2026-01-01 00:00:00 info recond stopped"])
        XCTAssertFalse(line.contains("\n"), line)
        XCTAssertTrue(line.contains(#"file="x.gz\n2026-01-01 00:00:00 info recond stopped""#), line)
    }

    func testPurgeRemovesOldYearsPersonalDataAndKeepsAggregates() throws {
        let t = try TestInbox()
        let old = LedgerFixture.file(1, good: 3).map { $0.replacingOccurrences(of: ",2024,个人缴费,", with: ",2023,个人缴费,") }
        try t.write("jinsan_ledger_20230110.csv.gz", lines: old + [LedgerFixture.line(1, 9, amount: "38O.00")])
        try t.write("jinsan_ledger_20240110.csv.gz", lines: LedgerFixture.file(2, good: 2))
        try t.writeRaw("jinsan_ledger_20230111.csv.gz", GzipWriter.compress(Array("电子税票号码\n".utf8)))
        try t.copySamples(["enrollment_20240120.csv.gz"])
        let quarantine = t.root + "/quarantine"
        try FileManager.default.createDirectory(atPath: quarantine, withIntermediateDirectories: true)
        try Archiver(archive: t.root + "/archive", quarantine: quarantine)
            .quarantine(t.inbox + "/jinsan_ledger_20230111.csv.gz", name: "jinsan_ledger_20230111.csv.gz", reason: "x")
        try t.writeRaw("jinsan_ledger_20230111.csv.gz", GzipWriter.compress(Array("电子税票号码\n".utf8)))
        XCTAssertEqual(try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database]).status, 0)
        XCTAssertEqual(try t.int("SELECT count(*) FROM payments_v1 WHERE year = 2023"), 3)
        let before2023 = try t.int("SELECT count(*) FROM findings_v1 WHERE year = 2023")
        XCTAssertGreaterThan(before2023, 0, "2023 has no policy: NO_POLICY findings at least")

        let purge = try tool("recond", ["purge", "--before", "2024", "--db", t.database, "--quarantine", quarantine])
        XCTAssertEqual(purge.status, 0, purge.err)
        XCTAssertTrue(purge.err.contains("removed 3 payments/reversals, 3 ledger rows"), purge.err)
        // Gone: 2023's payments, ledger rows, findings, raw reject text, quarantined bytes (in the database and the folder).
        XCTAssertEqual(try t.int("SELECT count(*) FROM payments_v1 WHERE year < 2024"), 0)
        XCTAssertEqual(try t.int("SELECT count(*) FROM ledger WHERE year < 2024"), 0)
        XCTAssertEqual(try t.int("SELECT count(*) FROM findings_v1 WHERE year < 2024"), 0)
        XCTAssertEqual(try t.query("SELECT reason, raw FROM rejects_v1"), [[.text("金额: amount does not parse (not a number): '38O.00'"), .null]])
        XCTAssertEqual(try t.int("SELECT count(*) FROM quarantined_bytes"), 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: quarantine + "/jinsan_ledger_20230111.csv.gz"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: quarantine + "/jinsan_ledger_20230111.csv.gz.reason"))
        // Kept: 2024, the files, and the aggregates.
        XCTAssertEqual(try t.int("SELECT count(*) FROM payments_v1 WHERE year = 2024"), 2)
        XCTAssertEqual(try t.int("SELECT count(*) FROM files_v1"), 4)
        XCTAssertEqual(try t.query("SELECT year, channel, category, rows, amount_fen FROM purged_aggregates WHERE source = 'payments'"),
                       [[.int(2023), .text("aishandong"), .text("payment"), .int(3), .int(114_000)]])
        XCTAssertEqual(try t.int("SELECT sum(rows) FROM purged_aggregates WHERE source = 'findings'"), before2023)
        XCTAssertEqual(try t.query("SELECT before_year, records, ledger FROM purges"), [[.int(2024), .int(3), .int(3)]])
        // No 2023 personal data in the file either, and a later run does not bring 2023 back.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: t.database)) + ((try? Data(contentsOf: URL(fileURLWithPath: t.database + "-wal"))) ?? Data())
        XCTAssertNil(bytes.range(of: Data("ASD01".utf8)), "the purged references are not left in free pages")
        XCTAssertEqual(try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database]).status, 0)
        XCTAssertEqual(try t.int("SELECT count(*) FROM findings_v1 WHERE year < 2024"), 0)
    }

    // MARK: SQL safety

    func testQuotesAndSQLAreStoredAndReportedVerbatim() throws {
        let t = try TestInbox()
        let hostile = "'); DROP TABLE payments; --"
        let quoted = "欧阳\"娜'娜\""
        // The sample roster knows this ID under another name: NAME_MISMATCH carries the paid names.
        try t.copySamples(["enrollment_20240120.csv.gz"])
        try t.write("jinsan_ledger_20240110.csv.gz", lines: LedgerFixture.file(1, good: 0, extra: [
            LedgerFixture.line(1, 1, name: hostile), LedgerFixture.line(1, 2, name: quoted),
        ]))
        XCTAssertEqual(try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database]).status, 0)
        XCTAssertEqual(try t.query("SELECT name FROM payments_v1 ORDER BY source_line"), [[.text(hostile)], [.text(quoted)]])
        XCTAssertEqual(try t.int("SELECT count(*) FROM sqlite_master WHERE name = 'records'"), 1)
        let json = try tool("recon-report", ["findings", "--db", t.database, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.err)
        let array = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        // Every text value anywhere in the findings, the detail's evidence included.
        func texts(_ v: Any) -> [String] {
            if let s = v as? String { return [s] }
            if let a = v as? [Any] { return a.flatMap(texts) }
            if let o = v as? [String: Any] { return o.values.flatMap(texts) }
            return []
        }
        let all = texts(array)
        XCTAssertTrue(all.contains(hostile), "\(all)")
        XCTAssertTrue(all.contains(quoted), "\(all)")
        let csv = try tool("recon-report", ["findings", "--db", t.database, "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.err)
        XCTAssertTrue(csv.out.contains(hostile), csv.out)
        // The evidence names the paid name as it was written; CSV doubles its quotes.
        XCTAssertTrue(csv.out.contains(#"姓名 欧阳""娜'娜"""#), "CSV doubles the quotes: \(csv.out)")
    }
}
