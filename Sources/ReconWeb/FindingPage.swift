import ReconCore
import ReconReports
import SQLiteStore

/// `GET /findings/{code}/{subject}`: one finding, its evidence in words, the other findings of the
/// same person, its whole review history and — for auditors — the decision form, which carries how
/// many decisions the reviewer saw, so a decision taken meanwhile by someone else is shown before
/// anything is overwritten.
enum FindingPage {
    struct Data {
        var finding: [String: SQLValue]
        var related: [[String: SQLValue]]
        var history: [[SQLValue]]
    }

    static func render(account: DeskAccount, data d: Data, message: String? = nil, conflict: Bool = false) -> String {
        let h = Page.h
        let f = d.finding
        let code = FindingsPage.text(f, "code"), subject = FindingsPage.text(f, "subject")
        let id = FindingsPage.text(f, "id_number")
        var body = "<p><a href=\"/findings\">← 发现清单</a></p><h1>\(h(Labels.code(code)))</h1>"
        if let message { body += "<p class=\"\(conflict ? "flash" : "ok")\">\(h(message))</p>" }
        var amount = ""
        if case .int(let fen)? = f["amount_fen"] { amount = ReportValue.yuan(fen) + " 元" }
        let facts: [(String, String)] = [
            ("代码", code), ("对象", account.seesMasked ? "" : subject), ("严重程度", Labels.severity(FindingsPage.text(f, "severity"))),
            ("状态", Labels.findingStatus(FindingsPage.text(f, "status"))), ("年度", FindingsPage.text(f, "year")),
            ("证件号码", account.seesMasked ? Mask.idNumber(id) : id), ("险种", Labels.insurance(FindingsPage.text(f, "insurance"))),
            ("渠道", Labels.channel(FindingsPage.text(f, "channel"))), ("涉及金额", amount),
            ("首次发现", FindingsPage.text(f, "first_seen_at")), ("最近发现", FindingsPage.text(f, "last_seen_at")),
            ("审核状态", Labels.reviewState(FindingsPage.text(f, "review_state"))), ("审核意见", FindingsPage.text(f, "review_note")),
        ]
        body += "<table class=\"facts\">" + facts.filter { !$0.1.isEmpty }.map { "<tr><th>\($0.0)</th><td>\(h($0.1))</td></tr>" }.joined() + "</table>"
        body += "<h2>证据</h2>"
        let evidence = FindingEvidence(code: code, detail: FindingsPage.text(f, "detail"))
        // Viewers read masked data only: the meaning, not the records with names and full ID numbers.
        body += account.seesMasked ? "<p>\(h(Labels.code(code)))（只读账户不显示明细）</p>" : HTMLRenderer.evidence(evidence)
        if !d.related.isEmpty {
            body += "<h2>同一人的其他发现</h2><ul>" + d.related.map { r in
                let c = FindingsPage.text(r, "code"), s = FindingsPage.text(r, "subject")
                let title = account.seesMasked ? h(Labels.code(c))
                    : "<a href=\"/findings/\(h(FormFields.encode(c)))/\(h(FormFields.encode(s)))\">\(h(Labels.code(c)))</a>"
                return "<li>\(title) "
                    + "\(h(Labels.findingStatus(FindingsPage.text(r, "status"))))，\(h(Labels.reviewState(FindingsPage.text(r, "review_state"))))</li>"
            }.joined() + "</ul>"
        }
        body += "<h2>审核记录</h2>"
        body += d.history.isEmpty ? "<p>（尚无）</p>" : "<table><thead><tr><th>时间</th><th>审核人</th><th>结论</th><th>意见</th></tr></thead><tbody>"
            + d.history.map { r in
                "<tr><td>\(h(t(r, 3)))</td><td>\(h(t(r, 1)))</td><td>\(h(Labels.reviewState(t(r, 0))))</td><td>\(h(t(r, 2)))</td></tr>"
            }.joined() + "</tbody></table>"
        if account.mayReview {
            body += """
                <h2>审核</h2>
                <form method="post" action="/review">
                <input type="hidden" name="csrf" value="\(h(account.csrf))">
                <input type="hidden" name="code" value="\(h(code))"><input type="hidden" name="subject" value="\(h(subject))">
                <input type="hidden" name="seen" value="\(d.history.count)">
                <label>结论 <select name="state"><option value="confirmed">已确认</option><option value="dismissed">已排除</option>
                <option value="escalated">已上报</option></select></label>
                <label>意见（必填）<textarea name="note" required></textarea></label>
                <button type="submit">\(conflict ? "仍要提交" : "提交")</button>
                </form>
                """
        }
        return Page.shell(title: Labels.code(code), account: account, body: body)
    }

    static func t(_ r: [SQLValue], _ i: Int) -> String { if case .text(let s) = r[i] { return s } else { return "" } }
}
