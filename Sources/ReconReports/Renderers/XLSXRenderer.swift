import CXlsxWriter
import Foundation
import ReconCore

/// An Excel workbook (libxlsxwriter): a sheet per section named after it in Chinese, the header row
/// frozen and filterable, money as yuan with the `#,##0.00` format, dates as real dates, percentages
/// as `0.0%`, and the totals row in bold below the filtered range. A first sheet 说明 holds the title,
/// the notes and each section's note.
///
/// Written to a temporary file beside `path` and renamed into place: a failed write leaves no half file.
public struct XLSXRenderer: ReportRenderer {
    public init() {}

    public func write(_ report: Report, to path: String?) throws {
        guard let path else { throw ReportError.needsPath(format: "xlsx") }
        do {
            // libxlsxwriter rewrites the file it is given, which keeps the temporary file's 0600.
            let temp = try PrivateFile.temporary(beside: path)
            do {
                try build(report, at: temp)
            } catch {
                unlink(temp)
                throw error
            }
            try PrivateFile.install(temp, at: path)
        } catch let e as PrivateFileError {
            throw ReportError.cannotWrite(path: path, reason: e.reason)
        }
    }

    func build(_ report: Report, at path: String) throws {
        var options = lxw_workbook_options(constant_memory: 1, tmpdir: nil, use_zip64: 1)
        guard let wb = workbook_new_opt(path, &options) else {
            throw ReportError.cannotWrite(path: path, reason: "libxlsxwriter could not create the workbook")
        }
        var closed = false
        defer { if !closed { workbook_close(wb) } }
        let f = Formats(wb)

        var used: Set<String> = []
        let info = workbook_add_worksheet(wb, Self.sheetName("说明", used: &used))!
        var r: lxw_row_t = 0
        try check(worksheet_write_string(info, r, 0, report.title, f.title), path)
        for n in report.notes { r += 1; try check(worksheet_write_string(info, r, 0, n, nil), path) }
        r += 1
        for s in report.sections where s.note != nil {
            r += 1
            try check(worksheet_write_string(info, r, 0, s.title, f.bold), path)
            try check(worksheet_write_string(info, r, 1, Self.cellText(s.note!), nil), path)
        }
        worksheet_set_column(info, 0, 0, 28, nil)
        worksheet_set_column(info, 1, 1, 100, nil)

        for s in report.sections {
            guard let ws = workbook_add_worksheet(wb, Self.sheetName(s.title, used: &used)) else {
                throw ReportError.cannotWrite(path: path, reason: "cannot add sheet \(s.title)")
            }
            try sheet(ws, s, f, path)
        }
        closed = true
        let rc = workbook_close(wb)
        guard rc == LXW_NO_ERROR else {
            throw ReportError.cannotWrite(path: path, reason: String(cString: lxw_strerror(rc)))
        }
    }

    /// The cell formats of one workbook.
    struct Formats {
        let title, bold, header, money, integer, percent, date: UnsafeMutablePointer<lxw_format>
        let totalMoney, totalInteger, totalPercent, totalText: UnsafeMutablePointer<lxw_format>
        /// Text on several lines (a finding's evidence), top-aligned.
        let wrapped: UnsafeMutablePointer<lxw_format>

        init(_ wb: UnsafeMutablePointer<lxw_workbook>) {
            func make(_ num: String?, bold: Bool = false) -> UnsafeMutablePointer<lxw_format> {
                let f = workbook_add_format(wb)!
                if let num { format_set_num_format(f, num) }
                if bold { format_set_bold(f) }
                return f
            }
            title = make(nil, bold: true)
            format_set_font_size(title, 14)
            bold = make(nil, bold: true)
            header = make(nil, bold: true)
            format_set_bg_color(header, 0xEEF3F8)
            format_set_bottom(header, UInt8(LXW_BORDER_THIN.rawValue))
            money = make("#,##0.00")
            integer = make("#,##0")
            percent = make("0.0%")
            date = make("yyyy-mm-dd")
            totalMoney = make("#,##0.00", bold: true)
            totalInteger = make("#,##0", bold: true)
            totalPercent = make("0.0%", bold: true)
            totalText = make(nil, bold: true)
            wrapped = make(nil)
            format_set_text_wrap(wrapped)
            format_set_align(wrapped, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        }
    }

