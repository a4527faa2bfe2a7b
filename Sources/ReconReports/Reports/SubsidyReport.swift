import ReconCore

/// Finance's report: government spending per town and category as the data gives it (RULES.md "What
/// the subsidy lines must equal"), against the disbursement claimed (the newest file's line of each
/// (乡镇代码, 险种, 补助类别)), with the differences and the totals.
///
/// The figures are those `SubsidyMismatch` checks, computed in SQL so the report runs in well under a
/// second: effective payments with a valid ID of the policy year, each person (roster row of the
/// insurance) counted once under the town of that row.
public struct SubsidyReport: ReportQuery {
    public var policy: Policy

    /// - Parameter policy: the coverage year's policy (disbursement files claim for the newest one).
    public init(policy: Policy) { self.policy = policy }

    /// The computed (人数, 金额) per town and category.
    public func computed(_ db: ReportDatabase) throws -> [String: SubsidyTotals] {
        var band = "CASE"
        for b in policy.subsidyBands.reversed() { band += " WHEN largest >= \(b.fromFen) THEN \(b.subsidyFen)" }
        band += " ELSE 0 END"
        let rows = try db.rows("""
            WITH \(PaymentSQL.effective), \(PaymentSQL.roster),
            paid AS (
                SELECT r.town_code, e.insurance, MAX(e.amount_fen) AS largest,
                       MAX(e.channel = 'gov') AS has_gov,
                       SUM(CASE WHEN e.channel = 'gov' THEN e.amount_fen ELSE 0 END) AS gov_fen,
                       MAX(e.channel = 'gov' AND e.amount_fen = ?2) AS has_full,
                       SUM(CASE WHEN e.channel = 'gov' AND e.amount_fen = ?2 THEN e.amount_fen ELSE 0 END) AS full_fen,
                       MAX(e.channel = 'gov' AND e.amount_fen = ?3) AS has_half,
                       SUM(CASE WHEN e.channel = 'gov' AND e.amount_fen = ?3 THEN e.amount_fen ELSE 0 END) AS half_fen
                FROM eff e JOIN person r ON r.id_number = e.id_number AND r.insurance = e.insurance
                GROUP BY e.id_number, e.insurance)
            SELECT town_code, insurance, count(*), SUM(\(band)), SUM(has_gov), SUM(gov_fen), SUM(has_full),
                   SUM(full_fen), SUM(has_half), SUM(half_fen)
            FROM paid GROUP BY town_code, insurance
            """, [.int(Int64(policy.year)), .int(policy.fullPaidGovernmentFen), .int(policy.halfPaidGovernmentFen)])
        var towns: [String: SubsidyTotals] = [:]
        for r in rows {
            var t = towns[r.string(0)] ?? SubsidyTotals()
            if r.string(1) == Insurance.pension.rawValue {
                t.contributionPersons = Int(r.int(2)); t.contributionFen = r.int(3)
                t.disabledPersons = Int(r.int(4)); t.disabledFen = r.int(5)
            } else {
                t.fiscalPersons = Int(r.int(2)); t.fiscalFen = r.int(2) * policy.medicalFiscalFen
                t.fullPersons = Int(r.int(6)); t.fullFen = r.int(7)
                t.halfPersons = Int(r.int(8)); t.halfFen = r.int(9)
            }
            towns[r.string(0)] = t
        }
        return towns
    }

    /// The claimed line of each "town|category": the newest file's (file date, then name, then line).
    func claims(_ db: ReportDatabase) throws -> [String: (persons: Int64, fen: Int64, file: String)] {
        var out: [String: (persons: Int64, fen: Int64, file: String)] = [:]
        for r in try db.rows("""
            SELECT town_code, category, persons, amount_fen, file_name FROM disbursement
            ORDER BY file_date, file_name, line_no
            """) {
            out[r.string(0) + "|" + r.string(1)] = (r.int(2), r.int(3), r.string(4))
        }
        return out
    }

