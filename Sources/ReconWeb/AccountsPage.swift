import ReconAuth

/// `GET /accounts` (admins only): every account with its role and state, a form to add one, and per
/// account the buttons to disable or enable it and to set a new password — what `recond user` does.
enum AccountsPage {
    static func render(account: DeskAccount, accounts: [AccountBook.Account], now: String, message: String? = nil,
                       failed: Bool = false) -> String {
        let h = Page.h
        let csrf = "<input type=\"hidden\" name=\"csrf\" value=\"\(h(account.csrf))\">"
        var body = "<h1>账户管理</h1>"
        if let message { body += "<p class=\"\(failed ? "flash" : "ok")\">\(h(message))</p>" }
        body += "<table><thead><tr><th>用户名</th><th>角色</th><th>状态</th><th>操作</th></tr></thead><tbody>"
        for a in accounts {
            let state = a.disabled ? "已停用" : a.lockedUntil.map { $0 > now ? "锁定至 \($0)" : "正常" } ?? "正常"
            let name = "<input type=\"hidden\" name=\"name\" value=\"\(h(a.name))\">"
            var actions = ""
            if a.name != account.name {
                actions += "<form method=\"post\" action=\"/accounts/\(a.disabled ? "enable" : "disable")\" class=\"inline\">\(csrf)\(name)"
                    + "<button type=\"submit\">\(a.disabled ? "启用" : "停用")</button></form> "
            }
            actions += "<form method=\"post\" action=\"/accounts/password\" class=\"inline\">\(csrf)\(name)"
                + "<input name=\"password\" type=\"password\" autocomplete=\"new-password\" minlength=\"\(AccountBook.minimumPasswordLength)\" "
                + "required aria-label=\"\(h(a.name)) 的新密码\" placeholder=\"新密码\"><button type=\"submit\">重设密码</button></form>"
            body += "<tr><td>\(h(a.name))</td><td>\(h(Page.roleName(a.role.rawValue)))</td><td>\(h(state))</td><td>\(actions)</td></tr>"
        }
        body += "</tbody></table><h2>新增账户</h2>"
        body += "<form method=\"post\" action=\"/accounts\" class=\"filters\">\(csrf)"
        body += "<label>用户名<input name=\"name\" required maxlength=\"64\" autocomplete=\"off\"></label>"
        body += "<label>角色<select name=\"role\">" + Role.allCases.map {
            "<option value=\"\($0.rawValue)\">\(h(Page.roleName($0.rawValue)))</option>"
        }.joined() + "</select></label>"
        body += "<label>密码（至少 \(AccountBook.minimumPasswordLength) 位）<input name=\"password\" type=\"password\" "
            + "autocomplete=\"new-password\" minlength=\"\(AccountBook.minimumPasswordLength)\" required></label>"
        body += "<button type=\"submit\">新增</button></form>"
        return Page.shell(title: "账户管理", account: account, body: body)
    }
}
