import ReconCore

/// The publication roster (公示清册) the villages post after the collection window: per village, who
/// paid, how much and through which channel — with ID numbers (first 6 and last 4 shown) and names
/// (first character shown) masked, as RULES.md requires of everything published.
///
/// One row per effective payment (personal or government) with a valid ID of the coverage year whose
/// person has a roster row of that insurance; the amount is what was kept (payment minus reversals).
/// Payments of persons without a roster row belong to no village and are not published; the note of
/// the report counts them.
public struct RosterReport: ReportQuery {
    public var year: Int
    public var area: AreaFilter

    public init(year: Int, area: AreaFilter = .init()) { self.year = year; self.area = area }

    public func run(on db: ReportDatabase) throws -> Report {
        let (areaSQL, areaParams) = area.sql(town: "r.town_code", village: "r.village_code")
        let rows = try db.rows("""
            WITH \(PaymentSQL.effective), \(PaymentSQL.roster)
            SELECT r.town_code, r.village_code, r.village_name, r.name, e.id_number, e.insurance, e.net_fen, e.channel,
                   substr(e.paid_at, 1, 10)
            FROM eff e JOIN person r ON r.id_number = e.id_number AND r.insurance = e.insurance
            WHERE 1 = 1\(areaSQL)
            ORDER BY r.town_code, r.village_code, r.household, e.id_number, e.insurance, e.paid_at
            """, [.int(Int64(year))] + areaParams)
        let outside = area.town == nil && area.village == nil ? try db.int("""
            WITH \(PaymentSQL.effective), \(PaymentSQL.roster)
            SELECT count(*) FROM eff e LEFT JOIN person r ON r.id_number = e.id_number AND r.insurance = e.insurance
            WHERE r.id_number IS NULL
            """, [.int(Int64(year))]) : nil

        let columns: [ReportColumn] = [
            .init("seq", "序号", .integer), .init("name", "姓名"), .init("id_number", "证件号码"),
            .init("insurance", "险种"), .init("amount_fen", "缴费金额", .money), .init("channel", "缴费渠道"),
            .init("paid_on", "缴费日期", .date),
        ]
        var sections: [ReportSection] = []
        var start = 0
        while start < rows.count {
            let village = rows[start].string(1)
            var end = start
            while end < rows.count && rows[end].string(1) == village { end += 1 }
            let slice = rows[start..<end]
            let name = rows[start].string(2)
            var s = ReportSection(
                key: "village_" + village, title: name.isEmpty ? village : name,
                columns: columns,
                rows: slice.enumerated().map { i, r in
                    [.integer(Int64(i + 1)), .text(Mask.name(r.string(3))), .text(Mask.idNumber(r.string(4))),
                     .text(Labels.insurance(r.text(5))), .money(r.int(6)), .text(Labels.channel(r.text(7))),
                     LocalDate(r.string(8)).map { .date($0) } ?? .text(r.string(8))]
                },
                note: "村居代码 \(village)（乡镇代码 \(rows[start].string(0))）：养老 \(slice.filter { $0.string(5) == "pension" }.count) 人次，医疗 \(slice.filter { $0.string(5) == "medical" }.count) 人次")
            s.totals = s.summed(label: "合计 \(slice.count) 笔", skip: ["seq"])
            s.newPage = true
            sections.append(s)
            start = end
        }
        var notes = ["\(year) 年度城乡居民基本养老、基本医疗保险缴费公示", "证件号码显示前6位和后4位，姓名显示首字"]
        if let a = area.note { notes.insert(a, at: 0) }
        if let outside, outside > 0 { notes.append("另有 \(outside) 笔有效缴费的人员无参保登记，不在各村居公示中") }
        return Report(name: "roster", title: "缴费公示清册（\(year) 年度）", notes: notes, sections: sections)
    }
}
