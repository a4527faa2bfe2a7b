import ReconAuth
import ReconReports

/// The review desk's HTML: one page shell (Chinese, the reports' style sheet plus the desk's own, no
/// script beyond none at all, no external resources) around each page's body. Every text that comes
/// from the data or a person passes through `h`.
enum Page {
    static func h(_ s: String) -> String { HTMLText.escape(s) }

    static func shell(title: String, account: DeskAccount?, body: String) -> String {
        var nav = ""
        if let a = account {
            nav = """
                <nav><a href="/tonight">今晚</a><a href="/findings">发现清单</a><a href="/balance">钱表相符</a>
                <a href="/subsidy">补助核算</a><a href="/coverage">参保进度</a>\(a.role == .admin ? "<a href=\"/accounts\">账户</a>" : "")
                <span class="who">\(h(a.name))（\(h(roleName(a.role.rawValue)))）</span>
                <form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="\(h(a.csrf))">
                <button type="submit">退出</button></form></nav>
                """
        }
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(h(title)) · 对账审核台</title>
            <style>\(HTMLRenderer.styleSheet)\(css)</style></head>
            <body><header class="desk"><strong>城乡居民养老医疗保险征缴对账 · 审核台</strong>\(nav)</header>
            <main>\(body)</main></body></html>
            """
    }

    static func roleName(_ role: String) -> String {
        ["auditor": "审计", "tax": "税务", "finance": "财政", "viewer": "只读", "admin": "管理员"][role] ?? role
    }

    static let css = """
        header.desk{display:flex;justify-content:space-between;align-items:center;border-bottom:2px solid #2c7fb8;
        padding:6px 0;margin-bottom:12px}header.desk nav{display:flex;gap:12px;align-items:center}
        form.inline{display:inline;margin:0}.who{color:#555}.flash{padding:8px;border:1px solid #e0b4b4;background:#fff6f6;color:#9f3a38}
        .ok{padding:8px;border:1px solid #a3c293;background:#fcfff5;color:#2c662d}
        form.filters{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:end;margin:8px 0}
        form.filters label{display:flex;flex-direction:column;font-size:12px;color:#555}form.filters select{padding-right:1.2em}
        .pager{margin:8px 0;display:flex;gap:12px;align-items:center}textarea{width:100%;min-height:4em}
        form.login{max-width:320px;display:flex;flex-direction:column;gap:8px;margin-top:40px}
        """
}
