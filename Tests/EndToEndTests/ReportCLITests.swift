import Foundation
import ReconCore
import XCTest
import ReconTestSupport

/// The two fixed recon-report invocations of CLI.md, as real processes over a real database.
final class ReportCLITests: XCTestCase {
    func tool(_ name: String, _ args: [String]) throws -> (status: Int32, out: String, err: String) {
        try Self.tool(name, args)
    }

    /// Runs one of the built executables (`recond`, `recon-report`) to its end: status, stdout, stderr.
    /// `limitFileBlocks` runs it under `ulimit -f` (512-byte blocks) with SIGXFSZ ignored, so that a
    /// write past the limit fails with EFBIG like a full disk.
    static func tool(_ name: String, _ args: [String], limitFileBlocks: Int? = nil) throws -> (status: Int32, out: String, err: String) {
        let path = ToolProcess.path(name)
        let r = try limitFileBlocks.map { blocks in
            try ToolProcess.run("/bin/sh", ["-c", "ulimit -f \(blocks) && trap '' XFSZ && exec \"$0\" \"$@\"", path] + args)
        } ?? ToolProcess.run(path, args)
        return (r.status, r.out, r.err)
    }

    func testFindingsJSONAndReview() throws {
        let t = try TestInbox()
        try t.copySamples()
        let run = try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database])
        XCTAssertEqual(run.status, 0, run.err)
        let open = try t.int("SELECT count(*) FROM findings_v1")
        XCTAssertGreaterThan(open, 0, "the samples hold late payments at least")

        let json = try tool("recon-report", ["findings", "--db", t.database, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.err)
        let array = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        XCTAssertEqual(array.count, open)
        let columns = ["code", "subject", "severity", "status", "year", "id_number", "insurance", "channel", "txn_ref",
                       "town_code", "village_code", "amount_fen", "detail", "first_seen_at", "last_seen_at",
                       "review_state", "review_note"]
        for key in columns { XCTAssertNotNil(array[0][key], "key \(key)") }

        let code = try XCTUnwrap(array[0]["code"] as? String)
        let subject = try XCTUnwrap(array[0]["subject"] as? String)
        let review = try tool("recon-report", ["review", "--db", t.database, "--code", code, "--subject", subject,
                                               "--state", "confirmed", "--reviewer", "审计局 李", "--note", "核实无误"])
        XCTAssertEqual(review.status, 0, review.err)
        XCTAssertEqual(try t.query("SELECT review_state, review_note FROM findings_v1 WHERE code = '\(code)' AND subject = '\(subject)'"),
                       [[.text("confirmed"), .text("核实无误")]])
        XCTAssertEqual(try t.query("SELECT code, subject, state, reviewer, note FROM reviews_v1"),
                       [[.text(code), .text(subject), .text("confirmed"), .text("审计局 李"), .text("核实无误")]])

        // A re-run keeps the decision.
        XCTAssertEqual(try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database]).status, 0)
        XCTAssertEqual(try t.query("SELECT review_state FROM findings_v1 WHERE code = '\(code)' AND subject = '\(subject)'"),
                       [[.text("confirmed")]])

        let missing = try tool("recon-report", ["review", "--db", t.database, "--code", "PAID_AFTER_DEATH",
                                                "--subject", "txn:wechat:NOPE", "--state", "dismissed",
                                                "--reviewer", "x", "--note", "y"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.err.contains("no finding with code PAID_AFTER_DEATH"), missing.err)
        let badState = try tool("recon-report", ["review", "--db", t.database, "--code", code, "--subject", subject,
                                                 "--state", "maybe", "--reviewer", "x", "--note", "y"])
        XCTAssertNotEqual(badState.status, 0)
        XCTAssertEqual(try t.int("SELECT count(*) FROM reviews_v1"), 1)
    }

    func testRunExitCodes() throws {
        let t = try TestInbox()
        XCTAssertNotEqual(try tool("recond", ["run", "--once", "--inbox", t.inbox]).status, 0, "usage error")
        try Data("not a database at all, just text".utf8).write(to: URL(fileURLWithPath: t.database))
        let foreign = try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database])
        XCTAssertEqual(foreign.status, 1)
        XCTAssertTrue(foreign.err.contains("is not a SQLite database"), foreign.err)
        let badConfig = t.root + "/bad.toml"
        try "listen = \"nowhere\"\n".write(toFile: badConfig, atomically: true, encoding: .utf8)
        let config = try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.root + "/ok.sqlite", "--config", badConfig])
        XCTAssertEqual(config.status, 2)
        XCTAssertTrue(config.err.contains("line 1: listen"), config.err)
    }

    /// A rejected line's raw text is the sender's: in the CSV a spreadsheet opens, a leading `-`, `=`, `+`,
    /// `@`, tab or CR cannot run as a formula (OWASP's list), and the file is owner-only.
    func testRejectedLinesCannotRunAsFormulasInTheCSV() throws {
        let t = try TestInbox()
        let bad = ["-2+3+cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\")", "@SUM(1)", "+1+1", "\tx,y"]
        try t.write("jinsan_ledger_20240110.csv.gz", lines: LedgerFixture.file(1, extra: bad))
        let run = try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database])
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssertEqual(try t.int("SELECT count(*) FROM rejects_v1"), bad.count)
        let out = t.root + "/nightly.csv"
        let report = try tool("recon-report", ["nightly", "--db", t.database, "--format", "csv", "--out", out])
        XCTAssertEqual(report.status, 0, report.err)
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        for raw in bad {
            let cell = raw.contains(",") || raw.contains("\"") ? "\"'" + raw.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : "'" + raw
            XCTAssertTrue(csv.contains("," + cell + "\r\n") || csv.contains("," + cell + ","), "\(raw) in \(csv)")
        }
        var st = stat()
        XCTAssertEqual(stat(out, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
    }

    /// `--config` gives the reports the configuration's policies whole: inline `[[policy]]` tables and
    /// the years loaded from `policy_files`.
    func testReportsReadThePoliciesOfPolicyFiles() throws {
        let t = try TestInbox()
        try t.copySamples()
        XCTAssertEqual(try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database]).status, 0)
        try """
            year = 2025
            based_on = 2024
            window_start = 2024-10-01T00:00:00
            window_end = 2024-12-31T23:59:59
            refunds_until = 2024-12-31
            age_reference_day = 2025-01-01
            """.write(toFile: t.root + "/policy-2025.toml", atomically: true, encoding: .utf8)
        try "database = \"recon.sqlite\"\npolicy_files = [\"policy-2025.toml\"]\n"
            .write(toFile: t.root + "/recond.toml", atomically: true, encoding: .utf8)
        let withFile = try tool("recon-report", ["subsidy", "--db", t.database, "--config", t.root + "/recond.toml", "--year", "2025"])
        XCTAssertFalse(withFile.err.contains("no policy for coverage year 2025"), withFile.err)
        let without = try tool("recon-report", ["subsidy", "--db", t.database, "--year", "2025"])
        XCTAssertTrue(without.err.contains("no policy for coverage year 2025"), without.err)
    }
}
