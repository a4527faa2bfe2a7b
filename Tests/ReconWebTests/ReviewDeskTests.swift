import Foundation
import Hummingbird
import HummingbirdTesting
import ReconAuth
import ReconCore
import ReconReports
import ReconTestSupport
import SQLiteStore
import HTTPTypes
import XCTest
@testable import ReconWeb

/// The review desk's routes in process (hummingbird's testing library, requests straight to the
/// router) over a real database of the samples: logins, sessions, roles, CSRF, reviews, conflicts.
final class ReviewDeskTests: XCTestCase {
    /// The samples reconciled, with an auditor, a tax clerk and a viewer.
    func world() throws -> TestInbox {
        let t = try TestInbox()
        try t.copySamples()
        let store = try Store(path: t.database)
        _ = try ReconcileRun(store: store).run(ingest: try Ingestor(store: store).ingest(directory: t.inbox))
        let book = AccountBook(store: store)
        try book.add("李审计", role: .auditor, password: "auditor password")
        try book.add("tax", role: .tax, password: "tax clerk password")
        try book.add("viewer", role: .viewer, password: "viewer password")
        try book.add("guest", role: .viewer, password: "guest password")
        return t
    }

    /// Logs in through the form as a browser would; returns the session cookie and the CSRF token.
    static func login(_ client: some TestClientProtocol, _ name: String, _ password: String) async throws -> (cookie: String, csrf: String) {
        let page = try await client.execute(uri: "/login", method: .get)
        let loginToken = try XCTUnwrap(Self.cookie(page, "recon_login"))
        let body = "csrf=\(loginToken)&username=\(FormFields.encode(name))&password=\(FormFields.encode(password))"
        let r = try await client.execute(uri: "/login", method: .post, headers: Self.form(cookie: "recon_login=\(loginToken)"),
                                         body: ByteBuffer(string: body))
        XCTAssertEqual(r.status, .found, String(buffer: r.body))
        let session = try XCTUnwrap(Self.cookie(r, "recon_session"))
        let list = try await client.execute(uri: "/findings", method: .get, headers: [.cookie: "recon_session=\(session)"])
        let html = String(buffer: list.body)
        let csrf = try XCTUnwrap(html.range(of: #"name="csrf" value="[0-9a-f]+""#, options: .regularExpression)
            .map { String(html[$0].dropFirst(19).dropLast()) })
        return (session, csrf)
    }

    static func text(_ v: SQLValue) -> String { if case .text(let s) = v { return s } else { return "" } }

    static func int(_ db: String, _ sql: String) throws -> Int {
        Int(try Connection(path: db, readOnly: true).scalarInt(sql) ?? -1)
    }

    static func query(_ db: String, _ sql: String) throws -> [[SQLValue]] {
        try Connection(path: db, readOnly: true).prepare(sql, persistent: false).query()
    }

    static func cookie(_ r: TestResponse, _ name: String) -> String? {
        for field in r.headers[values: .setCookie] where field.hasPrefix(name + "=") {
            return String(field.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    static func form(cookie: String) -> HTTPFields {
        [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
    }

    func testWithoutASessionEverythingGoesToTheLogin() async throws {
        let t = try world()
        let app = try ReviewDesk(database: t.database).application(host: "127.0.0.1", port: 0)
        try await app.test(.router) { client in
            for path in ["/", "/findings", "/findings/LATE_PAYMENT/x"] {
                let r = try await client.execute(uri: path, method: .get)
                XCTAssertEqual(r.status, .found, path)
                XCTAssertEqual(r.headers[.location], "/login", path)
            }
            let post = try await client.execute(uri: "/review", method: .post, headers: Self.form(cookie: ""), body: ByteBuffer(string: "a=b"))
            XCTAssertEqual(post.status, .unauthorized)
            // A forged session cookie is no session.
            let forged = try await client.execute(uri: "/findings", method: .get, headers: [.cookie: "recon_session=" + String(repeating: "a", count: 64)])
            XCTAssertEqual(forged.headers[.location], "/login")
            // Behind a TLS proxy the cookies are Secure (on plain HTTP to loopback a browser would drop them).
            let login = try await client.execute(uri: "/login", method: .get, headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            XCTAssertEqual(login.status, .ok)
            let html = String(buffer: login.body)
            XCTAssertTrue(html.contains("name=\"username\"") && html.contains("type=\"password\""))
            let set = login.headers[values: .setCookie].joined(separator: "; ").lowercased()
            XCTAssertTrue(set.contains("httponly") && set.contains("secure") && set.contains("samesite=strict"), set)
        }
    }

    func testAnAuditorReviewsOneAndManyOthersReadAndViewersSeeMaskedData() async throws {
        let t = try world()
        let clock = Clock()
        let app = try ReviewDesk(database: t.database, clock: { clock.now }).application(host: "127.0.0.1", port: 0)
        let findings = try t.query("SELECT code, subject, id_number FROM findings_v1 WHERE id_number <> '' ORDER BY code, subject")
        XCTAssertGreaterThan(findings.count, 6)
        let (code, subject, id) = (Self.text(findings[0][0]), Self.text(findings[0][1]), Self.text(findings[0][2]))
        let page = "/findings/\(FormFields.encode(code))/\(FormFields.encode(subject))"
        let picks = findings.dropFirst().prefix(5).map { FormFields.encode(Self.text($0[0]) + "\u{1F}" + Self.text($0[1])) }
        let db = t.database
        try await app.test(.router) { client in
            // Wrong passwords: refused, and locked after five.
            for i in 1...5 {
                let form = try await client.execute(uri: "/login", method: .get)
                let token = try XCTUnwrap(Self.cookie(form, "recon_login"))
                let r = try await client.execute(uri: "/login", method: .post, headers: Self.form(cookie: "recon_login=\(token)"),
                                                 body: ByteBuffer(string: "csrf=\(token)&username=guest&password=wrong"))
                XCTAssertEqual(r.status, .unauthorized)
                XCTAssertTrue(String(buffer: r.body).contains(i < 5 ? "用户名或密码错误" : "账户已锁定"), "attempt \(i)")
            }
            // A login posted without the page's token (from another site) is refused.
            let crossSite = try await client.execute(uri: "/login", method: .post, headers: Self.form(cookie: ""),
                                                     body: ByteBuffer(string: "username=李审计&password=auditor%20password"))
            XCTAssertEqual(crossSite.status, .forbidden)

            let auditor = try await Self.login(client, "李审计", "auditor password")
            let list = try await client.execute(uri: "/findings?severity=high", method: .get, headers: [.cookie: "recon_session=\(auditor.cookie)"])
            XCTAssertEqual(list.status, .ok)
            XCTAssertTrue(String(buffer: list.body).contains("发现清单"))
            // SQL in every filter field is a value like any other.
            let hostile = FormFields.encode("'); DROP TABLE findings; --")
            let sql = try await client.execute(uri: "/findings?code=\(hostile)&town=\(hostile)&text=\(hostile)&from=\(hostile)",
                                               method: .get, headers: [.cookie: "recon_session=\(auditor.cookie)"])
            XCTAssertEqual(sql.status, .ok)
            XCTAssertTrue(String(buffer: sql.body).contains("共 0 条"))
            XCTAssertGreaterThan(try Self.int(db, "SELECT count(*) FROM findings"), 0)

            // The finding's page: its evidence in words, and the decision form.
            let detail = try await client.execute(uri: page, method: .get, headers: [.cookie: "recon_session=\(auditor.cookie)"])
            XCTAssertEqual(detail.status, .ok)
            let html = String(buffer: detail.body)
            XCTAssertTrue(html.contains("证据") && html.contains(id) && html.contains("name=\"seen\" value=\"0\""), html)

            // Without the CSRF token: refused, nothing recorded.
            let noToken = try await client.execute(uri: "/review", method: .post, headers: Self.form(cookie: "recon_session=\(auditor.cookie)"),
                                                   body: ByteBuffer(string: "code=\(FormFields.encode(code))&subject=\(FormFields.encode(subject))&state=confirmed&note=x"))
            XCTAssertEqual(noToken.status, .forbidden)
            XCTAssertEqual(try Self.int(db, "SELECT count(*) FROM reviews_v1"), 0)

            let note = "<script>alert(1)</script> \"已核实\""
            let body = "csrf=\(auditor.csrf)&code=\(FormFields.encode(code))&subject=\(FormFields.encode(subject))&seen=0&state=confirmed&note=\(FormFields.encode(note))"
            let review = try await client.execute(uri: "/review", method: .post, headers: Self.form(cookie: "recon_session=\(auditor.cookie)"),
                                                  body: ByteBuffer(string: body))
            XCTAssertEqual(review.status, .seeOther, String(buffer: review.body))
            XCTAssertEqual(try Self.query(db, "SELECT state, reviewer, note FROM reviews_v1"), [[.text("confirmed"), .text("李审计"), .text(note)]])
            let after = String(buffer: try await client.execute(uri: page, method: .get, headers: [.cookie: "recon_session=\(auditor.cookie)"]).body)
            XCTAssertFalse(after.contains("<script>alert(1)</script>"), "the note is shown as text")
            XCTAssertTrue(after.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

            // A second reviewer who opened the page before that decision sees it, and nothing is overwritten.
            let stale = try await client.execute(uri: "/review", method: .post, headers: Self.form(cookie: "recon_session=\(auditor.cookie)"),
                                                 body: ByteBuffer(string: body.replacingOccurrences(of: "state=confirmed", with: "state=dismissed")))
            XCTAssertEqual(stale.status, .conflict)
            XCTAssertTrue(String(buffer: stale.body).contains("李审计 已于"), String(buffer: stale.body))
            XCTAssertEqual(try Self.int(db, "SELECT count(*) FROM reviews_v1"), 1)

            // Bulk: five ticked findings at once.
            let five = picks
            let bulk = try await client.execute(uri: "/findings/review", method: .post, headers: Self.form(cookie: "recon_session=\(auditor.cookie)"),
                                                body: ByteBuffer(string: "csrf=\(auditor.csrf)&state=escalated&note=批量上报&" + five.map { "finding=\($0)" }.joined(separator: "&")))
            XCTAssertEqual(bulk.status, .ok)
            XCTAssertTrue(String(buffer: bulk.body).contains("已审核 5 条发现"))
            XCTAssertEqual(try Self.int(db, "SELECT count(*) FROM reviews_v1 WHERE state = 'escalated'"), 5)
            XCTAssertNil(try ReviewTrail.verify(try Store(path: db).db).broken, "the chain holds")

            // A tax clerk reads but may not decide.
            let tax = try await Self.login(client, "tax", "tax clerk password")
            let taxPage = try await client.execute(uri: page, method: .get, headers: [.cookie: "recon_session=\(tax.cookie)"])
            XCTAssertEqual(taxPage.status, .ok)
            let forbidden = try await client.execute(uri: "/review", method: .post, headers: Self.form(cookie: "recon_session=\(tax.cookie)"),
                                                     body: ByteBuffer(string: body.replacingOccurrences(of: auditor.csrf, with: tax.csrf)))
            XCTAssertEqual(forbidden.status, .forbidden)

            // A viewer sees masked ID numbers only.
            let viewer = try await Self.login(client, "viewer", "viewer password")
            let masked = String(buffer: try await client.execute(uri: "/findings", method: .get, headers: [.cookie: "recon_session=\(viewer.cookie)"]).body)
            XCTAssertFalse(masked.contains(id), "a full ID number on a viewer's page")
            XCTAssertTrue(masked.contains(Mask.idNumber(id)))
            let maskedDetail = String(buffer: try await client.execute(uri: page, method: .get, headers: [.cookie: "recon_session=\(viewer.cookie)"]).body)
            XCTAssertFalse(maskedDetail.contains(id))

            // Unknown findings: 404. A 10 MB form: refused before it is read.
            let unknown = try await client.execute(uri: "/findings/NO_SUCH/x", method: .get, headers: [.cookie: "recon_session=\(auditor.cookie)"])
            XCTAssertEqual(unknown.status, .notFound)
            let big = try await client.execute(uri: "/review", method: .post, headers: Self.form(cookie: "recon_session=\(auditor.cookie)"),
                                               body: ByteBuffer(repeating: UInt8(ascii: "a"), count: 10 << 20))
            XCTAssertEqual(big.status, .contentTooLarge)

            // Logging out ends the session; a session also ends after eight hours.
            let out = try await client.execute(uri: "/logout", method: .post, headers: Self.form(cookie: "recon_session=\(tax.cookie)"),
                                               body: ByteBuffer(string: "csrf=\(tax.csrf)"))
            XCTAssertEqual(out.status, .found)
            let ended = try await client.execute(uri: "/findings", method: .get, headers: [.cookie: "recon_session=\(tax.cookie)"])
            XCTAssertEqual(ended.headers[.location], "/login")
            clock.now += 8 * 3600 + 1
            let expired = try await client.execute(uri: "/findings", method: .get, headers: [.cookie: "recon_session=\(auditor.cookie)"])
            XCTAssertEqual(expired.headers[.location], "/login")
        }
    }

    /// The report pages: the same figures as `recon-report`, in the desk's shell; viewers do not see
    /// the nightly page (rejected lines as received) but do see the aggregates.
    func testReportPagesShowTheReportsAndRespectRoles() async throws {
        let t = try world()
        let app = try ReviewDesk(database: t.database).application(host: "127.0.0.1", port: 0)
        try await app.test(.router) { client in
            let auditor = try await Self.login(client, "李审计", "auditor password")
            for (path, title) in [("/tonight", "每日对账报告"), ("/balance", "钱表相符"), ("/subsidy", "财政补助核算"), ("/coverage", "参保缴费进度")] {
                let r = try await client.execute(uri: path, method: .get, headers: [.cookie: "recon_session=\(auditor.cookie)"])
                XCTAssertEqual(r.status, .ok, path)
                let html = String(buffer: r.body)
                XCTAssertTrue(html.contains(title) && html.contains("<table"), path)
                XCTAssertTrue(html.contains("href=\"/findings\""), "\(path) in the desk's shell")
            }
            let viewer = try await Self.login(client, "viewer", "viewer password")
            let nightly = try await client.execute(uri: "/tonight", method: .get, headers: [.cookie: "recon_session=\(viewer.cookie)"])
            XCTAssertEqual(nightly.status, .forbidden)
            let coverage = try await client.execute(uri: "/coverage", method: .get, headers: [.cookie: "recon_session=\(viewer.cookie)"])
            XCTAssertEqual(coverage.status, .ok)
            let anonymous = try await client.execute(uri: "/balance", method: .get)
            XCTAssertEqual(anonymous.headers[.location], "/login")

            // The filter exported: the review CSV (Chinese headers, BOM) and a real XLSX; not for viewers.
            let csv = try await client.execute(uri: "/export/findings.csv?severity=info", method: .get,
                                               headers: [.cookie: "recon_session=\(auditor.cookie)"])
            XCTAssertEqual(csv.status, .ok)
            let text = String(buffer: csv.body)
            XCTAssertTrue(text.hasPrefix("\u{FEFF}代码,含义,"), String(text.prefix(40)))
            XCTAssertTrue(text.contains("LATE_PAYMENT") && !text.contains("NOT_ENROLLED,"), "info findings only")
            XCTAssertEqual(csv.headers[.contentDisposition], "attachment; filename=\"findings.csv\"")
            let xlsx = try await client.execute(uri: "/export/findings.xlsx", method: .get, headers: [.cookie: "recon_session=\(auditor.cookie)"])
            XCTAssertEqual(xlsx.status, .ok)
            XCTAssertEqual(Array(xlsx.body.readableBytesView.prefix(2)), [0x50, 0x4B], "a zip file")
            let masked = try await client.execute(uri: "/export/findings.csv", method: .get, headers: [.cookie: "recon_session=\(viewer.cookie)"])
            XCTAssertEqual(masked.status, .forbidden)
        }
    }

    /// Admins manage the accounts on the web as `recond user` does; every other role gets 403, every
    /// change needs the CSRF token, a disabled account or a new password ends the open sessions.
    func testAdminsManageAccountsAndNobodyElseMay() async throws {
        let t = try world()
        try AccountBook(store: try Store(path: t.database)).add("admin", role: .admin, password: "admin password")
        let app = try ReviewDesk(database: t.database).application(host: "127.0.0.1", port: 0)
        let db = t.database
        try await app.test(.router) { client in
            let admin = try await Self.login(client, "admin", "admin password")
            let auditor = try await Self.login(client, "李审计", "auditor password")
            func post(_ path: String, _ body: String, as s: (cookie: String, csrf: String)) async throws -> TestResponse {
                try await client.execute(uri: path, method: .post, headers: Self.form(cookie: "recon_session=\(s.cookie)"),
                                         body: ByteBuffer(string: "csrf=\(s.csrf)&" + body))
            }
            let page = try await client.execute(uri: "/accounts", method: .get, headers: [.cookie: "recon_session=\(admin.cookie)"])
            XCTAssertEqual(page.status, .ok)
            let html = String(buffer: page.body)
            XCTAssertTrue(html.contains("李审计") && html.contains("只读") && html.contains("href=\"/accounts\""), html)
            let notAdmin = try await client.execute(uri: "/accounts", method: .get, headers: [.cookie: "recon_session=\(auditor.cookie)"])
            XCTAssertEqual(notAdmin.status, .forbidden)
            let auditorList = try await client.execute(uri: "/findings", method: .get, headers: [.cookie: "recon_session=\(auditor.cookie)"])
            XCTAssertFalse(String(buffer: auditorList.body).contains("href=\"/accounts\""))
            let r1 = try await post("/accounts", "name=x&role=tax&password=long%20enough%201", as: auditor)
            XCTAssertEqual(r1.status, .forbidden)

            // Added, with a name that is markup and a role that does not exist refused.
            let added = try await post("/accounts", "name=\(FormFields.encode("<b>财政</b>"))&role=finance&password=finance%20password", as: admin)
            XCTAssertEqual(added.status, .ok)
            XCTAssertTrue(String(buffer: added.body).contains("&lt;b&gt;财政&lt;/b&gt;"))
            XCTAssertEqual(try Self.query(db, "SELECT role FROM users WHERE name = '<b>财政</b>'"), [[.text("finance")]])
            let r2 = try await post("/accounts", "name=y&role=root&password=long%20enough%201", as: admin)
            XCTAssertEqual(r2.status, .badRequest)
            let weak = try await post("/accounts", "name=y&role=tax&password=short", as: admin)
            XCTAssertEqual(weak.status, .badRequest)
            XCTAssertTrue(String(buffer: weak.body).contains("密码太短"))
            let noToken = try await client.execute(uri: "/accounts", method: .post, headers: Self.form(cookie: "recon_session=\(admin.cookie)"),
                                                   body: ByteBuffer(string: "name=z&role=tax&password=long%20enough%201"))
            XCTAssertEqual(noToken.status, .forbidden)
            XCTAssertEqual(try Self.int(db, "SELECT count(*) FROM users WHERE name IN ('y', 'z')"), 0)
            let finance = try await Self.login(client, "<b>财政</b>", "finance password")

            // Disabled: the open session ends and the login is refused; enabled again: back in.
            let r3 = try await post("/accounts/disable", "name=\(FormFields.encode("<b>财政</b>"))", as: admin)
            XCTAssertEqual(r3.status, .ok)
            let ended = try await client.execute(uri: "/findings", method: .get, headers: [.cookie: "recon_session=\(finance.cookie)"])
            XCTAssertEqual(ended.headers[.location], "/login")
            let r4 = try await post("/accounts/enable", "name=\(FormFields.encode("<b>财政</b>"))", as: admin)
            XCTAssertEqual(r4.status, .ok)
            _ = try await Self.login(client, "<b>财政</b>", "finance password")
            // A new password ends the sessions opened with the old one.
            let r5 = try await post("/accounts/password", "name=\(FormFields.encode("李审计"))&password=new%20auditor%20password", as: admin)
            XCTAssertEqual(r5.status, .ok)
            let old = try await client.execute(uri: "/findings", method: .get, headers: [.cookie: "recon_session=\(auditor.cookie)"])
            XCTAssertEqual(old.headers[.location], "/login")
            _ = try await Self.login(client, "李审计", "new auditor password")
            // An admin cannot lock themselves out.
            let r6 = try await post("/accounts/disable", "name=admin", as: admin)
            XCTAssertEqual(r6.status, .badRequest)
            XCTAssertEqual(try Self.int(db, "SELECT disabled FROM users WHERE name = 'admin'"), 0)
        }
    }

    /// The list sorts by money at stake and by the newest first found; *Tonight* draws the season by day.
    func testTheListSortsAndTonightDrawsTheSeason() async throws {
        let t = try world()
        let app = try ReviewDesk(database: t.database).application(host: "127.0.0.1", port: 0)
        try await app.test(.router) { client in
            let auditor = try await Self.login(client, "李审计", "auditor password")
            let sorted = String(buffer: try await client.execute(uri: "/findings?sort=amount", method: .get,
                                                                 headers: [.cookie: "recon_session=\(auditor.cookie)"]).body)
            XCTAssertTrue(sorted.contains("<option value=\"amount\" selected>金额从大到小</option>"))
            let amounts = sorted.components(separatedBy: "<td class=\"num\">").dropFirst().map { cell -> Double in
                Double(cell.prefix { $0 != "<" }.replacingOccurrences(of: ",", with: "")) ?? 0
            }
            XCTAssertGreaterThan(amounts.count, 5)
            XCTAssertEqual(amounts, amounts.sorted(by: >))
            XCTAssertGreaterThan(amounts.first ?? 0, amounts.last ?? 0)
            let tonight = String(buffer: try await client.execute(uri: "/tonight", method: .get,
                                                                  headers: [.cookie: "recon_session=\(auditor.cookie)"]).body)
            XCTAssertTrue(tonight.contains("本季收款（按日）") && tonight.contains("<figure class=\"chart columns\">"), tonight)
        }
    }

    /// The subsidy and coverage pages use the configuration's policies (the daemon's, or `serve --config`).
    func testTheFinancePagesUseTheConfiguredPolicies() async throws {
        let t = try world()
        var later = Policy.y2024
        later.year = 2031
        for (policies, year) in [(PolicySet.builtin, 2024), (PolicySet.builtin.adding(later), 2031)] {
            let app = try ReviewDesk(database: t.database, policies: policies).application(host: "127.0.0.1", port: 0)
            try await app.test(.router) { client in
                let tax = try await Self.login(client, "tax", "tax clerk password")
                let r = try await client.execute(uri: "/subsidy", method: .get, headers: [.cookie: "recon_session=\(tax.cookie)"])
                XCTAssertTrue(String(buffer: r.body).contains("\(year)"), "\(year): \(String(buffer: r.body))")
                XCTAssertEqual(r.status, year == 2024 ? .ok : .serviceUnavailable, "no summaries of \(year)")
            }
        }
    }

    /// Every page of the desk as Chromium draws it (`Tests/Support/page_check.py` over the pages saved
    /// as files): no character drawn as a missing glyph, no chart text outside its chart.
    func testEveryDeskPageShowsEveryGlyph() async throws {
        guard let python = TestPython.path else {
            return XCTFail("no Python with selenium: run scripts/test.sh, which makes .build/openpyxl-venv")
        }
        let t = try world()
        try AccountBook(store: try Store(path: t.database)).add("admin", role: .admin, password: "admin password")
        let app = try ReviewDesk(database: t.database).application(host: "127.0.0.1", port: 0)
        let folder = t.root
        let finding = try XCTUnwrap(try t.query("SELECT code, subject FROM findings_v1 ORDER BY code LIMIT 1").first)
        let findingPage = "/findings/\(FormFields.encode(Self.text(finding[0])))/\(FormFields.encode(Self.text(finding[1])))"
        let saved = try await app.test(.router) { client -> [String] in
            let auditor = try await Self.login(client, "李审计", "auditor password")
            var files: [String] = []
            let admin = try await Self.login(client, "admin", "admin password")
            for (i, path) in ["/findings", findingPage, "/tonight", "/balance", "/subsidy", "/coverage", "/accounts"].enumerated() {
                let session = path == "/accounts" ? admin : auditor
                let r = try await client.execute(uri: path, method: .get, headers: [.cookie: "recon_session=\(session.cookie)"])
                XCTAssertEqual(r.status, .ok, path)
                let file = folder + "/desk-\(i).html"
                try Data(String(buffer: r.body).utf8).write(to: URL(fileURLWithPath: file))
                files.append(file)
            }
            return files
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/page_check.py").path
        let r = try ToolProcess.run(python, [script] + saved)
        XCTAssertEqual(r.status, 0, r.err)
        let results = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: [String: Any]])
        for page in saved {
            let p = try XCTUnwrap(results[page], page)
            XCTAssertEqual(p["tofu"] as? [String], [], page)
            XCTAssertEqual(p["clipped"] as? [String], [], page)
            XCTAssertGreaterThan(p["chars"] as? Int ?? 0, 10, page)
        }
    }
}

/// A clock the test moves.
final class Clock: @unchecked Sendable {
    private let lock = NSLock()
    private var value = Int64(Date().timeIntervalSince1970)
    var now: Int64 {
        get { lock.lock(); defer { lock.unlock() }; return value }
        set { lock.lock(); value = newValue; lock.unlock() }
    }
}
