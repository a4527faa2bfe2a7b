import SQLiteStore
import ReconTestSupport
import Foundation
import ReconCore
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `recond run --config` as a real process: files dropped while it runs are picked up, stored, moved
/// to the archive or the quarantine; half-written files wait; `/healthz` and `/metrics` tell the numbers
/// the database holds.
final class DaemonTests: XCTestCase {
    func text(_ v: SQLValue) -> String { if case .text(let s) = v { return s }; return "" }

    func testDroppedFilesArePickedUpMovedLoggedOnceAndCounted() throws {
        let d = try DaemonProcess()
        d.journalStream = true
        try d.start()
        // The start's own reconciliation (nothing stored yet) comes first.
        XCTAssertTrue(DaemonProcess.waitUntil(60) { ((try? d.health())?["last_run"] as? [String: Any]) != nil }, d.stderr)

        let samples = try FileManager.default.contentsOfDirectory(atPath: TestInbox.samples).filter { $0.hasSuffix(".gz") }.sorted()
        var sent: [String: [UInt8]] = [:]
        for name in samples {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: TestInbox.samples + "/" + name)))
            try d.drop(name, bytes: bytes)
            sent[name] = bytes
        }
        // A truncated statement (quarantined) and a byte-identical copy under another name (duplicate).
        let wx = sent["wx_1612345678_20231120.csv.gz"]!
        try d.drop("wx_1612345678_20240110.csv.gz", bytes: Array(wx.prefix(wx.count / 2)))
        sent["wx_1612345678_20240110.csv.gz"] = Array(wx.prefix(wx.count / 2))
        try d.drop("wx_1612345679_20231120.csv.gz", bytes: wx)
        sent["wx_1612345679_20231120.csv.gz"] = wx

        XCTAssertTrue(DaemonProcess.waitUntil(120) {
            guard d.inboxFiles().isEmpty, let h = try? d.health(), let run = h["last_run"] as? [String: Any] else { return false }
            return run["reason"] as? String == "arrivals settled" && h["reconcile_pending"] as? Bool == false
                && h["phase"] as? String == "idle"
        }, d.stderr)

        // After a run the database file alone holds it (the log copied back): a copy of that one file,
        // as a cold backup would take it, has every file and finding.
        let copy = d.database + ".alone"
        try FileManager.default.copyItem(atPath: d.database, toPath: copy)
        let alone = try Connection(path: copy)
        let live = try Connection(path: d.database, readOnly: true)
        for sql in ["SELECT count(*) FROM files", "SELECT count(*) FROM findings", "SELECT max(run_id) FROM runs"] {
            XCTAssertEqual(try alone.scalarInt(sql), try live.scalarInt(sql), sql)
        }
        alone.close()

        let db = try Connection(path: d.database, readOnly: true)
        var status: [String: (String, String?)] = [:]
        for row in try db.prepare("SELECT name, status, error FROM files_v1", persistent: false).query() {
            var error: String? = nil
            if case .text(let e) = row[2] { error = e }
            status[text(row[0])] = (text(row[1]), error)
        }
        XCTAssertEqual(Set(status.keys), Set(sent.keys))
        XCTAssertEqual(status["wx_1612345678_20240110.csv.gz"]?.0, "quarantined")
        XCTAssertEqual(status["wx_1612345679_20231120.csv.gz"]?.0, "duplicate")

        // Each file moved once, intact: stored ones under archive/YYYY/MM/DD (the date of the name),
        // quarantined ones beside a .reason file with the reason.
        for (name, bytes) in sent {
            guard let (st, error) = status[name] else { continue }
            let path: String
            if st == "quarantined" {
                path = d.quarantine + "/" + name
                let reason = try String(contentsOfFile: path + ".reason", encoding: .utf8)
                XCTAssertTrue(reason.contains("reason: " + (error ?? "?")), reason)
            } else {
                let date = try XCTUnwrap(FormatRegistry.builtin.recognise(name)?.date, name).description
                path = d.archive + "/" + date.replacingOccurrences(of: "-", with: "/") + "/" + name
            }
            XCTAssertEqual(FileManager.default.contents(atPath: path).map(Array.init), bytes, path)
        }
        XCTAssertEqual(DaemonProcess.files(under: d.archive).count + DaemonProcess.files(under: d.quarantine).count,
                       sent.count + status.values.filter { $0.0 == "quarantined" }.count)

        // Every file's outcome is logged once; no full ID number anywhere in the log. The burst's run
        // took over the view the start's run kept, and says so.
        let log = d.stderr
        XCTAssertTrue(log.contains("kept view (used, files above #0 added)"), log)
        // Under the journal: each line its syslog priority, then an RFC 3339 time with milliseconds and offset.
        for line in log.split(separator: "\n") {
            XCTAssertNotNil(line.range(of: #"^<[2-7]>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00 "#, options: .regularExpression),
                            String(line))
        }
        XCTAssertTrue(log.contains("<4>") && log.contains("file quarantined"), "a quarantine is a warning")
        for name in sent.keys {
            XCTAssertEqual(log.components(separatedBy: "file=\(name) ").count - 1, 1, "log lines for \(name)")
        }
        let ids = try db.prepare("SELECT DISTINCT id_number FROM payments_v1 WHERE id_valid = 1", persistent: false).query().map { text($0[0]) }
        XCTAssertFalse(ids.isEmpty)
        XCTAssertEqual(ids.filter { log.contains($0) }, [], "ID numbers in the log")

        // /healthz and /metrics: the numbers of the database and of what this process did.
        let h = try d.health()
        let run = try XCTUnwrap(h["last_run"] as? [String: Any])
        let open = Int(try db.scalarInt("SELECT count(*) FROM findings_v1 WHERE status = 'open'") ?? -1)
        XCTAssertEqual(run["result"] as? String, "ok")
        XCTAssertEqual(run["findings_open"] as? Int, open)
        XCTAssertEqual(h["queue_depth"] as? Int, 0)
        XCTAssertEqual(h["status"] as? String, "ok")

        let m = try d.metrics()
        for s in ["ingested", "duplicate", "quarantined"] {
            let n = Double(status.values.filter { $0.0 == s }.count)
            XCTAssertEqual(m["recon_files_total{status=\"\(s)\"}"], n, s)
            XCTAssertEqual(m["recon_database_files{status=\"\(s)\"}"], n, s)
        }
        XCTAssertEqual(m["recon_rows_read_total"], Double(try db.scalarInt("SELECT sum(rows) FROM files_v1 WHERE status = 'ingested'") ?? -1))
        XCTAssertEqual(m["recon_rows_rejected_total"], Double(try db.scalarInt("SELECT count(*) FROM rejects_v1") ?? -1))
        for kind in ["payment", "reversal"] {
            XCTAssertEqual(m["recon_payments{kind=\"\(kind)\"}"],
                           Double(try db.scalarInt("SELECT count(*) FROM payments_v1 WHERE kind = ?", [.text(kind)]) ?? -1))
        }
        var openByCode: [String: Double] = [:]
        for row in try db.prepare("SELECT code, count(*) FROM findings_v1 WHERE status = 'open' GROUP BY code", persistent: false).query() {
            if case .int(let n) = row[1] { openByCode[text(row[0])] = Double(n) }
        }
        XCTAssertFalse(openByCode.isEmpty)
        for code in FindingCode.allCases {
            XCTAssertEqual(m["recon_findings_open{code=\"\(code.rawValue)\",severity=\"\(code.severity.rawValue)\"}"],
                           openByCode[code.rawValue] ?? 0, code.rawValue)
        }
        // The start's run and one per settled burst, all by this process.
        let runs = Double(try db.scalarInt("SELECT count(*) FROM runs_v1 WHERE finished_at IS NOT NULL") ?? -1)
        XCTAssertGreaterThanOrEqual(runs, 2)
        XCTAssertEqual(m["recon_runs_total{result=\"ok\"}"], runs)
        XCTAssertEqual(m["recon_run_duration_seconds_count"], runs)
        XCTAssertEqual(m["recon_inbox_depth"], 0)
        XCTAssertGreaterThanOrEqual(m["recon_ingest_duration_seconds_count"] ?? 0, 1)
        // When each channel last delivered, and the last success: Unix times, from the database.
        let now = Date().timeIntervalSince1970
        for format in ["wechat", "alipay", "unionpay", "ccb_pos", "bank", "ledger", "enrollment"] {
            XCTAssertEqual(m["recon_last_file_timestamp_seconds{format=\"\(format)\"}"] ?? 0, now, accuracy: 120, format)
        }
        XCTAssertEqual(m["recon_last_success_timestamp_seconds"] ?? 0, now, accuracy: 120)
        XCTAssertEqual(try d.get("/readyz").status, 200)

        d.signal(SIGTERM)
        let exit = try XCTUnwrap(d.waitForExit())
        XCTAssertEqual(exit.status, 0, d.stderr)
        // The view kept between runs is left for the next start, owner-only.
        XCTAssertTrue(d.stderr.contains("view snapshot written"), d.stderr)
        var st = stat()
        XCTAssertEqual(stat(d.database + ".view", &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
    }

    func testHalfWrittenFilesAreNotReadEarly() throws {
        let d = try DaemonProcess(stable: 2)
        try d.start()
        let name = "wx_1612345678_20231120.csv.gz"
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: TestInbox.samples + "/" + name)))

        // A complete file still named *.part is left alone, however long it waits.
        try Data(bytes).write(to: URL(fileURLWithPath: d.inbox + "/" + name + ".part"))
        XCTAssertTrue(DaemonProcess.waitUntil(30) { (try? d.health())?["inbox_partial"] as? Int == 1 })
        let seen = try d.health()["uptime_seconds"] as? Int ?? 0
        XCTAssertTrue(DaemonProcess.waitUntil(30) { ((try? d.health())?["uptime_seconds"] as? Int ?? 0) >= seen + 3 })
        XCTAssertEqual(try storedStatus(d, name), nil)
        XCTAssertEqual(d.inboxFiles(), [name + ".part"])

        // A growing file under its final name: read only once complete, so it is not quarantined as truncated.
        let growing = "wx_1612345678_20231230.csv.gz"
        let second = Array(try Data(contentsOf: URL(fileURLWithPath: TestInbox.samples + "/" + growing)))
        XCTAssertTrue(FileManager.default.createFile(atPath: d.inbox + "/" + growing, contents: nil))
        let fh = try XCTUnwrap(FileHandle(forWritingAtPath: d.inbox + "/" + growing))
        let chunk = max(1, second.count / 20)
        var offset = 0
        while offset < second.count {
            fh.write(Data(second[offset..<min(second.count, offset + chunk)]))
            offset += chunk
            XCTAssertEqual(try storedStatus(d, growing), nil, "read while still being written")
            usleep(50_000)
        }
        try fh.close()

        XCTAssertEqual(rename(d.inbox + "/" + name + ".part", d.inbox + "/" + name), 0)
        XCTAssertTrue(DaemonProcess.waitUntil(60) { d.inboxFiles().isEmpty }, d.stderr)
        XCTAssertEqual(try storedStatus(d, name), "ingested")
        XCTAssertEqual(try storedStatus(d, growing), "ingested")
        d.signal(SIGINT)
        XCTAssertEqual(d.waitForExit()?.status, 0, d.stderr)
    }

    func storedStatus(_ d: DaemonProcess, _ name: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: d.database) else { return nil }
        let db = try Connection(path: d.database, readOnly: true)
        let s = try db.prepare("SELECT status FROM files_v1 WHERE name = ?", persistent: false)
        s.bind(1, name)
        return try s.step() ? s.columnText(0) : nil
    }

    /// FORMATS.md: a file identical to one already received is recorded as a duplicate delivery. In the
    /// daemon the same name and bytes delivered again after the first was archived is such a delivery
    /// (`files_v1` gets a `duplicate` row, the copy is archived beside the first); a file a crash left in
    /// the inbox after storing it is not (see DaemonCrashTests).
    func testTheSameFileDeliveredTwiceIsRecordedAsADuplicate() throws {
        let d = try DaemonProcess()
        try d.start()
        let name = "wx_1612345678_20231120.csv.gz"
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: TestInbox.samples + "/" + name)))
        let archived = d.archive + "/2023/11/20/" + name
        try d.drop(name, bytes: bytes)
        XCTAssertTrue(DaemonProcess.waitUntil(60) { FileManager.default.fileExists(atPath: archived) }, d.stderr)
        try d.drop(name, bytes: bytes)
        XCTAssertTrue(DaemonProcess.waitUntil(60) { FileManager.default.fileExists(atPath: archived + ".1") }, d.stderr)
        let db = try Connection(path: d.database, readOnly: true)
        XCTAssertEqual(try db.prepare("SELECT status FROM files_v1 WHERE name = ? ORDER BY status DESC", persistent: false)
            .query([.text(name)]).map { text($0[0]) }, ["ingested", "duplicate"])
        XCTAssertEqual(FileManager.default.contents(atPath: archived + ".1").map(Array.init), bytes)
        d.signal(SIGTERM)
        XCTAssertEqual(d.waitForExit()?.status, 0, d.stderr)
    }
}
