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
        let data = try PersonYears(db, year: year, area: area)
        let outside: Int? = area.town == nil && area.village == nil ? data.outside : nil
        // One line per payment: village, household, ID, insurance, time.
        let paid = data.persons.filter(\.isCovered)
            .sorted { ($0.town, $0.village, $0.household, $0.id, $0.insurance) < ($1.town, $1.village, $1.household, $1.id, $1.insurance) }
        let rows: [(p: PersonYears.Person, pay: PersonYears.Payment)] = paid.flatMap { p in
            p.payments.sorted { $0.paidAt < $1.paidAt }.map { (p, $0) }
        }
        let columns: [ReportColumn] = [
            .init("seq", "序号", .integer), .init("name", "姓名"), .init("id_number", "证件号码"),
            .init("insurance", "险种"), .init("amount_fen", "缴费金额", .money), .init("channel", "缴费渠道"),
            .init("paid_on", "缴费日期", .date),
        ]
        var sections: [ReportSection] = []
        var start = 0
        while start < rows.count {
            let village = rows[start].p.village
            var end = start
            while end < rows.count && rows[end].p.village == village { end += 1 }
            let slice = rows[start..<end]
            let name = rows[start].p.villageName
            let pension = slice.filter { $0.p.insurance == Insurance.pension.rawValue }.count
            var s = ReportSection(
                key: "village_" + village, title: name.isEmpty ? village : name,
                columns: columns,
                rows: slice.enumerated().map { i, r in
                    [.integer(Int64(i + 1)), .text(Mask.name(r.p.name)), .text(Mask.idNumber(r.p.id)),
                     .text(Labels.insurance(r.p.insurance)), .money(r.pay.netFen), .text(Labels.channel(r.pay.channel)),
                     LocalDate(String(r.pay.paidAt.prefix(10))).map { .date($0) } ?? .text(r.pay.paidAt)]
                },
                note: "村居代码 \(village)（乡镇代码 \(rows[start].p.town)）：养老 \(pension) 人次，医疗 \(slice.count - pension) 人次")
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
