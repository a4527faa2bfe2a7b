import SQLiteStore
import ReconTestSupport
import Foundation
import ReconCore
import ReconSynth
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The daemon survives `kill -9` at any moment and stops cleanly on SIGTERM in the middle of an ingest.
final class DaemonCrashTests: XCTestCase {
    func rows(_ db: Connection, _ sql: String) throws -> [[SQLValue]] { try db.prepare(sql, persistent: false).query() }

    static let payments = """
        SELECT channel, txn_ref, kind, original_ref, id_number, id_valid, insurance, year, amount_fen, paid_at, payer_key,
               name, source_file, source_line, effective FROM payments_v1 ORDER BY channel, kind, txn_ref
        """
    static let openFindings = "SELECT code, subject FROM findings_v1 WHERE status = 'open' ORDER BY code, subject"
    static let files = "SELECT name, sha256, status, rows, rejected_rows, error FROM files_v1 ORDER BY name, sha256"

    func testKillNineAtRandomMomentsEndsLikeAnUninterruptedRun() throws {
        let t = try TestInbox()
        _ = try DistrictGenerator(options: .init(scale: 0.01, seed: 5)).generate(into: t.root)
        let all = try FileManager.default.contentsOfDirectory(atPath: t.inbox).sorted()

        // The uninterrupted run over the same files.
        let once = try ToolProcess.recond(["run", "--once", "--inbox", t.inbox, "--db", t.root + "/once.sqlite"])
        XCTAssertEqual(once.status, 0, once.stderr)

        // All files are there from the start, as for the uninterrupted run: the order they are stored
        // in (file date, then name) is then the same, whatever the kills cut.
        let d = try DaemonProcess(settle: 0.2)
        for n in all { try FileManager.default.copyItem(atPath: t.inbox + "/" + n, toPath: d.inbox + "/" + n) }
        var rng = SystemRandomNumberGenerator()
        var delays: [Int] = []
        for _ in 0..<7 {
            try d.start()
            let ms = Int.random(in: 50...1500, using: &rng)
            delays.append(ms)
            usleep(UInt32(ms) * 1000)
            d.signal(SIGKILL)
            let exit = try XCTUnwrap(d.waitForExit(), "still running after SIGKILL")
            XCTAssertEqual(exit.reason, .uncaughtSignal)
        }
        // Then let it finish, and start once more so the last reconciliation surely ran.
        try d.start()
        XCTAssertTrue(DaemonProcess.waitUntil(120) {
            guard d.inboxFiles().isEmpty, let h = try? d.health(), let run = h["last_run"] as? [String: Any] else { return false }
            return run["result"] as? String == "ok" && h["reconcile_pending"] as? Bool == false && h["phase"] as? String == "idle"
        }, "kills after \(delays) ms: \(d.stderr)")
        d.signal(SIGTERM)
        XCTAssertEqual(d.waitForExit()?.status, 0, d.stderr)

        let got = try Connection(path: d.database, readOnly: true)
        let want = try Connection(path: t.root + "/once.sqlite", readOnly: true)
        for (what, sql) in [("payments", Self.payments), ("open findings", Self.openFindings), ("files", Self.files)] {
            let a = try rows(got, sql).map { "\($0)" }, b = try rows(want, sql).map { "\($0)" }
            XCTAssertEqual(a.count, b.count, what)
            XCTAssertEqual(Set(a).subtracting(b).sorted(), [], "\(what) only after kills at \(delays) ms")
            XCTAssertEqual(Set(b).subtracting(a).sorted(), [], "\(what) only in the uninterrupted run (kills at \(delays) ms)")
        }
        XCTAssertGreaterThan(try rows(want, Self.openFindings).count, 0)

        // Every file is kept exactly once, byte for byte: in the archive, or in the quarantine with its reason.
        var kept: [String: String] = [:]
        for p in DaemonProcess.files(under: d.archive) { kept[String(p.split(separator: "/").last!)] = d.archive + "/" + p }
        let quarantined = DaemonProcess.files(under: d.quarantine)
        for p in quarantined where !p.hasSuffix(".reason") {
            XCTAssertNil(kept[p], "\(p) both archived and quarantined")
            kept[p] = d.quarantine + "/" + p
            XCTAssertTrue(quarantined.contains(p + ".reason"), "\(p) has no .reason")
        }
        XCTAssertEqual(DaemonProcess.files(under: d.archive).count + quarantined.filter { !$0.hasSuffix(".reason") }.count, all.count)
        XCTAssertEqual(kept.keys.sorted(), all)
        for n in all {
            XCTAssertEqual(FileManager.default.contents(atPath: kept[n] ?? ""), FileManager.default.contents(atPath: t.inbox + "/" + n), n)
        }
    }

