import ReconCore

/// The publication roster (公示清册) the villages post after the collection window: per village, who
/// paid, how much and through which channel — with ID numbers (first 6 and last 4 shown) and names
/// (first character shown) masked, as RULES.md requires of everything published.
///
/// One row per effective payment (personal or government) with a valid ID of the coverage year whose
/// person has a roster row of that insurance; the amount is what was kept (payment minus reversals).
/// Payments of persons without a roster row belong to no village and are not published; the note of
/// the report counts them. Read from the lines the last reconciliation run summarised
/// (`report_roster_lines`, indexed by year and village), each with the person of its roster line.
public struct RosterReport: ReportQuery {
    public var year: Int
    public var area: AreaFilter

    public init(year: Int, area: AreaFilter = .init()) { self.year = year; self.area = area }

    public func run(on db: ReportDatabase) throws -> Report {
        let summaries = try db.summaryRun()
        let counted = try db.summaryYear(year)
        let outside: Int64? = area.town == nil && area.village == nil ? counted.outside : nil
        // The lines name roster lines (enrollment.line_no, schema v4); the person is read from there.
        try db.requireSchema(4)
        guard try db.int("""
            SELECT COALESCE((SELECT value FROM meta WHERE key = ?), '') = COALESCE((SELECT value FROM meta WHERE key = 'roster_file_id'), '')
            """, [.text(Schema.reportRosterFileKey)]) == 1 else { throw ReportError.rosterChanged }
        // One line per payment, by village, household, ID, insurance and time (`report_roster_lines`). The
        // index serves one village, and a town through its villages (the lines keep no town: the
        // candidates are the villages the roster puts in the town, the town is checked on the roster
        // row); the county is all of the table: one scan reads it faster than the index's lookups.
        var (areaSQL, areaParams) = area.sql(town: "e.town_code", village: "l.village_code")
        if let town = area.town, area.village == nil {
            areaSQL += " AND l.village_code IN (SELECT DISTINCT village_code FROM enrollment WHERE town_code = ?)"
            areaParams.append(.text(town))
        }
        let rows = try db.rows("""
            SELECT l.village_code, e.village_name, e.town_code, e.name, e.id_number, e.insurance, l.net_fen, r.channel,
                   r.paid_at
            FROM report_roster_lines l\(area == AreaFilter() ? " NOT INDEXED" : "")
            JOIN enrollment e ON e.line_no = l.roster_line JOIN records r ON r.id = l.record_id
            WHERE l.year = ?\(areaSQL)
            ORDER BY e.town_code, l.village_code, e.household, e.id_number, e.insurance, r.paid_at, l.record_id
            """, [.int(Int64(year))] + areaParams)
        let columns: [ReportColumn] = [
            .init("seq", "序号", .integer), .init("name", "姓名"), .init("id_number", "证件号码"),
            .init("insurance", "险种"), .init("amount_fen", "缴费金额", .money), .init("channel", "缴费渠道"),
            .init("paid_on", "缴费日期", .date),
        ]
        var sections: [ReportSection] = []
        var start = 0
        while start < rows.count {
            let village = rows[start].string(0)
            var end = start
            while end < rows.count && rows[end].string(0) == village { end += 1 }
            let slice = rows[start..<end]
            let name = rows[start].string(1)
            let pension = slice.filter { $0.string(5) == Insurance.pension.rawValue }.count
            var s = ReportSection(
                key: "village_" + village, title: name.isEmpty ? village : name,
                columns: columns,
                rows: slice.enumerated().map { i, r in
                    let paidAt = r.string(8)
                    return [.integer(Int64(i + 1)), .text(Mask.name(r.string(3))), .text(Mask.idNumber(r.string(4))),
                            .text(Labels.insurance(r.string(5))), .money(r.int(6)), .text(Labels.channel(r.string(7))),
                            LocalDate(String(paidAt.prefix(10))).map { .date($0) } ?? .text(paidAt)]
                },
                note: "村居代码 \(village)（乡镇代码 \(rows[start].string(2))）：养老 \(pension) 人次，医疗 \(slice.count - pension) 人次")
            s.totals = try s.summed(label: "合计 \(slice.count) 笔", skip: ["seq"])
            s.newPage = true
            sections.append(s)
            start = end
        }
        var notes = ["\(year) 年度城乡居民基本养老、基本医疗保险缴费公示", "证件号码显示前6位和后4位，姓名显示首字"]
        if let a = area.note { notes.insert(a, at: 0) }
        notes.append(summaries.note)
        if let outside, outside > 0 { notes.append("另有 \(outside) 笔有效缴费的人员无参保登记，不在各村居公示中") }
        return Report(name: "roster", title: "缴费公示清册（\(year) 年度）", notes: notes, sections: sections)
    }
}
