import Foundation
import Hummingbird
import Logging
import ReconAuth
import ReconCore
import ReconReports
import HTTPTypes
import SQLiteStore

/// The review desk: server-rendered pages for the audit bureau, the tax office and finance, on
/// hummingbird. Every request is authorised on the server: without a session every page but the
/// login redirects to `/login`; every form that changes something carries the session's CSRF token;
/// auditors decide, the other roles read, viewers read masked data.
///
/// Addresses (CLI.md): `GET /` → `/login` or `/findings`; `GET|POST /login`; `POST /logout`;
/// `GET /findings` (filters, pages); `GET /findings/{code}/{subject}` (subject percent-encoded);
/// `POST /review` (one decision); `POST /findings/review` (the ticked findings).
public struct ReviewDesk: Sendable {
    let store: DeskStore
    /// The policies of the subsidy and coverage pages: the configuration's (`[[policy]]`, `policy_files`).
    let policies: PolicySet
    /// Unix seconds now (tests move the clock).
    let clock: @Sendable () -> Int64

    public init(database: String, policies: PolicySet = .builtin,
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) throws {
        store = try DeskStore(path: database)
        self.policies = policies
        self.clock = clock
    }

    /// The application listening on `host:port`; `onRunning` gets the port bound.
    public func application(host: String, port: Int, logger: Logger = Logger(label: "recon-desk"),
                            onRunning: @escaping @Sendable (Int) -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "recon"),
                    onServerRunning: { channel in onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    func router() -> Router<DeskContext> {
        let router = Router(context: DeskContext.self)
        router.middlewares.add(SessionMiddleware(desk: self))
        router.get("/") { _, context -> Response in
            .redirect(to: context.account == nil ? "/login" : "/findings", type: .found)
        }
        router.get("/login") { request, _ -> Response in
            // The browser's token while it lasts: a second page load (another tab, a redirected favicon
            // request) must not invalidate the form already shown.
            let kept = request.cookies["recon_login"]?.value ?? ""
            let token = kept.count == 32 && kept.allSatisfy(\.isHexDigit) ? kept : PasswordHash.randomHex(16)
            var r = Self.html(LoginPage.render(token: token))
            r.setCookie(Self.cookie("recon_login", token, maxAge: 600, for: request))
            return r
        }
        router.post("/login") { request, context in try await self.login(request, context) }
        router.post("/logout") { request, context in try await self.logout(request, context) }
        router.get("/findings") { request, context in try self.findings(request, context, message: nil) }
        router.get("/findings/**") { request, context in try self.finding(request, context) }
        router.post("/review") { request, context in try await self.review(request, context) }
        router.get("/export/findings.csv") { request, context in try self.export(request, context, xlsx: false) }
        router.get("/export/findings.xlsx") { request, context in try self.export(request, context, xlsx: true) }
        for page in ReportPage.allCases {
            router.get(RouterPath(stringLiteral: "/" + page.rawValue)) { _, context in try self.reportPage(page, context) }
        }
        router.post("/findings/review") { request, context in try await self.bulkReview(request, context) }
        addAccountRoutes(router)
        return router
    }

    // MARK: handlers

    func login(_ request: Request, _ context: DeskContext) async throws -> Response {
        let form = try await Self.form(request, context)
        guard let sent = form["csrf"], sent == request.cookies["recon_login"]?.value else {
            return Self.html(LoginPage.render(token: PasswordHash.randomHex(16), message: "页面已过期，请重新登录"), status: .forbidden)
        }
        let name = form["username"] ?? "", password = form.all("password").first ?? ""
        let outcome = try store.with { try AccountBook(store: $0).login(name, password, now: clock()) }
        let message: String
        switch outcome {
        case .accepted(let account):
            let session = try store.with { try SessionStore.open($0.db, account: account.name, now: clock()) }
            var r = Response.redirect(to: "/findings", type: .found)
            r.setCookie(Self.cookie(SessionStore.cookie, session.token, maxAge: Int(SessionStore.lifetime), for: request))
            return r
        case .refused: message = "用户名或密码错误"
        case .locked(let until): message = "连续登录失败次数过多，账户已锁定至 \(until)"
        case .disabled: message = "账户已停用"
        }
        return Self.html(LoginPage.render(token: sent, message: message), status: .unauthorized)
    }

    func logout(_ request: Request, _ context: DeskContext) async throws -> Response {
        let account = try Self.require(context)
        try await Self.checkCSRF(request, context, account)
        if let token = request.cookies[SessionStore.cookie]?.value { try store.with { try SessionStore.close($0.db, token: token) } }
        var r = Response.redirect(to: "/login", type: .found)
        r.setCookie(Self.cookie(SessionStore.cookie, "", maxAge: 0, for: request))
        return r
    }

    func findings(_ request: Request, _ context: DeskContext, message: String?) throws -> Response {
        let account = try Self.require(context)
        let query = FormFields(Substring(request.uri.query ?? ""))
        let filter = FindingsPage.filter(query)
        let page = max(1, Int(query["page"] ?? "") ?? 1)
        let (rows, total, exact) = try store.with { s in
            try FindingsExport(db: s.db).page(filter, size: FindingsPage.pageSize, offset: (page - 1) * FindingsPage.pageSize)
        }
        return Self.html(FindingsPage.render(account: account, query: query, rows: rows, total: total, exact: exact, page: page, message: message))
    }

    func finding(_ request: Request, _ context: DeskContext) throws -> Response {
        let account = try Self.require(context)
        // The raw path, so a subject with '/' (percent-encoded) stays one subject.
        let parts = request.uri.path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[1] == "findings" else { throw HTTPError(.notFound) }
        let code = FormFields.decode(parts[2]), subject = FormFields.decode(parts[3])
        guard let data = try store.finding(code: code, subject: subject) else { throw HTTPError(.notFound, message: "没有这条发现") }
        return Self.html(FindingPage.render(account: account, data: data))
    }

    /// The filtered list as the findings report's CSV (the sheet `review --from-csv` reads back) or
    /// XLSX. Viewers, who see masked data only, get no export.
    func export(_ request: Request, _ context: DeskContext, xlsx: Bool) throws -> Response {
        let account = try Self.require(context)
        guard !account.seesMasked else { throw HTTPError(.forbidden, message: "只读账户不能导出") }
        let filter = FindingsPage.filter(FormFields(Substring(request.uri.query ?? "")))
        let report = try FindingsReport(filter: filter, listOnly: !xlsx).run(on: try ReportDatabase(path: store.store.path))
        var bytes: [UInt8]
        if xlsx {
            let temp = NSTemporaryDirectory() + "/recon-export-\(PasswordHash.randomHex(8)).xlsx"
            defer { unlink(temp) }
            try XLSXRenderer().write(report, to: temp)
            bytes = Array(FileManager.default.contents(atPath: temp) ?? Data())
        } else {
            bytes = Array(CSVRenderer().render(report).utf8)
        }
        var headers = HTTPFields()
        headers[.contentType] = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"findings.\(xlsx ? "xlsx" : "csv")\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func reportPage(_ page: ReportPage, _ context: DeskContext) throws -> Response {
        let account = try Self.require(context)
        guard page.allows(account.role) else { throw HTTPError(.forbidden, message: "此账户不能查看这一页") }
        do {
            // A report reads one committed state through its own read-only connection: a run the
            // daemon is writing meanwhile is not waited for.
            let report = try page.report(try ReportDatabase(path: store.store.path), policies: policies)
            return Self.html(ReportPage.render(page, account: account, report: report))
        } catch let e as ReportError {
            return Self.html(ReportPage.unavailable(page, account: account, reason: "\(e)"), status: .serviceUnavailable)
        }
    }

    func review(_ request: Request, _ context: DeskContext) async throws -> Response {
        let account = try Self.require(context)
        let form = try await Self.checkCSRF(request, context, account)
        guard account.mayReview else { throw HTTPError(.forbidden, message: "只有审计账户可以审核") }
        guard let code = form["code"], let subject = form["subject"], let state = form["state"].flatMap(ReviewBook.State.init(written:)),
              let note = form["note"] else { throw HTTPError(.badRequest, message: "结论和意见都要填写") }
        do {
            try store.with { try ReviewBook(store: $0).record(code: code, subject: subject, state: state, reviewer: account.name,
                                                              note: note, seenDecisions: Int(form["seen"] ?? "")) }
        } catch let ReviewBook.Failure.decidedMeanwhile(reviewer, state, note, at) {
            guard let data = try store.finding(code: code, subject: subject) else { throw HTTPError(.notFound) }
            let message = "\(reviewer) 已于 \(at) 审核为“\(Labels.reviewState(state))”（意见：\(note)）。请先查看，如仍要提交请再次确认。"
            return Self.html(FindingPage.render(account: account, data: data, message: message, conflict: true), status: .conflict)
        } catch ReviewBook.Failure.noSuchFinding {
            throw HTTPError(.notFound, message: "没有这条发现")
        }
        return .redirect(to: "/findings/\(FormFields.encode(code))/\(FormFields.encode(subject))", type: .normal)
    }

    func bulkReview(_ request: Request, _ context: DeskContext) async throws -> Response {
        let account = try Self.require(context)
        let form = try await Self.checkCSRF(request, context, account)
        guard account.mayReview else { throw HTTPError(.forbidden, message: "只有审计账户可以审核") }
        guard let state = form["state"].flatMap(ReviewBook.State.init(written:)), let note = form["note"] else {
            throw HTTPError(.badRequest, message: "结论和意见都要填写")
        }
        let picked = form.all("finding").compactMap { v -> (String, String)? in
            let p = v.split(separator: "\u{1F}", maxSplits: 1)
            return p.count == 2 ? (String(p[0]), String(p[1])) : nil
        }
        try store.with { s in
            for (code, subject) in picked {
                try ReviewBook(store: s).record(code: code, subject: subject, state: state, reviewer: account.name, note: note)
            }
        }
        return try findings(request, context, message: "已审核 \(picked.count) 条发现")
    }

    // MARK: helpers

    static func require(_ context: DeskContext) throws -> DeskAccount {
        guard let a = context.account else { throw HTTPError(.unauthorized) }
        return a
    }

    /// The form of a POST, refused (403) unless it carries the session's CSRF token.
    @discardableResult
    static func checkCSRF(_ request: Request, _ context: DeskContext, _ account: DeskAccount) async throws -> FormFields {
        let form = try await Self.form(request, context)
        guard let sent = form["csrf"], sent == account.csrf else { throw HTTPError(.forbidden, message: "表单已过期或来源不明（CSRF）") }
        return form
    }

    static func form(_ request: Request, _ context: DeskContext) async throws -> FormFields {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        return FormFields(Substring(String(buffer: body)))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A session or login cookie: HttpOnly, SameSite=Strict, and Secure — except on plain HTTP to a
    /// loopback address, where browsers would drop a Secure cookie (behind a TLS proxy, which says
    /// `X-Forwarded-Proto: https`, and on any other host it is always Secure).
    static func cookie(_ name: String, _ value: String, maxAge: Int, for request: Request) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: !isPlainLoopback(request), httpOnly: true,
               sameSite: .strict)
    }

    static func isPlainLoopback(_ request: Request) -> Bool {
        if request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https" { return false }
        guard let host = request.head.authority ?? request.headers[HTTPField.Name("Host")!] else { return false }
        let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }.dropFirst()) : String(host.prefix { $0 != ":" })
        return name == "localhost" || name == "127.0.0.1" || name == "::1"
    }
}