    /// `kill -9` of `recond run --once` at random moments of a new database's first run, which builds
    /// the database in a side file: after each kill there is no database, an empty one or a whole
    /// one, never part of the files; the next run ends like an uninterrupted run.
    func testKillNineDuringAFirstRunLeavesNoHalfDatabase() throws {
        let t = try TestInbox()
        _ = try DistrictGenerator(options: .init(scale: 0.02, seed: 5)).generate(into: t.root)
        let started = Date()
        let once = try ToolProcess.recond(["run", "--once", "--inbox", t.inbox, "--db", t.root + "/once.sqlite"])
        XCTAssertEqual(once.status, 0, once.stderr)
        let full = Date().timeIntervalSince(started)
        let want = try Connection(path: t.root + "/once.sqlite", readOnly: true)
        let allFiles = try XCTUnwrap(want.scalarInt("SELECT count(*) FROM files_v1"))

        let db = t.root + "/killed.sqlite"
        var rng = SystemRandomNumberGenerator()
        var delays: [Int] = []
        for _ in 0..<6 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: ToolProcess.recond)
            p.arguments = ["run", "--once", "--inbox", t.inbox, "--db", db]
            p.standardError = FileHandle.nullDevice
            try p.run()
            let ms = Int.random(in: 30...max(60, Int(full * 1000)), using: &rng)
            delays.append(ms)
            usleep(UInt32(ms) * 1000)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            guard FileManager.default.fileExists(atPath: db) else { continue }
            // Read-write, as the next run opens it: a kill while the built file is switched to WAL
            // leaves a hot journal, which only a writer rolls back.
            let c = try Connection(path: db)
            XCTAssertEqual(try rows(c, "PRAGMA integrity_check"), [[.text("ok")]], "kills at \(delays) ms")
            let stored = try c.scalarInt("SELECT count(*) FROM files_v1") ?? -1
            XCTAssertTrue(stored == 0 || stored == allFiles, "\(stored) of \(allFiles) files after kills at \(delays) ms")
        }
        let last = try ToolProcess.recond(["run", "--once", "--inbox", t.inbox, "--db", db])
        XCTAssertEqual(last.status, 0, last.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db + ".building"), "no side file left")
        let got = try Connection(path: db, readOnly: true)
        for (what, sql) in [("payments", Self.payments), ("open findings", Self.openFindings), ("files", Self.files)] {
            XCTAssertEqual(try rows(got, sql).map { "\($0)" }, try rows(want, sql).map { "\($0)" }, "\(what) after kills at \(delays) ms")
        }
        XCTAssertEqual(try rows(got, "PRAGMA journal_mode"), [[.text("wal")]])
    }

    func testSIGTERMInTheMiddleOfAnIngestStopsCleanly() throws {
        let t = try TestInbox()
        _ = try DistrictGenerator(options: .init(scale: 0.05, seed: 9)).generate(into: t.root)
        let all = try FileManager.default.contentsOfDirectory(atPath: t.inbox).sorted()
        let d = try DaemonProcess()
        for n in all { try FileManager.default.copyItem(atPath: t.inbox + "/" + n, toPath: d.inbox + "/" + n) }
        try d.start()
        // Stop once some files are stored while others still wait (a new database is built in a side
        // file: its files are moved only once the file is in place, after the stop).
        XCTAssertTrue(DaemonProcess.waitUntil(120) {
            ((try? d.health())?["progress"] as? String)?.contains("files stored") == true || d.stderr.contains("file ingested")
        }, d.stderr)
        d.signal(SIGTERM)
        let exit = try XCTUnwrap(d.waitForExit(30), "no exit 30 s after SIGTERM")
        XCTAssertEqual(exit.status, 0, d.stderr)
        XCTAssertEqual(exit.reason, .exit)
        XCTAssertTrue(d.stderr.contains("recond stopped"), d.stderr)
        XCTAssertFalse(d.stderr.contains("did not stop in time"), d.stderr)

        // Nothing half done: a file is either stored and moved, or untouched in the inbox.
        let left = d.inboxFiles()
        XCTAssertFalse(left.isEmpty, "the ingest had finished before SIGTERM: nothing was interrupted")
        let db = try Connection(path: d.database, readOnly: true)
        let stored = Set(try rows(db, "SELECT name FROM files_v1").map { row -> String in if case .text(let s) = row[0] { return s }; return "" })
        XCTAssertEqual(stored.intersection(left), [])
        XCTAssertEqual(stored.count + left.count, all.count)
        XCTAssertEqual(try rows(db, "PRAGMA integrity_check"), [[.text("ok")]])

        // The next start takes the rest.
        try d.start()
        XCTAssertTrue(DaemonProcess.waitUntil(180) { d.inboxFiles().isEmpty }, d.stderr)
        d.signal(SIGTERM)
        XCTAssertEqual(d.waitForExit()?.status, 0, d.stderr)
    }
}
