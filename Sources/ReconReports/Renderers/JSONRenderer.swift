import ReconCore

/// JSON for other programs: `{"report", "title", "notes", "sections": [{"key", "title", "note",
/// "columns": [{"key", "title", "type"}], "rows": [{column key: value}], "totals"}]}`. Money stays
/// integer fen (its keys end in `_fen`), dates are `YYYY-MM-DD`, percentages ratios, empty cells null.
/// Object keys of rows follow the column order.
public struct JSONRenderer: TextReportRenderer {
    public init() {}

    public func render(_ report: Report) -> String {
        var out = "{\n"
        out += "  \"report\": \(q(report.name)),\n  \"title\": \(q(report.title)),\n"
        out += "  \"notes\": [" + report.notes.map(q).joined(separator: ", ") + "],\n"
        out += "  \"sections\": [\n"
        for (i, s) in report.sections.enumerated() {
            out += "    {\n      \"key\": \(q(s.key)),\n      \"title\": \(q(s.title)),\n"
            out += "      \"note\": \(s.note.map(q) ?? "null"),\n"
            out += "      \"columns\": [" + s.columns.map {
                "{\"key\": \(q($0.key)), \"title\": \(q($0.title)), \"type\": \(q($0.kind.rawValue))}"
            }.joined(separator: ", ") + "],\n"
            out += "      \"rows\": [" + (s.rows.isEmpty ? "" : "\n")
            out += s.rows.map { "        " + object($0, s.columns) }.joined(separator: ",\n")
            out += (s.rows.isEmpty ? "" : "\n      ") + "],\n"
            out += "      \"totals\": " + (s.totals.map { object($0, s.columns) } ?? "null") + "\n"
            out += "    }" + (i < report.sections.count - 1 ? "," : "") + "\n"
        }
        out += "  ]\n}\n"
        return out
    }

    func object(_ row: [ReportValue], _ columns: [ReportColumn]) -> String {
        "{" + zip(columns, row).map { c, v in q(c.key) + ": " + value(v) }.joined(separator: ", ") + "}"
    }

    func value(_ v: ReportValue) -> String {
        switch v {
        case .empty: return "null"
        case .text(let s): return q(s)
        case .integer(let i), .money(let i): return String(i)
        case .date(let d): return q(d.description)
        case .percent(let r): return String((r * 10000).rounded() / 10000)
        case .evidence(let e): return q(e.text)
        }
    }

    func q(_ s: String) -> String { JSONValue.string(s).text }
}
