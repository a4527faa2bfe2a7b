import Foundation
import ReconCore
import ReconTestSupport
import SQLiteStore
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Issue 17, "lose nothing", on the real `recond` and `recon-report` processes: the demo replaces only
/// what an earlier demo made, a clean stop leaves the database file complete, a backup of a live
/// database is whole, and a mistaken path is refused in words, leaving nothing behind.
final class LoseNothingTests: XCTestCase {
    private func sha(_ path: String) -> String {
        SHA256.hexDigest(of: FileManager.default.contents(atPath: path).map(Array.init) ?? [])
    }

    private func entries(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    private func demo(_ out: String, _ extra: [String] = []) throws -> (status: Int32, stderr: String) {
        try ToolProcess.recond(["demo", "--scale", "0.005", "--seed", "3", "--out", out] + extra)
    }

    private func count(_ db: String, _ sql: String) throws -> Int {
        Int(try Connection(path: db, readOnly: true).scalarInt(sql) ?? -1)
    }

    func testTheDemoRefusesAFolderItDidNotMakeAndChangesNothing() throws {
        // A real recon database made by `run --once` over the samples, beside an upload in progress.
        let t = try TestInbox()
        try t.copySamples()
        let once = try ToolProcess.recond(["run", "--once", "--inbox", t.inbox, "--db", t.database])
        XCTAssertEqual(once.status, 0, once.stderr)
        try Data("half".utf8).write(to: URL(fileURLWithPath: t.inbox + "/wx_1612345678_20240201.csv.gz.part"))
        let before = (sha(t.database), entries(t.root), entries(t.inbox))

        let r = try demo(t.root)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("recond demo did not make"), r.stderr)
        XCTAssertTrue(r.stderr.contains("nothing was changed"), r.stderr)
        XCTAssertEqual(sha(t.database), before.0)
        XCTAssertEqual(entries(t.root), before.1, "no marker, lock or manifest added")
        XCTAssertEqual(entries(t.inbox), before.2)
    }

    func testTheDemoReplacesItsOwnDemoButNotItsReviewsNorAnUploadNorARunningDaemon() throws {
        let folder = try TemporaryFolder("recon-demo-test")
        let out = folder.file("demo")
        let first = try demo(out)
        XCTAssertEqual(first.status, 0, first.stderr)
        let database = out + "/recon.sqlite"
        let files = try count(database, "SELECT count(*) FROM files")
        XCTAssertGreaterThan(files, 100)

        // Its own earlier demo is replaced: the same files once, not twice.
        let again = try demo(out)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("replacing the earlier demo's database"), again.stderr)
        XCTAssertEqual(try count(database, "SELECT count(*) FROM files"), files)

