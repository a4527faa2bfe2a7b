import Foundation
import ReconCore
import ReconTestSupport
import SQLiteStore
import XCTest

/// The review trail on the real tools: decisions recorded by `recon-report review` (one and in bulk)
/// form a hash chain that `recon-report verify-trail` finds intact, and whose edited, deleted, cut or
/// out-of-order entries it names — exit 1 — as an auditor with `sqlite3` could make them.
final class ReviewTrailTests: XCTestCase {
    func tool(_ name: String, _ args: [String]) throws -> ToolProcess.Result {
        try ToolProcess.run(ToolProcess.path(name), args)
    }

    /// A database with `n` decisions on the samples' findings (notes with markup and quotes); returns
    /// the subjects decided.
    func reviewed(_ t: TestInbox, decisions n: Int) throws -> [String] {
        try t.copySamples()
        XCTAssertEqual(try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database]).status, 0)
        let findings = try t.query("SELECT code, subject FROM findings_v1 ORDER BY code, subject LIMIT \(n)")
        XCTAssertEqual(findings.count, n)
        var subjects: [String] = []
        for (i, f) in findings.enumerated() {
            guard case .text(let code) = f[0], case .text(let subject) = f[1] else { continue }
            let r = try tool("recon-report", ["review", "--db", t.database, "--code", code, "--subject", subject,
                                              "--state", i % 2 == 0 ? "confirmed" : "已排除", "--reviewer", "审计局 李",
                                              "--note", "第 \(i) 条 <script>alert(1)</script> \"引号\""])
            XCTAssertEqual(r.status, 0, r.err)
            subjects.append(subject)
        }
        return subjects
    }

    /// Runs `sql` as someone with write access to the file would, the append-only guards dropped first.
    func tamper(_ t: TestInbox, _ sql: String) throws {
        let c = try Connection(path: t.database)
        try c.execute("DROP TRIGGER IF EXISTS reviews_append_only_update; DROP TRIGGER IF EXISTS reviews_append_only_delete;" + sql)
        c.close()
    }

    func verify(_ t: TestInbox) throws -> ToolProcess.Result { try tool("recon-report", ["verify-trail", "--db", t.database]) }

    func testAnIntactTrailIsOKAndEveryKindOfTamperingIsNamed() throws {
        let t = try TestInbox()
        _ = try reviewed(t, decisions: 5)
        var r = try verify(t)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("ok: 5 review decisions"), r.out)
        XCTAssertEqual(try t.int("SELECT count(*) FROM reviews_v1"), 5, "reviews_v1 keeps its columns and rows")

        // The guards refuse a change in place through SQL.
        let c = try Connection(path: t.database)
        XCTAssertThrowsError(try c.execute("UPDATE reviews SET note = 'x' WHERE id = 2")) { XCTAssertTrue("\($0)".contains("append-only"), "\($0)") }
        XCTAssertThrowsError(try c.execute("DELETE FROM reviews WHERE id = 2"))
        c.close()

        // An edited note.
        let pristine = try Data(contentsOf: URL(fileURLWithPath: t.database))
        func restore() throws {
            try pristine.write(to: URL(fileURLWithPath: t.database))
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: t.database + suffix) }
        }
        try tamper(t, "UPDATE reviews SET note = '没问题' WHERE id = 3")
        r = try verify(t)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("broken at entry #3") && r.err.contains("was changed after it was written"), r.err)

        // A deleted entry in the middle.
        try restore()
        XCTAssertEqual(try verify(t).status, 0)
        try tamper(t, "DELETE FROM reviews WHERE id = 2")
        r = try verify(t)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("entry #3 does not follow entry #1"), r.err)

        // The last entries cut off.
        try restore()
        try tamper(t, "DELETE FROM reviews WHERE id >= 4")
        r = try verify(t)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("the last 2 entries after entry #3 were deleted"), r.err)

        // An entry slipped in after the fact, chained onto entry #2 as if it had come next.
        try restore()
        try tamper(t, """
            INSERT INTO reviews(id, code, subject, state, reviewer, note, at, prev_hash, hash)
            SELECT 6, code, subject, 'dismissed', 'x', 'x', at, (SELECT hash FROM reviews WHERE id = 2), hash
            FROM reviews WHERE id = 3;
            """)
        r = try verify(t)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("entry #6 does not follow entry #5"), r.err)

        // Back to the real file: decisions added later chain on, and it is intact again.
        try restore()
        let more = try t.query("SELECT code, subject FROM findings_v1 ORDER BY code DESC, subject LIMIT 1")[0]
        guard case .text(let code) = more[0], case .text(let subject) = more[1] else { return XCTFail() }
        XCTAssertEqual(try tool("recon-report", ["review", "--db", t.database, "--code", code, "--subject", subject,
                                                 "--state", "escalated", "--reviewer", "x", "--note", "y"]).status, 0)
        r = try verify(t)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("ok: 6 review decisions"), r.out)
    }

    /// Decisions recorded under schema v5 (before the trail) are chained when recon first opens the
    /// database; a purge that removes old decisions seals the rest again.
    func testOlderDecisionsAreSealedAndAPurgeKeepsTheChainValid() throws {
        let t = try TestInbox()
        _ = try reviewed(t, decisions: 3)
        // As a v5 database had it: no hashes, no guards, no head.
        try tamper(t, """
            UPDATE reviews SET prev_hash = NULL, hash = NULL; DELETE FROM meta WHERE key = 'review_trail_head';
            DROP TABLE sessions; DROP TABLE users; DROP INDEX findings_list; DROP INDEX findings_amount;
            DROP INDEX findings_recent; DROP INDEX findings_person; PRAGMA user_version = 5;
            """)
        let c = try Connection(path: t.database)
        try c.execute("ALTER TABLE reviews DROP COLUMN prev_hash; ALTER TABLE reviews DROP COLUMN hash")
        c.close()
        XCTAssertEqual(try verify(t).status, 1, "reports never migrate: an older schema is refused")
        XCTAssertEqual(try tool("recond", ["run", "--once", "--inbox", t.inbox, "--db", t.database]).status, 0)
        var r = try verify(t)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("ok: 3 review decisions"), r.out)

        let purge = try tool("recond", ["purge", "--before", "2030", "--db", t.database])
        XCTAssertEqual(purge.status, 0, purge.err)
        r = try verify(t)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("ok: 0 review decisions"), r.out)
    }
}
