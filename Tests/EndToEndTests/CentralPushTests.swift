import Foundation
import ReconTestSupport
import SQLiteStore
import XCTest

/// A county's push to a real PostgreSQL (the server `scripts/test.sh` starts), through the real
/// `recond` and `recon-central`: idempotent, resumable after kill -9, confined to the county's own
/// rows, never in the way of the county's run, and never showing the password.
final class CentralPushTests: XCTestCase {
    struct County {
        let t: TestInbox
        let db: CentralTestDatabase
        let config: String
        let password: String
    }

    static func privateFile(_ path: String, _ text: String) throws {
        FileManager.default.createFile(atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
    }

    /// The samples reconciled as county 370406, a migrated central database with that county added,
    /// and the county's configuration pointing at it (`url` overridable).
    func county(code: String = "370406", url: ((CentralTestDatabase) -> String)? = nil, extra: String = "") throws -> County {
        guard let server = CentralTestServer.environment else { throw CentralTestError(message: CentralTestServer.missing) }
        let db = try server.freshDatabase()
        addTeardownBlock { db.drop() }
        let t = try TestInbox()
        try t.copySamples()
        let run = try ToolProcess.recond(["run", "--once", "--inbox", t.inbox, "--db", t.database])
        XCTAssertEqual(run.status, 0, run.stderr)
        try central(db, ["migrate"])
        let password = "county \(code) password \(UUID().uuidString.prefix(6))"
        try Self.privateFile(t.root + "/role.pass", password)
        try central(db, ["county", "add", code, "--role-password-file", t.root + "/role.pass"])
        try Self.privateFile(t.root + "/central.pass", password)
        let config = t.root + "/recond.toml"
        try """
            inbox = "inbox"
            database = "recon.sqlite"
            \(extra)
            [central]
            url = "\(url?(db) ?? db.url(county: code))"
            password_file = "central.pass"
            county = "\(code)"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        return County(t: t, db: db, config: config, password: password)
    }

    @discardableResult
    func central(_ db: CentralTestDatabase, _ args: [String], expect: Int32 = 0) throws -> ToolProcess.Result {
        let r = try ToolProcess.run(ToolProcess.path("recon-central"), args + ["--url", db.url, "--password-file", db.server.ownerPasswordFile])
        XCTAssertEqual(r.status, expect, "recon-central \(args): \(r.err)")
        return r
    }

    /// The county's rows as the contract's views and tables show them (a text to compare).
    func centralState(_ db: CentralTestDatabase) throws -> String {
        try ["county_payments_v1", "county_findings_v1", "county_files", "county_roster", "county_deaths", "county_reviews"].map { v in
            try db.owner("SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) || ' ' || count(*) FROM \(v) x")
        }.joined(separator: "\n")
    }

    func testAPushIsIdempotentAndAKilledPushEndsLikeAnUninterruptedOne() throws {
        let c = try county()
        let first = try ToolProcess.recond(["push", "--config", c.config])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("county 370406 pushed"), first.stderr)
        XCTAssertFalse(first.stderr.contains(c.password))
        // Everything the county holds is there, tagged with the county.
        XCTAssertEqual(try c.db.owner("SELECT count(*) FROM county_payments_v1 WHERE county = '370406'"),
                       String(try c.t.int("SELECT count(*) FROM payments_v1")))
        XCTAssertEqual(try c.db.owner("SELECT count(*) FROM county_findings_v1"), String(try c.t.int("SELECT count(*) FROM findings_v1")))
        XCTAssertEqual(try c.db.owner("SELECT count(*) FROM county_roster"), String(try c.t.int("SELECT count(*) FROM enrollment")))
        XCTAssertEqual(try c.db.owner("SELECT status, payments > 0 FROM pushes_v1"), "ok|t")
        let reference = try centralState(c.db)
        let rowVersions = try c.db.owner("SELECT sum(xmin::text::bigint) FROM county_payments")

        // Again: nothing changes centrally, not even a row version.
        XCTAssertEqual(try ToolProcess.recond(["push", "--config", c.config]).status, 0)
        XCTAssertEqual(try centralState(c.db), reference)
        XCTAssertEqual(try c.db.owner("SELECT sum(xmin::text::bigint) FROM county_payments"), rowVersions)

        // Killed at random moments, then pushed again: the same central state.
        try c.db.owner("DELETE FROM county_payments WHERE county = '370406' AND kind = 'reversal'")
        for delay in [0.0, 0.02, 0.05, 0.1, 0.2, 0.3].shuffled() {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: ToolProcess.recond)
            p.arguments = ["push", "--config", c.config]
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
        let again = try ToolProcess.recond(["push", "--config", c.config])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try centralState(c.db), reference)
        // Killed pushes stay on record as not finished; the status command counts them.
        let status = try central(c.db, ["status", "--format", "csv"]).out
        XCTAssertTrue(status.contains("370406") && status.contains("ok"), status)
    }

    func testACountyCannotReadOrWriteAnotherCountysRows() throws {
        let c = try county()
        XCTAssertEqual(try ToolProcess.recond(["push", "--config", c.config]).status, 0)
        try Self.privateFile(c.t.root + "/other.pass", "county 370402 password xyz")
        try central(c.db, ["county", "add", "370402", "--role-password-file", c.t.root + "/other.pass"])
        let other = { (sql: String) in
            try c.db.server.psql(c.db.name, sql, user: "recon_370402", password: "county 370402 password xyz")
        }
        let count = try other("SELECT count(*) FROM county_payments")
        XCTAssertEqual(count.out.trimmingCharacters(in: .whitespacesAndNewlines), "0", "\(count.status) \(count.err)")
        // The central views are the city's: a county role does not read them at all.
        XCTAssertTrue(try other("SELECT count(*) FROM county_payments_v1").err.contains("permission denied"))
        XCTAssertEqual(try other("UPDATE county_payments SET name = 'x'").status, 0)
        XCTAssertEqual(try other("DELETE FROM county_findings").status, 0)
        let insert = try other("INSERT INTO county_payments(county, channel, txn_ref, kind, id_number, id_valid, amount_fen, effective) VALUES ('370406', 'wechat', 'X', 'payment', '1', 0, 1, 1)")
        XCTAssertNotEqual(insert.status, 0)
        XCTAssertTrue(insert.err.contains("row-level security"), insert.err)
        XCTAssertNotEqual(try other("SELECT count(*) FROM central_findings").status, 0)
        XCTAssertNotEqual(try other("SELECT count(*) FROM county_payments_370406").status, 0)
        XCTAssertNotEqual(try other("TRUNCATE county_payments").status, 0)
        // 370406's rows are untouched.
        XCTAssertEqual(try c.db.owner("SELECT count(*) FROM county_payments WHERE name = 'x'"), "0")
        XCTAssertEqual(try c.db.owner("SELECT count(*) > 0 FROM county_findings"), "t")
    }

    func testWrongCountyWrongPasswordAndNoServerAreClearAndPushNothing() throws {
        // A roster of county 370406 configured as 370402.
        let mismatch = try county(code: "370402")
        let r = try ToolProcess.recond(["push", "--config", mismatch.config])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("乡镇代码 outside county 370402") && r.stderr.contains("370406"), r.stderr)
        XCTAssertEqual(try mismatch.db.owner("SELECT count(*) FROM county_payments"), "0")
        XCTAssertEqual(try mismatch.db.owner("SELECT count(*) FROM pushes"), "0")

        let c = try county()
        try Self.privateFile(c.t.root + "/central.pass", "a wrong password 123")
        let wrong = try ToolProcess.recond(["push", "--config", c.config])
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue(wrong.stderr.contains("password authentication failed for user \"recon_370406\""), wrong.stderr)
        XCTAssertFalse(wrong.stderr.contains("a wrong password 123"))
        // A password file others can read is refused before anything is sent.
        chmod(c.t.root + "/central.pass", 0o644)
        let open = try ToolProcess.recond(["push", "--config", c.config])
        XCTAssertTrue(open.stderr.contains("chmod 600"), open.stderr)

        let absent = try county(url: { $0.url(county: "370406").replacingOccurrences(of: ":\($0.server.port)/", with: ":1/") })
        let none = try ToolProcess.recond(["push", "--config", absent.config])
        XCTAssertEqual(none.status, 1)
        XCTAssertTrue(none.stderr.contains("cannot connect to the central store postgresql://recon_370406@127.0.0.1:1/"), none.stderr)
        // A password in the URL is refused by the configuration itself.
        try """
            [central]
            url = "postgresql://recon_370406:secret@127.0.0.1:1/recon"
            county = "370406"
            """.write(toFile: absent.config, atomically: true, encoding: .utf8)
        let inURL = try ToolProcess.recond(["push", "--config", absent.config])
        XCTAssertTrue(inURL.stderr.contains("must not hold a password"), inURL.stderr)
        XCTAssertFalse(inURL.stderr.contains("secret"))
    }

    /// The daemon pushes after its run. PostgreSQL stopped: the run still succeeds and `/healthz` and
    /// the metrics show the failed push; PostgreSQL back, the next run's push catches up. A reload
    /// that changes `[central]` pushes at once.
    func testTheDaemonsRunNeverWaitsForTheCentralStore() throws {
        let c = try county()
        let server = c.db.server
        let d = try DaemonProcess(extra: """
            [central]
            url = "\(c.db.url(county: "370406"))"
            password_file = "\(c.t.root)/central.pass"
            county = "370406"
            """)
        try d.start()
        let names = try FileManager.default.contentsOfDirectory(atPath: c.t.inbox).filter { !$0.hasPrefix(".") }.sorted()
        let later = try XCTUnwrap(names.first { $0.hasPrefix("assistance_") })
        try server.stop()
        var restarted = false
        defer { if !restarted { try? server.start() } }
        for name in names where name != later {
            try d.drop(name, bytes: Array(FileManager.default.contents(atPath: c.t.inbox + "/" + name)!))
        }
        XCTAssertTrue(DaemonProcess.waitUntil(60) { d.stderr.contains("push to the central store failed") }, d.stderr)
        let health = try d.health()
        XCTAssertEqual(health["status"] as? String, "ok", "the county is healthy")
        let push = try XCTUnwrap(health["central_push"] as? [String: Any])
        XCTAssertEqual(push["result"] as? String, "failed")
        XCTAssertTrue((push["error"] as? String ?? "").contains("cannot connect"), "\(push)")
        XCTAssertEqual(try d.metrics()["recon_central_push_success"], 0)
        XCTAssertGreaterThanOrEqual(try d.metrics()["recon_central_push_failures_total"] ?? 0, 1)
        XCTAssertGreaterThan(try d.metrics()["recon_last_success_timestamp_seconds"] ?? 0, 0, "the run itself succeeded")
        XCTAssertEqual(try d.metrics()["recon_runs_total{result=\"ok\"}"], 1)

        // PostgreSQL back; the next night's file: its run's push catches up with everything.
        try server.start()
        restarted = true
        try d.drop(later, bytes: Array(FileManager.default.contents(atPath: c.t.inbox + "/" + later)!))
        XCTAssertTrue(DaemonProcess.waitUntil(60) { d.stderr.contains("pushed to the central store") }, d.stderr)
        XCTAssertEqual(try c.db.owner("SELECT count(*) FROM county_payments WHERE county = '370406'"),
                       String(try Connection(path: d.database, readOnly: true).scalarInt("SELECT count(*) FROM payments_v1") ?? -1))
        XCTAssertEqual(try c.db.owner("SELECT count(*) FROM county_files WHERE name = '\(later)'"), "1")
        XCTAssertEqual(try d.metrics()["recon_central_push_success"], 1)
        XCTAssertEqual(try c.db.owner("SELECT string_agg(status, ',' ORDER BY started_at) FROM pushes_v1"), "ok")

        // A reload that changes [central] pushes at once (here: to a server that is not there).
        let text = try String(contentsOfFile: d.config, encoding: .utf8)
            .replacingOccurrences(of: "127.0.0.1:\(server.port)/", with: "127.0.0.1:1/")
        try text.write(toFile: d.config, atomically: true, encoding: .utf8)
        let failures = try d.metrics()["recon_central_push_failures_total"] ?? 0
        d.signal(SIGHUP)
        XCTAssertTrue(DaemonProcess.waitUntil(30) { ((try? d.metrics()["recon_central_push_failures_total"]) ?? 0) ?? 0 > failures })
        // The password is in no log line, metric or process title.
        let title = (try? String(contentsOfFile: "/proc/\(d.pid)/cmdline", encoding: .utf8)) ?? ""
        for text in [d.stderr, try d.get("/metrics").body, try d.get("/healthz").body, title] {
            XCTAssertFalse(text.contains(c.password))
        }
        d.signal(SIGTERM)
        XCTAssertEqual(d.waitForExit()?.status, 0)
    }
}