        // A review decision is not wiped silently.
        let finding = try Connection(path: database, readOnly: true)
            .prepare("SELECT code, subject FROM findings ORDER BY code, subject LIMIT 1", persistent: false).query()[0]
        guard case .text(let code) = finding[0], case .text(let subject) = finding[1] else { return XCTFail("no finding") }
        let review = try ToolProcess.run(ToolProcess.path("recon-report"), [
            "review", "--db", database, "--code", code, "--subject", subject, "--state", "confirmed",
            "--reviewer", "审计员", "--note", "已核实",
        ])
        XCTAssertEqual(review.status, 0, review.err)
        let reviewed = sha(database)
        let refused = try demo(out)
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("1 review decisions") && refused.stderr.contains("--replace"), refused.stderr)
        XCTAssertEqual(sha(database), reviewed)

        // A file someone is uploading into the demo's inbox is not deleted, and nothing else is either.
        let upload = out + "/inbox/bank_103_2024020101_hp.txt.gz.part"
        try Data("partial".utf8).write(to: URL(fileURLWithPath: upload))
        let withUpload = try demo(out, ["--replace"])
        XCTAssertEqual(withUpload.status, 1, withUpload.stderr)
        XCTAssertTrue(withUpload.stderr.contains("bank_103_2024020101_hp.txt.gz.part"), withUpload.stderr)
        XCTAssertEqual(FileManager.default.contents(atPath: upload), Data("partial".utf8))
        XCTAssertEqual(sha(database), reviewed)
        try FileManager.default.removeItem(atPath: upload)

        // A daemon running on the demo's database keeps it.
        try """
            inbox = "inbox2"
            archive = "archive"
            quarantine = "quarantine"
            database = "recon.sqlite"
            listen = "127.0.0.1:0"
            poll_seconds = 0.1
            """.write(toFile: out + "/recond.toml", atomically: true, encoding: .utf8)
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: ToolProcess.recond)
        daemon.arguments = ["run", "--config", out + "/recond.toml"]
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL); daemon.waitUntilExit() } }
        XCTAssertTrue(DaemonProcess.waitUntil(30) {
            (try? String(contentsOfFile: database + ".lock", encoding: .utf8))?.hasPrefix("\(daemon.processIdentifier)") == true
        })
        let busy = try demo(out, ["--replace"])
        XCTAssertEqual(busy.status, 1, busy.stderr)
        XCTAssertTrue(busy.stderr.contains("already running"), busy.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: database))
        XCTAssertEqual(try count(database, "SELECT count(*) FROM reviews"), 1)
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()

        // Told to, it replaces its own demo, reviews included.
        let replaced = try demo(out, ["--replace"])
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        XCTAssertEqual(try count(database, "SELECT count(*) FROM reviews"), 0)
    }

    func testACleanStopLeavesTheDatabaseFileCompleteAndABackupOfALiveDatabaseIsWhole() throws {
        let d = try DaemonProcess()
        try d.start()
        let samples = entries(TestInbox.samples).filter { $0.hasSuffix(".gz") }
        for name in samples {
            try d.drop(name, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: TestInbox.samples + "/" + name))))
        }
        XCTAssertTrue(DaemonProcess.waitUntil(120) {
            guard d.inboxFiles().isEmpty, let h = try? d.health(), h["last_run"] is [String: Any] else { return false }
            return h["reconcile_pending"] as? Bool == false && h["phase"] as? String == "idle"
        }, d.stderr)

        // A backup while the daemon runs: whole, private, and never over an existing file.
        let backup = d.root + "/backup/recon-copy.sqlite"
        let noFolder = try ToolProcess.recond(["backup", "--db", d.database, "--to", backup])
        XCTAssertEqual(noFolder.status, 1)
        XCTAssertTrue(noFolder.stderr.contains("the folder \(d.root)/backup does not exist"), noFolder.stderr)
        try FileManager.default.createDirectory(atPath: d.root + "/backup", withIntermediateDirectories: true)
        let made = try ToolProcess.recond(["backup", "--db", d.database, "--to", backup])
        XCTAssertEqual(made.status, 0, made.stderr)
        XCTAssertTrue(made.stderr.contains("\(samples.count) files"), made.stderr)
        var st = stat()
        XCTAssertEqual(stat(backup, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
        XCTAssertEqual(try count(backup, "SELECT count(*) FROM files"), samples.count)
        XCTAssertEqual(try count(backup, "SELECT count(*) FROM findings"), try count(d.database, "SELECT count(*) FROM findings"))
        let copied = sha(backup)
        let twice = try ToolProcess.recond(["backup", "--db", d.database, "--to", backup])
        XCTAssertEqual(twice.status, 1)
        XCTAssertTrue(twice.stderr.contains("already exists"), twice.stderr)
        XCTAssertEqual(sha(backup), copied)
        XCTAssertEqual(entries(d.root + "/backup"), ["recon-copy.sqlite"], "no temporary file left")

        // A clean stop: the write-ahead log is emptied, so a copy of the database file alone is whole.
        d.signal(SIGTERM)
        XCTAssertEqual(d.waitForExit()?.status, 0, d.stderr)
        var wal = stat()
        XCTAssertTrue(stat(d.database + "-wal", &wal) != 0 || wal.st_size == 0, "WAL of \(wal.st_size) bytes left")
        let cold = try TemporaryFolder("recon-cold")
        try FileManager.default.copyItem(atPath: d.database, toPath: cold.file("recon.sqlite"))
        XCTAssertEqual(try count(cold.file("recon.sqlite"), "SELECT count(*) FROM files"), samples.count)
        XCTAssertEqual(try count(cold.file("recon.sqlite"), "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL"),
                       try count(d.database, "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL"))
    }

    func testMistakenPathsAreRefusedInWordsAndLeaveNothingBehind() throws {
        let t = try TestInbox()
        let root = t.root
        func once(_ inbox: String, _ db: String) throws -> (status: Int32, stderr: String) {
            try ToolProcess.recond(["run", "--once", "--inbox", inbox, "--db", db])
        }
        // A folder as the database.
        var r = try once(t.inbox, root)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("\(root) is a folder, not a database file"), r.stderr)
        // A folder that does not exist.
        r = try once(t.inbox, "/no/such/dir/x.sqlite")
        XCTAssertTrue(r.stderr.contains("the folder /no/such/dir does not exist"), r.stderr)
        // A text file: refused, and no README.md.lock beside it.
        try "# notes\n".write(toFile: root + "/README.md", atomically: true, encoding: .utf8)
        r = try once(t.inbox, root + "/README.md")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("is not a SQLite database"), r.stderr)
        // Another program's SQLite database: refused without a change (not even its journal mode).
        let other = root + "/other.db"
        let c = try Connection(path: other, journal: .off)
        try c.execute("PRAGMA journal_mode=DELETE; CREATE TABLE customers(name TEXT); INSERT INTO customers VALUES ('x')")
        c.close()
        let otherBefore = sha(other)
        r = try once(t.inbox, other)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("SQLite database of another program (tables customers"), r.stderr)
        XCTAssertEqual(sha(other), otherBefore)
        for reader in [["findings", "--db", other], ["nightly", "--db", other]] {
            let rr = try ToolProcess.run(ToolProcess.path("recon-report"), reader)
            XCTAssertNotEqual(rr.status, 0)
            XCTAssertTrue(rr.err.contains("another program"), rr.err)
        }
        // A mistyped inbox creates no database and no lock.
        r = try once(root + "/inbx", root + "/new.sqlite")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("the inbox \(root)/inbx does not exist"), r.stderr)
        XCTAssertEqual(entries(root), ["README.md", "inbox", "other.db"])

        // A zero-byte file is quarantined as empty, and the summary names each quarantined file and why.
        try t.copySamples(["wx_1612345678_20231120.csv.gz"])
        try t.writeRaw("wx_1612345678_20231121.csv.gz", [])
        try t.writeRaw("alipay_export.csv.gz", Array(try Data(contentsOf: URL(fileURLWithPath: t.inbox + "/wx_1612345678_20231120.csv.gz"))))
        r = try once(t.inbox, t.database)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("2 quarantined"), r.stderr)
        XCTAssertTrue(r.stderr.contains("quarantined wx_1612345678_20231121.csv.gz: gzip stream truncated: the file is empty (0 bytes)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("quarantined alipay_export.csv.gz: unrecognised name"), r.stderr)
    }
}