    func sheet(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ s: ReportSection, _ f: Formats, _ path: String) throws {
        var widths = s.columns.map { Double(DisplayWidth.of($0.title)) }
        func note(_ i: Int, _ v: ReportValue) {
            widths[i] = max(widths[i], Double(min(DisplayWidth.of(v.display()), 60)))
        }
        for (c, col) in s.columns.enumerated() {
            try check(worksheet_write_string(ws, 0, lxw_col_t(c), col.title, f.header), path)
        }
        var row: lxw_row_t = 1
        for r in s.rows {
            for (c, v) in r.enumerated() where c < s.columns.count {
                try cell(ws, row, lxw_col_t(c), v, f, total: false, path)
                note(c, v)
            }
            row += 1
        }
        let last = s.columns.count - 1
        if last >= 0 {
            worksheet_freeze_panes(ws, 1, 0)
            try check(worksheet_autofilter(ws, 0, 0, max(row - 1, 0), lxw_col_t(last)), path)
        }
        if let t = s.totals {
            for (c, v) in t.enumerated() where c < s.columns.count {
                try cell(ws, row, lxw_col_t(c), v, f, total: true, path)
                note(c, v)
            }
        }
        for (c, w) in widths.enumerated() {
            worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), min(max(w + 2, 8), 62), nil)
        }
        worksheet_set_paper(ws, 9)   // A4
        worksheet_repeat_rows(ws, 0, 0)
    }

    func cell(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ r: lxw_row_t, _ c: lxw_col_t, _ v: ReportValue,
              _ f: Formats, total: Bool, _ path: String) throws {
        switch v {
        case .empty:
            return
        case .text(let s):
            try check(worksheet_write_string(ws, r, c, Self.cellText(s), total ? f.totalText : nil), path)
        case .integer(let i):
            try check(worksheet_write_number(ws, r, c, Double(i), total ? f.totalInteger : f.integer), path)
        case .money(let fen):
            try check(worksheet_write_number(ws, r, c, Double(fen) / 100, total ? f.totalMoney : f.money), path)
        case .percent(let p):
            try check(worksheet_write_number(ws, r, c, p, total ? f.totalPercent : f.percent), path)
        case .evidence(let e):
            try check(worksheet_write_string(ws, r, c, Self.cellText(e.text), f.wrapped), path)
        case .date(let d):
            var dt = lxw_datetime(year: Int32(d.year), month: Int32(d.month), day: Int32(d.day), hour: 0, min: 0, sec: 0)
            try check(worksheet_write_datetime(ws, r, c, &dt, f.date), path)
        }
    }

    func check(_ rc: lxw_error, _ path: String) throws {
        guard rc == LXW_NO_ERROR else {
            throw ReportError.cannotWrite(path: path, reason: String(cString: lxw_strerror(rc)))
        }
    }

    /// Excel holds at most 32,767 characters in a cell.
    static func cellText(_ s: String) -> String {
        s.utf16.count <= 32_000 ? s : String(s.prefix(30_000)) + "…"
    }

    /// A valid, unique sheet name: at most 31 characters, none of `[]:*?/\`, no apostrophe at either
    /// end, unique ignoring case (a second 村 of the same name gets " (2)").
    public static func sheetName(_ title: String, used: inout Set<String>) -> String {
        var base = String(title.map { "[]:*?/\\".contains($0) ? "_" : $0 })
        while base.hasPrefix("'") { base.removeFirst() }
        while base.hasSuffix("'") { base.removeLast() }
        if base.isEmpty || base.lowercased() == "history" { base = "Sheet" }
        func fit(_ s: String, _ suffix: String) -> String {
            var s = s
            while s.count + suffix.count > 31 { s.removeLast() }
            return s + suffix
        }
        var name = fit(base, "")
        var k = 2
        while used.contains(name.lowercased()) {
            name = fit(base, " (\(k))")
            k += 1
        }
        used.insert(name.lowercased())
        return name
    }
}
