import Hummingbird
import ReconAuth
import ReconCore

/// The admins' page: accounts added, disabled, enabled and given new passwords over the web, each
/// form with the session's CSRF token; every other role gets 403.
extension ReviewDesk {
    func addAccountRoutes(_ router: Router<DeskContext>) {
        router.get("/accounts") { _, context in try self.accounts(context) }
        router.post("/accounts") { request, context in
            try await self.changeAccount(request, context) { book, form in
                guard let role = form["role"].flatMap(Role.init(rawValue:)) else { throw HTTPError(.badRequest, message: "未知角色") }
                let name = form["name"] ?? ""
                try book.add(name, role: role, password: form.all("password").first ?? "")
                return "已新增账户 \(name)"
            }
        }
        router.post("/accounts/disable") { request, context in
            try await self.changeAccount(request, context) { book, form in
                let name = form["name"] ?? ""
                try book.disable(name)
                return "已停用 \(name)"
            }
        }
        router.post("/accounts/enable") { request, context in
            try await self.changeAccount(request, context) { book, form in
                let name = form["name"] ?? ""
                try book.enable(name)
                return "已启用 \(name)"
            }
        }
        router.post("/accounts/password") { request, context in
            try await self.changeAccount(request, context) { book, form in
                let name = form["name"] ?? ""
                try book.setPassword(name, form.all("password").first ?? "")
                return "已为 \(name) 设置新密码"
            }
        }
    }

    static func requireAdmin(_ context: DeskContext) throws -> DeskAccount {
        let account = try require(context)
        guard account.role == .admin else { throw HTTPError(.forbidden, message: "只有管理员可以管理账户") }
        return account
    }

    func accounts(_ context: DeskContext, message: String? = nil, failed: Bool = false) throws -> Response {
        let account = try Self.requireAdmin(context)
        let list = try store.with { try AccountBook(store: $0).list() }
        return Self.html(AccountsPage.render(account: account, accounts: list, now: BeijingClock.now(), message: message,
                                             failed: failed), status: failed ? .badRequest : .ok)
    }

    /// One change by an admin; an account error (a taken name, a short password) shows on the page.
    func changeAccount(_ request: Request, _ context: DeskContext,
                       _ change: @Sendable (AccountBook, FormFields) throws -> String) async throws -> Response {
        let account = try Self.requireAdmin(context)
        let form = try await Self.checkCSRF(request, context, account)
        guard form["name"] != account.name || request.uri.path != "/accounts/disable" else {
            return try accounts(context, message: "不能停用自己的账户", failed: true)
        }
        do {
            let message = try store.with { try change(AccountBook(store: $0), form) }
            return try accounts(context, message: message)
        } catch let e as AccountError {
            return try accounts(context, message: Self.chinese(e), failed: true)
        }
    }

    static func chinese(_ e: AccountError) -> String {
        switch e {
        case .exists(let n): return "账户 \(n) 已存在"
        case .noSuchAccount(let n): return "没有账户 \(n)"
        case .badName: return "用户名须为 1–64 个字符，不含空格和控制字符"
        case .weakPassword(let m): return "密码太短：至少 \(m) 位"
        default: return "\(e)"
        }
    }
}
