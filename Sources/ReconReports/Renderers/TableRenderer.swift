/// Terminal tables: columns aligned by display width (a Chinese character takes two columns), numbers
/// right-aligned, long texts cut at `maxCellWidth` with "…" (the other formats keep them whole).
public struct TableRenderer: TextReportRenderer {
    var maxCellWidth: Int

    public init(maxCellWidth: Int = 60) { self.maxCellWidth = maxCellWidth }

    public func render(_ report: Report) -> String {
        var out = report.title + "\n"
        for n in report.notes { out += n + "\n" }
        for s in report.sections {
            out += "\n== " + s.title + " ==\n"
            if let note = s.note { out += note + "\n" }
            out += table(s)
        }
        return out
    }

    func table(_ s: ReportSection) -> String {
        var grid: [[String]] = [s.columns.map(\.title)]
        for r in s.rows { grid.append(r.map { DisplayWidth.truncate($0.display(), to: maxCellWidth) }) }
        if let t = s.totals { grid.append(t.map { DisplayWidth.truncate($0.display(), to: maxCellWidth) }) }
        guard s.rows.count > 0 || s.totals != nil else { return "（无）\n" }
        var widths = Array(repeating: 0, count: s.columns.count)
        for row in grid {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        func line(_ row: [String]) -> String {
            var cells: [String] = []
            for (i, cell) in row.enumerated() where i < widths.count {
                cells.append(DisplayWidth.pad(cell, to: widths[i], right: s.columns[i].isNumeric))
            }
            var l = cells.joined(separator: "  ")
            while l.hasSuffix(" ") { l.removeLast() }
            return l + "\n"
        }
        var out = line(grid[0])
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in grid.dropFirst().dropLast(s.totals == nil ? 0 : 1) { out += line(row) }
        if s.totals != nil {
            out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
            out += line(grid[grid.count - 1])
        }
        return out
    }
}
