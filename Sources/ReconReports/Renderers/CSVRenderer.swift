/// CSV that Excel opens correctly: UTF-8 with a byte-order mark (without it Excel reads GBK and mangles
/// Chinese), CRLF line ends, RFC 4180 quoting. Money in yuan with two decimals, no grouping.
///
/// A report with one section is one plain table (header, rows, totals) — the findings export that
/// `recon-report review --from-csv` reads back. Several sections follow each other, each under a line
/// with its title and separated by an empty line.
public struct CSVRenderer: TextReportRenderer {
    public init() {}

    public func render(_ report: Report) -> String {
        var out = "\u{FEFF}"
        let several = report.sections.count > 1
        for (i, s) in report.sections.enumerated() {
            if several {
                if i > 0 { out += "\r\n" }
                out += Self.field(s.title) + "\r\n"
            }
            out += s.columns.map { Self.field($0.title) }.joined(separator: ",") + "\r\n"
            for r in s.rows { out += row(r, s) }
            if let t = s.totals { out += row(t, s) }
        }
        return out
    }

    func row(_ r: [ReportValue], _ s: ReportSection) -> String {
        r.map { v -> String in
            if case .text(let t) = v { return Self.field(Self.defused(t)) }
            return Self.field(v.display(grouped: false))
        }.joined(separator: ",") + "\r\n"
    }

    /// A field quoted when it holds a comma, a quote, a line break or surrounding spaces.
    static func field(_ s: String) -> String {
        let needs = s.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" } || s.hasPrefix(" ") || s.hasSuffix(" ")
        return needs ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// Text that Excel would run as a formula (`=`, `+`, `@` first: a rejected line's raw text comes from
    /// outside) gets a leading apostrophe, which Excel shows as text; `ReviewSheet` removes it again.
    static func defused(_ s: String) -> String {
        guard let f = s.first, f == "=" || f == "+" || f == "@" else { return s }
        return "'" + s
    }
}
