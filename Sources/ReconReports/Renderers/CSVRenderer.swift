import ReconCore
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
            for r in s.rows { row(r, into: &out) }
            if let t = s.totals { row(t, into: &out) }
        }
        return out
    }

    /// Appends one line: a county's roster is 400k of them, so no intermediate array or joined string.
    func row(_ r: [ReportValue], into out: inout String) {
        for (i, v) in r.enumerated() {
            if i > 0 { out += "," }
            if case .text(let t) = v {
                out += Self.field(FormulaGuard.defused(t))
            } else {
                out += Self.field(v.display(grouped: false))
            }
        }
        out += "\r\n"
    }

    /// A field quoted when it holds a comma, a quote, a line break or surrounding spaces (looked for in
    /// the UTF-8 bytes: every one of them is ASCII, and no grapheme breaking is needed to find them).
    static func field(_ s: String) -> String {
        let u = s.utf8
        let needs = u.first == 0x20 || u.last == 0x20
            || u.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        return needs ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
