import ReconCore
import ReconReports
import SQLiteStore

/// `GET /findings`: the filterable, paged list; auditors tick findings and decide on them at once.
enum FindingsPage {
    static let pageSize = 50

    /// The filter of a query string (unknown values simply match nothing, as in `recon-report`).
    static func filter(_ q: FormFields) -> FindingsExport.Filter {
        var f = FindingsExport.Filter()
        f.code = q["code"]; f.severity = q["severity"]; f.status = q["status"]; f.reviewState = q["review_state"]
        f.town = q["town"]; f.village = q["village"]; f.channel = q["channel"]; f.subjectContains = q["text"]
        f.from = q["from"].flatMap(LocalDate.init); f.to = q["to"].flatMap(LocalDate.init)
        f.order = q["sort"].flatMap(FindingsExport.Order.init(rawValue:)) ?? .severity
        return f
    }

    static func render(account: DeskAccount, query: FormFields, rows: [[String: SQLValue]], total: Int, exact: Bool = true, page: Int,
                       message: String?) -> String {
        let h = Page.h
        func option(_ name: String, _ values: [(String, String)], any: String? = "全部") -> String {
            "<select name=\"\(name)\">" + (any.map { "<option value=\"\">\($0)</option>" } ?? "") + values.map { v, label in
                "<option value=\"\(h(v))\"\(query[name] == v ? " selected" : "")>\(h(label))</option>"
            }.joined() + "</select>"
        }
        func field(_ name: String, _ label: String, _ type: String = "text") -> String {
            "<label>\(label)<input name=\"\(name)\" type=\"\(type)\" value=\"\(h(query[name] ?? ""))\"></label>"
        }
        var body = "<h1>发现清单</h1>"
        if let message { body += "<p class=\"ok\">\(h(message))</p>" }
        body += "<form method=\"get\" action=\"/findings\" class=\"filters\">"
        body += "<label>类型" + option("code", FindingCode.allCases.map { ($0.rawValue, Labels.code($0.rawValue)) }) + "</label>"
        body += "<label>严重程度" + option("severity", ["high", "medium", "info"].map { ($0, Labels.severity($0)) }) + "</label>"
        body += "<label>状态" + option("status", ["open", "resolved"].map { ($0, Labels.findingStatus($0)) }) + "</label>"
        body += "<label>审核状态" + option("review_state", ["new", "confirmed", "dismissed", "escalated"].map { ($0, Labels.reviewState($0)) }) + "</label>"
        body += field("town", "乡镇代码") + field("village", "村居代码") + field("channel", "渠道")
        body += field("from", "首次发现自", "date") + field("to", "至", "date") + field("text", "对象含")
        body += "<label>排序" + option("sort", Self.orders, any: nil) + "</label>"
        body += "<button type=\"submit\">筛选</button></form>"
        // A broad filter's count stops past 10,000 (or past this page): "more than", and pages go on.
        let pages = exact ? max(1, (total + pageSize - 1) / pageSize) : (rows.count == pageSize ? page + 1 : page)
        let counted = ReportValue.integer(Int64(total)).display()
        body += exact ? "<p>共 \(counted) 条，第 \(page)/\(pages) 页" : "<p>超过 \(counted) 条，第 \(page) 页"
        if !account.seesMasked {
            var q = query
            q.remove("page")
            body += "　导出：<a href=\"/export/findings.csv?\(h(q.encoded))\">CSV</a> <a href=\"/export/findings.xlsx?\(h(q.encoded))\">XLSX</a>"
        }
        body += "</p>"
        if account.mayReview {
            body += "<form method=\"post\" action=\"/findings/review\"><input type=\"hidden\" name=\"csrf\" value=\"\(h(account.csrf))\">"
        }
        body += "<table><thead><tr>" + (account.mayReview ? "<th></th>" : "")
            + ["含义", "严重程度", "状态", "证件号码", "乡镇代码", "涉及金额", "审核状态", "对象"].map { "<th>\($0)</th>" }.joined()
            + "</tr></thead><tbody>"
        for r in rows {
            let code = text(r, "code"), subject = text(r, "subject")
            let id = account.seesMasked ? Mask.idNumber(text(r, "id_number")) : text(r, "id_number")
            var amount = ""
            if case .int(let fen)? = r["amount_fen"] { amount = ReportValue.yuan(fen) }
            let link = "/findings/\(FormFields.encode(code))/\(FormFields.encode(subject))"
            body += "<tr>" + (account.mayReview
                ? "<td><input type=\"checkbox\" name=\"finding\" value=\"\(h(code + "\u{1F}" + subject))\"></td>" : "")
            // A finding's address holds its subject (often an ID number): viewers get the meaning without it.
            body += account.seesMasked ? "<td>\(h(Labels.code(code)))</td>" : "<td><a href=\"\(h(link))\">\(h(Labels.code(code)))</a></td>"
            body += "<td>\(h(Labels.severity(text(r, "severity"))))</td>"
            body += "<td>\(h(Labels.findingStatus(text(r, "status"))))</td><td>\(h(id))</td><td>\(h(text(r, "town_code")))</td>"
            body += "<td class=\"num\">\(h(amount))</td><td>\(h(Labels.reviewState(text(r, "review_state"))))</td>"
            body += "<td>\(h(account.seesMasked ? "" : subject))</td></tr>"
        }
        body += "</tbody></table>"
        if account.mayReview {
            body += """
                <p><label>选中的发现：<select name="state"><option value="confirmed">已确认</option>
                <option value="dismissed">已排除</option><option value="escalated">已上报</option></select></label>
                <label>审核意见（必填）<textarea name="note" required></textarea></label>
                <button type="submit">审核选中的发现</button></p></form>
                """
        }
        var pager = "<div class=\"pager\">"
        var q = query
        if page > 1 { q.set("page", String(page - 1)); pager += "<a href=\"/findings?\(h(q.encoded))\">上一页</a>" }
        if page < pages { q.set("page", String(page + 1)); pager += "<a href=\"/findings?\(h(q.encoded))\">下一页</a>" }
        body += pager + "</div>"
        return Page.shell(title: "发现清单", account: account, body: body)
    }

    static let orders: [(String, String)] = FindingsExport.Order.allCases.map { order in
        switch order {
        case .severity: return (order.rawValue, "严重程度")
        case .amount: return (order.rawValue, "金额从大到小")
        case .recent: return (order.rawValue, "最近发现")
        }
    }

    static func text(_ r: [String: SQLValue], _ key: String) -> String {
        switch r[key] ?? .null {
        case .text(let s): return s
        case .int(let i): return String(i)
        default: return ""
        }
    }
}
