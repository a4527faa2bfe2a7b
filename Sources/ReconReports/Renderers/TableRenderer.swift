/// Terminal tables: columns aligned by display width (a Chinese character takes two columns), numbers
/// right-aligned. A table wider than `width` (120 columns, a terminal's usual) has its widest text
/// columns narrowed until it fits, their cells cut with "…"; numbers are never cut. `wide` shows every
/// cell whole (the other formats always do).
public struct TableRenderer: TextReportRenderer, Sendable {
    /// The widest a table may be; nil: no limit.
    var width: Int?
    /// The widest a text cell may be; nil: no limit.
    var maxCellWidth: Int?
    /// Text columns are narrowed to no less than this.
    static let narrowest = 8

    public init(width: Int? = 120, maxCellWidth: Int? = 60) {
        self.width = width
        self.maxCellWidth = maxCellWidth
    }

    /// Everything whole, however wide (`--wide`).
    public static let wide = TableRenderer(width: nil, maxCellWidth: nil)

    public func render(_ report: Report) -> String {
        var out = wrapped(report.title)
        for n in report.notes { out += wrapped(n) }
        for s in report.sections {
            out += "\n" + wrapped("== " + s.title + " ==")
            if let note = s.note { out += wrapped(note) }
            out += table(s)
        }
        return out
    }

    /// A line of text broken into lines of at most `width` columns (at spaces where there are any, else
    /// between characters, as Chinese is written).
    func wrapped(_ text: String) -> String {
        guard let width, DisplayWidth.of(text) > width else { return text + "\n" }
        var out = "", line = "", lineWidth = 0
        for ch in text {
            let w = DisplayWidth.of(String(ch))
            if lineWidth + w > width {
                if let space = line.lastIndex(of: " "), line.distance(from: line.startIndex, to: space) > 0, ch != " " {
                    out += line[..<space] + "\n"
                    line = String(line[line.index(after: space)...])
                    lineWidth = DisplayWidth.of(line)
                } else {
                    out += line + "\n"
                    line = ""
                    lineWidth = 0
                }
                if ch == " " && line.isEmpty { continue }
            }
            line.append(ch)
            lineWidth += w
        }
        return out + line + "\n"
    }

    func table(_ s: ReportSection) -> String {
        let cap = maxCellWidth ?? Int.max
        var body: [[String]] = []
        for r in s.rows { body.append(r.map { DisplayWidth.truncate($0.display(), to: cap) }) }
        if let t = s.totals { body.append(t.map { DisplayWidth.truncate($0.display(), to: cap) }) }
        guard s.rows.count > 0 || s.totals != nil else { return "（无）\n" }
        let n = s.columns.count
        var widths = Array(repeating: 0, count: n)
        for row in body { for (i, cell) in row.enumerated() where i < n { widths[i] = max(widths[i], DisplayWidth.of(cell)) } }
        let valueWidths = widths
        var headers = s.columns.map { [$0.title] }
        for i in 0..<n { widths[i] = max(widths[i], DisplayWidth.of(s.columns[i].title)) }
        if let width {
            var total: Int { widths.reduce(0, +) + 2 * (n - 1) }
            // First, losing nothing, headers wider than their numbers go on two lines.
            if total > width {
                for i in 0..<n where s.columns[i].isNumeric {
                    let half = max(valueWidths[i], (DisplayWidth.of(s.columns[i].title) + 1) / 2 + 1)
                    if half < widths[i] { widths[i] = half }
                }
            }
            // Too many numbers to fit side by side even with every text column narrowed: the table goes
            // in parts, each with the leading
            // text columns (what a row is) and as many of the others as fit.
            let narrowest = (0..<n).reduce(2 * (n - 1)) { $0 + (s.columns[$1].isNumeric ? widths[$1] : min(widths[$1], Self.narrowest)) }
            if narrowest > width, let parts = parts(s, widths: widths, width: width) {
                return parts.enumerated().map { k, part in
                    (k == 0 ? "" : "（续 \(k + 1)/\(parts.count)）\n") + table(part)
                }.joined()
            }
            // Then the widest text column, one column of width at a time, until the table fits (numbers
            // are never cut).
            while total > width {
                guard let widest = widths.indices.filter({ !s.columns[$0].isNumeric && widths[$0] > Self.narrowest })
                    .max(by: { widths[$0] < widths[$1] }) else { break }
                widths[widest] -= 1
            }
            for i in 0..<n where DisplayWidth.of(s.columns[i].title) > widths[i] {
                headers[i] = s.columns[i].isNumeric ? Self.split(s.columns[i].title, width: widths[i])
                    : [DisplayWidth.truncate(s.columns[i].title, to: widths[i])]
            }
            for r in body.indices {
                for i in body[r].indices where i < n && DisplayWidth.of(body[r][i]) > widths[i] {
                    body[r][i] = DisplayWidth.truncate(body[r][i], to: widths[i])
                }
            }
        }
        func line(_ row: [String]) -> String {
            var cells: [String] = []
            for (i, cell) in row.enumerated() where i < n {
                cells.append(DisplayWidth.pad(cell, to: widths[i], right: s.columns[i].isNumeric))
            }
            var l = cells.joined(separator: "  ")
            while l.hasSuffix(" ") { l.removeLast() }
            return l + "\n"
        }
        var out = ""
        let headerLines = headers.map(\.count).max() ?? 1
        for k in 0..<headerLines {
            // A two-line header sits on the bottom lines, next to its numbers.
            out += line(headers.map { h in k - (headerLines - h.count) >= 0 ? h[k - (headerLines - h.count)] : "" })
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        out += rule
        for row in body.dropLast(s.totals == nil ? 0 : 1) { out += line(row) }
        if s.totals != nil {
            out += rule
            out += line(body[body.count - 1])
        }
        return out
    }

    /// The section split by columns into tables that each fit `width` with the leading text columns
    /// repeated; nil when it cannot be split that way (no leading text column, or one column left).
    func parts(_ s: ReportSection, widths: [Int], width: Int) -> [ReportSection]? {
        let keys = s.columns.prefix { !$0.isNumeric }.count
        guard keys > 0, keys < s.columns.count - 1 else { return nil }
        let keyWidth = widths[..<keys].reduce(0, +) + 2 * keys
        var groups: [[Int]] = [[]]
        var used = keyWidth
        for i in keys..<s.columns.count {
            if !groups[groups.count - 1].isEmpty && used + widths[i] > width {
                groups.append([])
                used = keyWidth
            }
            groups[groups.count - 1].append(i)
            used += widths[i] + 2
        }
        guard groups.count > 1 else { return nil }
        return groups.map { group in
            let pick = Array(0..<keys) + group
            var part = s
            part.columns = pick.map { s.columns[$0] }
            part.rows = s.rows.map { row in pick.map { $0 < row.count ? row[$0] : .empty } }
            part.totals = s.totals.map { t in pick.map { $0 < t.count ? t[$0] : .empty } }
            return part
        }
    }

    /// `text` in lines of at most `width` columns (between characters).
    static func split(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = "", w = 0
        for ch in text {
            let cw = DisplayWidth.of(String(ch))
            if w + cw > width && !line.isEmpty { lines.append(line); line = ""; w = 0 }
            line.append(ch)
            w += cw
        }
        return lines + [line]
    }
}
