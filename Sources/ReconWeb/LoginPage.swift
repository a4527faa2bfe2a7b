/// `GET /login`: the name and password form. The form carries a token also set as a cookie, so a
/// login cannot be posted from another site (double submit).
enum LoginPage {
    static func render(token: String, message: String? = nil) -> String {
        Page.shell(title: "登录", account: nil, body: """
            <form method="post" action="/login" class="login">
            <h1>登录</h1>
            \(message.map { "<p class=\"flash\">\(Page.h($0))</p>" } ?? "")
            <input type="hidden" name="csrf" value="\(Page.h(token))">
            <label>用户名 <input name="username" autocomplete="username" required autofocus></label>
            <label>密码 <input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">登录</button>
            </form>
            """)
    }
}
