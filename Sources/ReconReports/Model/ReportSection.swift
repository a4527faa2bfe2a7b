import ReconCore

/// One table of a report (a sheet in XLSX), with its optional totals row and charts.
public struct ReportSection: Sendable {
    /// Machine name: the JSON key.
    public var key: String
    /// The heading (Chinese); also the XLSX sheet name, made valid by `XLSXRenderer`.
    public var title: String
    public var columns: [ReportColumn]
    public var rows: [[ReportValue]]
    /// One row of the same columns summing the rows (合计), or nil.
    public var totals: [ReportValue]?
    /// Charts drawn above the table in HTML.
    public var charts: [BarChart]
    /// A sentence explaining how the figures are counted.
    public var note: String?
    /// Printed on a new page (each village of the publication roster is posted on its own).
    var newPage = false

    public init(key: String, title: String, columns: [ReportColumn], rows: [[ReportValue]],
                totals: [ReportValue]? = nil, charts: [BarChart] = [], note: String? = nil) {
        self.key = key; self.title = title; self.columns = columns; self.rows = rows
        self.totals = totals; self.charts = charts; self.note = note
    }

    /// The index of the column with this key.
    public func column(_ key: String) -> Int? { columns.firstIndex { $0.key == key } }

    /// The values of one column, row by row.
    public func values(_ key: String) -> [ReportValue] {
        guard let i = column(key) else { return [] }
        return rows.map { $0[i] }
    }

    /// The totals row's value of one column.
    public func total(_ key: String) -> ReportValue? {
        guard let i = column(key), let t = totals else { return nil }
        return t[i]
    }

    /// A totals row summing the integer and money columns; `label` goes in the first column.
    /// Throws `Money.SumOutOfRange` rather than trap: a column may hold what a file claims.
    public func summed(label: String = "合计", skip: Set<String> = []) throws -> [ReportValue] {
        try columns.enumerated().map { i, c in
            if i == 0 { return .text(label) }
            if skip.contains(c.key) { return .empty }
            switch c.kind {
            case .integer: return .integer(try Money.checkedSum(rows.lazy.map { $0[i].integerValue ?? 0 }, c.title))
            case .money: return .money(try Money.checkedSum(rows.lazy.map { $0[i].integerValue ?? 0 }, c.title))
            default: return .empty
            }
        }
    }
}