    public func run(on db: ReportDatabase) throws -> Report {
        let data = try computed(db)
        let claimed = try claims(db)
        let plan = CollectionPlan.plan(for: policy.year)
        var towns = Set(data.keys)
        for k in claimed.keys { towns.insert(String(k.split(separator: "|")[0])) }
        let categories = DisbursementRow.Category.allCases

        var rows: [[ReportValue]] = []
        var perCategory: [DisbursementRow.Category: (p: Int64, fen: Int64, cp: Int64, cfen: Int64, claimed: Bool)] = [:]
        for town in towns.sorted() {
            for c in categories {
                let d: (persons: Int, amountFen: Int64) = data[town]?[c] ?? (0, 0)
                let claim = claimed[town + "|" + c.rawValue]
                if d.persons == 0 && claim == nil { continue }
                var row: [ReportValue] = [.text(town), .text(plan?.town(code: town)?.name ?? ""), .text(c.insurance.chinese),
                                          .text(c.chinese), .integer(Int64(d.persons)), .money(d.amountFen)]
                var acc = perCategory[c] ?? (0, 0, 0, 0, false)
                acc.p += Int64(d.persons); acc.fen += d.amountFen
                if let claim {
                    row += [.integer(claim.persons), .money(claim.fen), .integer(claim.persons - Int64(d.persons)),
                            .money(claim.fen - d.amountFen),
                            .text(claim.persons == Int64(d.persons) && claim.fen == d.amountFen ? "是" : "否")]
                    acc.cp += claim.persons; acc.cfen += claim.fen; acc.claimed = true
                } else {
                    row += [.empty, .empty, .empty, .empty, .text("未申报")]
                }
                perCategory[c] = acc
                rows.append(row)
            }
        }
        let money: [ReportColumn] = [
            .init("computed_persons", "核算人数", .integer), .init("computed_fen", "核算金额", .money),
            .init("claimed_persons", "申报人数", .integer), .init("claimed_fen", "申报金额", .money),
            .init("difference_persons", "人数差（申报−核算）", .integer),
            .init("difference_fen", "金额差（申报−核算）", .money), .init("matches", "相符"),
        ]
        var byTown = ReportSection(
            key: "by_town", title: "各镇街补助核算与申报",
            columns: [.init("town_code", "乡镇代码"), .init("town", "镇街"), .init("insurance", "险种"),
                      .init("category", "补助类别")] + money,
            rows: rows,
            note: "核算：\(policy.year) 年度有效缴费（含政府代缴），按参保登记所在乡镇每人计一次；缴费补贴按每人最大一笔养老缴费分档，财政补助为人数 × \(ReportValue.yuan(policy.medicalFiscalFen)) 元。申报：每个乡镇、险种、类别取最新拨付申报文件的一行。")
        byTown.totals = byTown.summed(skip: ["town", "insurance", "category", "matches"])
        var totals = ReportSection(
            key: "by_category", title: "全区按类别合计",
            columns: [.init("insurance", "险种"), .init("category", "补助类别")] + money,
            rows: categories.compactMap { c in
                guard let a = perCategory[c] else { return nil }
                var row: [ReportValue] = [.text(c.insurance.chinese), .text(c.chinese), .integer(a.p), .money(a.fen)]
                row += a.claimed ? [.integer(a.cp), .money(a.cfen), .integer(a.cp - a.p), .money(a.cfen - a.fen),
                                    .text(a.cp == a.p && a.cfen == a.fen ? "是" : "否")]
                                 : [.empty, .empty, .empty, .empty, .text("未申报")]
                return row
            })
        totals.totals = totals.summed(skip: ["category", "matches"])
        totals.charts = [BarChart(
            title: "政府支出（核算，按类别）", unit: .money,
            bars: categories.compactMap { c in perCategory[c].map { .init(c.chinese, Double($0.fen)) } },
            caption: "合计 \(ReportValue.yuan(perCategory.values.reduce(0) { $0 + $1.fen })) 元")]
        return Report(name: "subsidy", title: "财政补助核算（\(policy.year) 年度）",
                      notes: ["政策年度：\(policy.year)", "数据库：\(db.path)"], sections: [totals, byTown])
    }
}
