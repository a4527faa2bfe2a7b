/// One self-contained HTML page: inline CSS, charts as inline SVG, no script and no network; Chinese
/// labels; prints on A4 (header rows repeat on every page, charts and rows are not split).
public struct HTMLRenderer: TextReportRenderer {
    public init() {}

    /// The page's style sheet (the review desk's pages use it too).
    public static var styleSheet: String { css }

    /// The report without the page around it (title, notes, sections): for pages that have their own
    /// shell, such as the review desk's.
    public func body(_ report: Report) -> String {
        var out = "<h1>\(esc(report.title))</h1>"
        for n in report.notes { out += "<p class=\"meta\">\(esc(n))</p>" }
        for s in report.sections { out += section(s) }
        return out
    }

    public func render(_ report: Report) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(report.title))</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <header><h1>\(esc(report.title))</h1>
            """
        for n in report.notes { out += "<p class=\"meta\">\(esc(n))</p>" }
        out += "</header>\n"
        for s in report.sections { out += section(s) }
        out += "</body>\n</html>\n"
        return out
    }

    func section(_ s: ReportSection) -> String {
        var classes: [String] = []
        if s.newPage { classes.append("page") }
        // Many columns do not fit A4 portrait: such a section prints on landscape pages.
        if s.columns.count > 9 { classes.append("wide") }
        var out = "<section id=\"\(esc(s.key))\"\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")>\n"
        out += "<h2>\(esc(s.title))</h2>\n"
        if let note = s.note { out += "<p class=\"note\">\(esc(note))</p>\n" }
        if !s.charts.isEmpty {
            out += "<div class=\"charts\">\n"
            for c in s.charts { out += c.style == .columns ? ColumnChartSVG(chart: c).figure() : BarChartSVG(chart: c).figure() }
            out += "</div>\n"
        }
        guard !s.rows.isEmpty || s.totals != nil else { return out + "<p class=\"empty\">（无）</p>\n</section>\n" }
        out += "<table>\n<thead><tr>"
        for c in s.columns { out += "<th\(c.isNumeric ? " class=\"num\"" : "")>\(esc(c.title))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        // Long texts (JSON evidence, raw lines) may break anywhere; the others only where words break.
        let long = Set(s.columns.indices.filter { i in
            s.columns[i].kind == .text && s.rows.contains { i < $0.count && DisplayWidth.of($0[i].display()) > 40 }
        })
        for r in s.rows { out += row(r, s.columns, long: long) }
        out += "</tbody>\n"
        if let t = s.totals { out += "<tfoot>\n" + row(t, s.columns, long: long) + "</tfoot>\n" }
        return out + "</table>\n</section>\n"
    }

    /// A finding's evidence: its sentence, then each small table (columns empty in every row left out).
    public static func evidence(_ e: FindingEvidence) -> String {
        var out = "<p>\(esc(e.sentence))</p>"
        for t in e.tables {
            let used = t.columns.indices.filter { i in t.rows.contains { i < $0.count && !$0[i].isEmpty } }
            out += "<table class=\"ev\"><caption>\(esc(t.title))</caption><tr>"
            out += used.map { "<th>\(esc(t.columns[$0]))</th>" }.joined() + "</tr>"
            for row in t.rows { out += "<tr>" + used.map { "<td>\(esc(row[$0]))</td>" }.joined() + "</tr>" }
            out += "</table>"
        }
        return out
    }

    func row(_ r: [ReportValue], _ columns: [ReportColumn], long: Set<Int>) -> String {
        var out = "<tr>"
        for (i, v) in r.enumerated() {
            let c = i < columns.count ? columns[i] : ReportColumn("", "")
            var cls: [String] = []
            if c.isNumeric { cls.append("num") }
            if long.contains(i) { cls.append("long") }
            if case .money(let f) = v, f < 0 { cls.append("neg") }
            if c.key.hasPrefix("difference"), let x = v.integerValue, x != 0 { cls.append("diff") }
            if case .evidence(let e) = v {
                out += "<td class=\"evidence\">" + Self.evidence(e) + "</td>"
                continue
            }
            out += "<td\(cls.isEmpty ? "" : " class=\"\(cls.joined(separator: " "))\"")>\(esc(v.display()))</td>"
        }
        return out + "</tr>\n"
    }

    static let css = """
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;\
        color:#222;margin:24px;font-size:14px}
        h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;margin:28px 0 6px;border-bottom:2px solid #2c7fb8;padding-bottom:3px}
        .meta{margin:2px 0;color:#555}.note{color:#555;font-size:12px;margin:4px 0 8px}.empty{color:#888}
        table{border-collapse:collapse;width:100%;font-size:12px}
        th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}td{white-space:nowrap}td.long{white-space:normal;word-break:break-all;min-width:16em}
        th{background:#eef3f8;font-weight:600}tfoot td{font-weight:700;background:#f6f6f6}
        .num{text-align:right;white-space:nowrap;word-break:normal}.neg{color:#b03a2e}.diff{background:#fdecea;color:#b03a2e}
        tbody tr:nth-child(even){background:#fafafa}
        .charts{display:flex;flex-wrap:wrap;gap:12px}
        figure.chart{margin:0 0 12px;flex:1 1 460px;max-width:720px}
        figure.chart svg{width:100%;height:auto}figure.chart.columns{flex-basis:100%;max-width:960px}figcaption{font-size:12px;color:#333}
        td.evidence{min-width:36em;white-space:normal}td.evidence p{margin:0 0 4px}
        table.ev{margin:2px 0 6px;font-size:11px;border-collapse:collapse}table.ev caption{text-align:left;font-weight:600;color:#555}
        table.ev th,table.ev td{border:1px solid #ddd;padding:1px 4px;background:#fbfbfb;white-space:nowrap}
        svg text{font-family:inherit;font-size:12px;fill:#222}svg .chart-title{font-size:14px;font-weight:600}svg .axis{font-size:11px;fill:#666}
        svg .target-label{fill:#c0392b;font-size:11px}svg .bar-value{font-size:11px}
        @page{size:A4 portrait;margin:12mm 10mm}@page wide{size:A4 landscape;margin:10mm}
        @media print{body{margin:0;font-size:10pt}table{font-size:8pt}thead{display:table-header-group}
        tfoot{display:table-row-group}tr,figure.chart{break-inside:avoid}section.page{break-before:page}section.wide{page:wide}
        h2{break-after:avoid}.charts{display:block}figure.chart{max-width:none}}
        """
}

/// Escapes text for HTML (element content and quoted attribute values): what a reviewer or a file
/// wrote is shown as text, never run.
public enum HTMLText {
    public static func escape(_ s: String) -> String { esc(s) }
}

/// Escapes text for HTML and SVG.
func esc(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(c)
        }
    }
    return out
}
