import ReconCore

/// Finance's report: government spending per town and category as the data gives it (RULES.md "What
/// the subsidy lines must equal"), against the disbursement claimed (the newest file's line of each
/// (乡镇代码, 险种, 补助类别)), with the differences and the totals.
///
/// The figures are those `SubsidyMismatch` checks (a test holds them equal): effective payments with a
/// valid ID of the policy year, each person (roster row of the insurance) counted once under its
/// town — read from the facts the last reconciliation run summarised, with this policy's amounts.
public struct SubsidyReport: ReportQuery {
    public var policy: Policy

    /// - Parameter policy: the coverage year's policy (disbursement files claim for the newest one).
    public init(policy: Policy) { self.policy = policy }

    /// The computed (人数, 金额) per town and category, from the facts the reconciler summarised
    /// (`report_subsidy_facts`) with this report's policy amounts applied.
    public func computed(_ db: ReportDatabase) throws -> [String: SubsidyTotals] {
        _ = try db.summaryYear(policy.year)
        var towns: [String: SubsidyTotals] = [:]
        for r in try db.rows("""
            SELECT town_code, fact, amount_fen, persons, total_fen FROM report_subsidy_facts WHERE year = ?
            """, [.int(Int64(policy.year))]) {
            let amount = r.int(2), persons = r.int(3), total = r.int(4)
            var t = towns[r.string(0)] ?? SubsidyTotals()
            switch r.string(1) {
            case "pension_largest":
                t.contributionPersons += Int(persons)
                t.contributionFen += persons * policy.contributionSubsidy(forLargestPaymentFen: amount)
            case "pension_government":
                t.disabledPersons += Int(persons)
                t.disabledFen += total
            case "medical":
                t.fiscalPersons += Int(persons)
                t.fiscalFen += persons * policy.medicalFiscalFen
            case "medical_government":
                if amount == policy.fullPaidGovernmentFen { t.fullPersons += Int(persons); t.fullFen += total }
                if amount == policy.halfPaidGovernmentFen { t.halfPersons += Int(persons); t.halfFen += total }
            default:
                continue
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
        let summaries = try db.summaryRun()
        let data = try computed(db)
        let claimed = try claims(db)
        let plan = CollectionPlan.plan(for: policy.year)
        var towns = Set(data.keys)
        for k in claimed.keys { towns.insert(String(k.split(separator: "|")[0])) }
        let categories = DisbursementRow.Category.allCases

        // A line (town, category) is claimed or not. Claimed lines compare 核算 with 申报; lines no town
        // claimed are listed on their own (未申报) and never counted as differences, so every total is
        // the sum of the rows above it and the county table agrees with the town table.
        var claimedRows: [[ReportValue]] = [], unclaimedRows: [[ReportValue]] = []
        var perCategory: [DisbursementRow.Category: CategoryTotals] = [:]
        for town in towns.sorted() {
            for c in categories {
                let d: (persons: Int, amountFen: Int64) = data[town]?[c] ?? (0, 0)
                let claim = claimed[town + "|" + c.rawValue]
                if d.persons == 0 && claim == nil { continue }
                let line: [ReportValue] = [.text(town), .text(plan?.town(code: town)?.name ?? ""), .text(c.insurance.chinese),
                                           .text(c.chinese), .integer(Int64(d.persons)), .money(d.amountFen)]
                // Computed figures are sums of capped payments (Money.maxRowFen): `+` cannot trap. What
                // a disbursement file claims has no cap: its sums and differences are checked.
                var acc = perCategory[c] ?? CategoryTotals()
                if let claim {
                    claimedRows.append(line + (try Self.comparison(Int64(d.persons), d.amountFen, claim.persons, claim.fen)))
                    acc.persons += Int64(d.persons); acc.fen += d.amountFen
                    acc.claimedPersons = try Money.checkedSum([acc.claimedPersons, claim.persons], "申报人数")
                    acc.claimedFen = try Money.checkedSum([acc.claimedFen, claim.fen], "申报金额")
                    acc.claimedLines += 1
                } else {
                    unclaimedRows.append(line)
                    acc.unclaimedPersons += Int64(d.persons); acc.unclaimedFen += d.amountFen
                }
                perCategory[c] = acc
            }
        }
        let comparison: [ReportColumn] = [
            .init("computed_persons", "核算人数", .integer), .init("computed_fen", "核算金额", .money),
            .init("claimed_persons", "申报人数", .integer), .init("claimed_fen", "申报金额", .money),
            .init("difference_persons", "人数差（申报−核算）", .integer),
            .init("difference_fen", "金额差（申报−核算）", .money), .init("matches", "相符"),
        ]
        let lineColumns: [ReportColumn] = [.init("town_code", "乡镇代码"), .init("town", "镇街"), .init("insurance", "险种"),
                                           .init("category", "补助类别")]
        var byTown = ReportSection(
            key: "by_town", title: "各镇街申报与核算",
            columns: lineColumns + comparison,
            rows: claimedRows,
            note: "核算：\(policy.year) 年度有效缴费（含政府代缴），按参保登记所在乡镇每人计一次；缴费补贴按每人最大一笔养老缴费分档，财政补助为人数 × \(ReportValue.yuan(policy.medicalFiscalFen)) 元。申报：每个乡镇、险种、类别取最新拨付申报文件的一行。只列已申报的行；未申报的见下表。")
        byTown.totals = try byTown.summed(label: "合计 \(claimedRows.count) 行", skip: ["town", "insurance", "category", "matches"])
        var unclaimed = ReportSection(
            key: "unclaimed", title: "未申报（有核算、无申报）",
            columns: lineColumns + [.init("computed_persons", "核算人数", .integer), .init("computed_fen", "核算金额", .money)],
            rows: unclaimedRows,
            note: unclaimedRows.isEmpty ? "每个有核算的乡镇、类别都已申报。"
                : "这些乡镇、类别按数据应有补助支出，但没有拨付申报：不计入差额，请核实是否漏报。")
        unclaimed.totals = try unclaimed.summed(label: "合计 \(unclaimedRows.count) 行", skip: ["town", "insurance", "category"])
        var totals = ReportSection(
            key: "by_category", title: "全区按类别合计",
            columns: [.init("insurance", "险种"), .init("category", "补助类别")] + comparison
                + [.init("unclaimed_persons", "未申报核算人数", .integer), .init("unclaimed_fen", "未申报核算金额", .money)],
            rows: try categories.compactMap { c in
                guard let a = perCategory[c] else { return nil }
                var row: [ReportValue] = [.text(c.insurance.chinese), .text(c.chinese)]
                row += a.claimedLines > 0
                    ? [.integer(a.persons), .money(a.fen)] + (try Self.comparison(a.persons, a.fen, a.claimedPersons, a.claimedFen))
                    : [.empty, .empty, .empty, .empty, .empty, .empty, .text("未申报")]
                return row + [.integer(a.unclaimedPersons), .money(a.unclaimedFen)]
            },
            note: "核算、申报与差额只计已申报的行（与各镇街表一致）；未申报行的核算另列两栏。")
        totals.totals = try totals.summed(skip: ["category", "matches"])
        totals.charts = [BarChart(
            title: "政府支出（核算，按类别，含未申报）", unit: .money,
            bars: categories.compactMap { c in perCategory[c].map { .init(c.chinese, Double($0.fen + $0.unclaimedFen)) } },
            caption: "合计 \(ReportValue.yuan(perCategory.values.reduce(0) { $0 + $1.fen + $1.unclaimedFen })) 元")]
        return Report(name: "subsidy", title: "财政补助核算（\(policy.year) 年度）",
                      notes: ["政策年度：\(policy.year)", summaries.note, "数据库：\(db.path)"], sections: [totals, byTown, unclaimed])
    }

    /// What one category adds up to over the county.
    struct CategoryTotals {
        var persons: Int64 = 0, fen: Int64 = 0, claimedPersons: Int64 = 0, claimedFen: Int64 = 0, claimedLines = 0
        var unclaimedPersons: Int64 = 0, unclaimedFen: Int64 = 0
    }

    /// 申报人数, 申报金额, the two differences (申报 − 核算) and 相符 of a claimed line.
    static func comparison(_ persons: Int64, _ fen: Int64, _ claimedPersons: Int64, _ claimedFen: Int64) throws -> [ReportValue] {
        [.integer(claimedPersons), .money(claimedFen),
         .integer(try Money.checkedDifference(claimedPersons, persons, "人数差（申报−核算）")),
         .money(try Money.checkedDifference(claimedFen, fen, "金额差（申报−核算）")),
         .text(claimedPersons == persons && claimedFen == fen ? "是" : "否")]
    }
}

