import Foundation
import ReconTestSupport
import XCTest
@testable import ReconCentral

/// libpq through `PGConnection`: text of every kind through COPY and back, bound parameters, and the
/// errors an operator sees — a wrong password, a server that is not there — none holding the password.
final class PGConnectionTests: XCTestCase {
    func database() throws -> CentralTestDatabase {
        guard let server = CentralTestServer.environment else { throw CentralTestError(message: CentralTestServer.missing) }
        let db = try server.freshDatabase()
        addTeardownBlock { db.drop() }
        return db
    }

    func testCopyCarriesAnyTextAndParametersAreBound() throws {
        let db = try database()
        let pg = try PGConnection(url: db.url, password: db.server.ownerPassword)
        try pg.execute("CREATE TABLE t(a text, b bigint, c jsonb)")
        let texts = ["tab\there", "line\nbreak", "back\\slash", "\\N", "", "中文 GBK 字段", "cr\rlf", "'); DROP TABLE t; --"]
        let n = try pg.copy(into: "t", columns: ["a", "b", "c"]) { w in
            for (i, s) in texts.enumerated() {
                w.add(s); w.add(Int64(i)); w.add("{\"note\": \"\(i)\\t\"}")
                try w.endRow()
            }
            w.add(nil as String?); w.add(nil as Int64?); w.add(nil as String?)
            try w.endRow()
        }
        XCTAssertEqual(n, texts.count + 1)
        let back = try pg.query("SELECT a, b, c->>'note' FROM t WHERE b IS NOT NULL ORDER BY b", [])
        XCTAssertEqual(back.map { $0[0] }, texts)
        XCTAssertEqual(back.map { $0[2] }, texts.indices.map { "\($0)\t" })
        XCTAssertEqual(try pg.query("SELECT count(*) FROM t WHERE a IS NULL AND b IS NULL AND c IS NULL", []), [["1"]])
        XCTAssertEqual(try pg.query("SELECT count(*) FROM t WHERE a = $1", ["'); DROP TABLE t; --"]), [["1"]])
        // A failing row ends the COPY with nothing taken.
        XCTAssertThrowsError(try pg.copy(into: "t", columns: ["a", "b", "c"]) { w in
            w.add("x"); w.add("not a number"); w.add("{}")
            try w.endRow()
        }) { e in XCTAssertTrue("\(e)".contains("bigint"), "\(e)") }
        XCTAssertEqual(try pg.query("SELECT count(*) FROM t", []), [["\(texts.count + 1)"]])
    }

    /// A push's connection bounds each statement: a stalled server cancels it instead of holding the
    /// county's read transaction for ever.
    func testAStatementTimeoutCancelsAStalledStatement() throws {
        let db = try database()
        let pg = try PGConnection(url: db.url, password: db.server.ownerPassword, statementTimeout: 1)
        XCTAssertEqual(try pg.query("SHOW statement_timeout", []), [["1s"]])
        XCTAssertThrowsError(try pg.execute("SELECT pg_sleep(3)")) { e in
            guard case CentralError.server(let state, _, _) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(state, "57014")
        }
        XCTAssertEqual(try pg.query("SELECT 1", []), [["1"]], "the connection stays usable")
    }

    func testAWrongPasswordAndAnAbsentServerAreClearAndNeverShowThePassword() throws {
        let db = try database()
        let secret = "wrong-secret-\(UUID().uuidString)"
        XCTAssertThrowsError(try PGConnection(url: db.url, password: secret)) { e in
            let text = "\(e)"
            XCTAssertTrue(text.contains("password authentication failed"), text)
            XCTAssertTrue(text.contains(db.url), text)
            XCTAssertFalse(text.contains(secret), text)
        }
        // A port nothing listens on.
        let closed = db.url.replacingOccurrences(of: ":\(db.server.port)/", with: ":1/")
        XCTAssertThrowsError(try PGConnection(url: closed, password: secret)) { e in
            let text = "\(e)"
            XCTAssertTrue(text.contains("cannot connect to the central store") && text.contains("refused"), text)
            XCTAssertFalse(text.contains(secret), text)
        }
    }

    func testMigrateTwiceThenCountyAddGivesARoleThatCanLogIn() throws {
        let db = try database()
        let store = CentralStore(try PGConnection(url: db.url, password: db.server.ownerPassword))
        XCTAssertThrowsError(try store.reconcile()) { e in XCTAssertTrue("\(e)".contains("recon-central migrate"), "\(e)") }
        XCTAssertEqual(try store.migrate(), CentralSQL.migrations.map(\.version))
        XCTAssertEqual(try store.migrate(), [], "nothing left to apply")
        try store.addCounty("370406", password: "county password 370406")
        try store.addCounty("370406", password: "county password 370406")  // again: harmless
        XCTAssertThrowsError(try store.addCounty("37040", password: "county password 370406"))
        XCTAssertThrowsError(try store.addCounty("370402", password: "short"))
        let county = try PGConnection(url: db.url(county: "370406"), password: "county password 370406")
        XCTAssertEqual(try county.query("SELECT current_user", []), [["recon_370406"]])
        // The password went to the server only as a SCRAM verifier.
        XCTAssertEqual(try db.owner("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE '%county password 370406%'"), "0")
    }
}
