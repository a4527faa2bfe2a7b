import ReconCore

/// Coverage per town and village for the districts's leaders and the village agents: payers against
/// the plan of the notice's 附件2, the pension targets by age (45–59 ≥ 95 %, 16–44 ≥ 60 %), medical
/// against everyone enrolled, and who is still unpaid, village by village, for the agents to follow up.
///
/// Counted over the current roster rows of status 正常 (the first row of each ID and insurance, as the
/// reconciler takes it): a person is covered with an effective payment (personal or government) with
/// a valid ID of the coverage year. Pension targets count persons of pension age (the policy's ages,
/// from the ID's birth date on the age reference day) who are not students; medical counts everyone.
/// Payers against the plan are persons with an effective personal payment: the plan's counts leave out
/// those whose contribution the government pays (附件2's note).
///
/// Read from the counts and the unpaid the reconciler summarised (`report_coverage`, `report_unpaid`):
/// the figures of the last reconciliation run, whose policy must count ages on the same day.
public struct CoverageReport: ReportQuery {
    public var policy: Policy
    public var plan: CollectionPlan
    public var area: AreaFilter

    public init(policy: Policy, plan: CollectionPlan, area: AreaFilter = .init()) {
        self.policy = policy; self.plan = plan; self.area = area
    }

    /// Counts of one village or town.
    struct Counts: Sendable, Equatable {
        /// Pension: persons of pension age, not students; and of them covered.
        var pensionEnrolled: Int64 = 0
        var pensionCovered: Int64 = 0
        /// Per `plan.pensionTargets`, in order: enrolled and covered of the age band.
        var bandEnrolled: [Int64]
        var bandCovered: [Int64]
        var medicalEnrolled: Int64 = 0
        var medicalCovered: Int64 = 0
        /// Persons with an effective personal payment (against the plan).
        var pensionPayers: Int64 = 0
        var medicalPayers: Int64 = 0

        init(bands: Int) { bandEnrolled = Array(repeating: 0, count: bands); bandCovered = bandEnrolled }

        mutating func add(_ o: Counts) {
            pensionEnrolled += o.pensionEnrolled; pensionCovered += o.pensionCovered
            for i in bandEnrolled.indices { bandEnrolled[i] += o.bandEnrolled[i]; bandCovered[i] += o.bandCovered[i] }
            medicalEnrolled += o.medicalEnrolled; medicalCovered += o.medicalCovered
            pensionPayers += o.pensionPayers; medicalPayers += o.medicalPayers
        }

        var unpaid: Int64 { pensionEnrolled - pensionCovered + medicalEnrolled - medicalCovered }
    }

    /// Of pension age (the policy's, inclusive) and not a student.
    func isPensionAge(age: Int, student: Bool) -> Bool {
        !student && age >= policy.pensionMinAge && age <= policy.pensionMaxAge
    }

    /// Per village: (town, village code, village name, counts), by town then village code — from the
    /// counts the reconciler summarised (`report_coverage`).
    func villages(_ db: ReportDatabase) throws -> [(town: String, code: String, name: String, counts: Counts)] {
        let bands = plan.pensionTargets
        let (areaSQL, areaParams) = area.sql(town: "town_code", village: "village_code")
        var out: [String: (town: String, code: String, name: String, counts: Counts)] = [:]
        for r in try db.rows("""
            SELECT town_code, village_code, village_name, insurance, age, student, covered, personal, persons
            FROM report_coverage WHERE year = ?\(areaSQL)
            """, [.int(Int64(policy.year))] + areaParams) {
            let code = r.string(1)
            let n = r.int(8), covered = r.int(6) != 0, personal = r.int(7) != 0
            var v = out[code] ?? (r.string(0), code, r.string(2), Counts(bands: bands.count))
            if r.string(3) == Insurance.medical.rawValue {
                v.counts.medicalEnrolled += n
                if covered { v.counts.medicalCovered += n }
                if personal { v.counts.medicalPayers += n }
            } else {
                if personal { v.counts.pensionPayers += n }
                let age = Int(r.int(4))
                if !r.isNull(4) && isPensionAge(age: age, student: r.int(5) != 0) {
                    v.counts.pensionEnrolled += n
                    if covered { v.counts.pensionCovered += n }
                    for (i, b) in bands.enumerated() where age >= b.minAge && age <= b.maxAge {
                        v.counts.bandEnrolled[i] += n
                        if covered { v.counts.bandCovered[i] += n }
                    }
                }
            }
            out[code] = v
        }
        return out.values.sorted { ($0.town, $0.code) < ($1.town, $1.code) }
    }

    var rateColumns: [ReportColumn] {
        var cols: [ReportColumn] = [
            .init("pension_enrolled", "养老应缴（\(policy.pensionMinAge)–\(policy.pensionMaxAge)岁非学生）", .integer),
            .init("pension_covered", "养老已缴", .integer), .init("pension_rate", "养老缴费率", .percent),
        ]
        for b in plan.pensionTargets {
            let k = "\(b.minAge)_\(b.maxAge)"
            cols += [.init("pension_\(k)_enrolled", "\(b.minAge)–\(b.maxAge)岁应缴", .integer),
                     .init("pension_\(k)_covered", "\(b.minAge)–\(b.maxAge)岁已缴", .integer),
                     .init("pension_\(k)_rate", "\(b.minAge)–\(b.maxAge)岁缴费率（目标\(ReportValue.percent(b.rate))）", .percent)]
        }
        cols += [.init("medical_enrolled", "医疗参保", .integer), .init("medical_covered", "医疗已缴", .integer),
                 .init("medical_rate", "医疗缴费率（目标\(ReportValue.percent(plan.medicalTarget))）", .percent),
                 .init("unpaid", "未缴人次", .integer)]
        return cols
    }

    func rateCells(_ c: Counts) -> [ReportValue] {
        var v: [ReportValue] = [.integer(c.pensionEnrolled), .integer(c.pensionCovered), .ratio(c.pensionCovered, c.pensionEnrolled)]
        for i in plan.pensionTargets.indices {
            v += [.integer(c.bandEnrolled[i]), .integer(c.bandCovered[i]), .ratio(c.bandCovered[i], c.bandEnrolled[i])]
        }
        v += [.integer(c.medicalEnrolled), .integer(c.medicalCovered), .ratio(c.medicalCovered, c.medicalEnrolled),
              .integer(c.unpaid)]
        return v
    }

    public func run(on db: ReportDatabase) throws -> Report {
        let summaries = try db.summaryRun()
        let counted = try db.summaryYear(policy.year).ageReferenceDay
        guard let counted else { throw ReportError.noSummaryYear(policy.year) }
        guard counted == policy.ageReferenceDay.description else {
            throw ReportError.summaryAgeDay(year: policy.year, counted: counted, policy: policy.ageReferenceDay.description)
        }
        let villages = try self.villages(db)
        let bands = plan.pensionTargets.count
        var towns: [String: Counts] = [:]
        var villageNames: [String: String] = [:]
        for v in villages {
            towns[v.town, default: Counts(bands: bands)].add(v.counts)
            villageNames[v.code] = v.name
        }
        var townCodes = Set(towns.keys)
        if area.town == nil && area.village == nil { for t in plan.towns { townCodes.insert(t.code) } }
        var total = Counts(bands: bands)
        for c in towns.values { total.add(c) }

        let planColumns: [ReportColumn] = [
            .init("pension_payers", "养老个人缴费人数", .integer), .init("pension_plan", "养老计划人数", .integer),
            .init("pension_plan_rate", "养老完成率", .percent),
            .init("medical_payers", "医疗个人缴费人数", .integer), .init("medical_plan", "医疗计划人数", .integer),
            .init("medical_plan_rate", "医疗完成率", .percent),
        ]
        func planCells(_ c: Counts, _ t: CollectionPlan.Town?) -> [ReportValue] {
            let pp = t.map { Int64($0.pensionPayers) }, mp = t.map { Int64($0.medicalPayers) }
            return [.integer(c.pensionPayers), pp.map { .integer($0) } ?? .empty, pp.map { .ratio(c.pensionPayers, $0) } ?? .empty,
                    .integer(c.medicalPayers), mp.map { .integer($0) } ?? .empty, mp.map { .ratio(c.medicalPayers, $0) } ?? .empty]
        }
        let orderedTowns = townCodes.sorted()
        var townSection = ReportSection(
            key: "by_town", title: "各镇街缴费进度",
            columns: [.init("town_code", "乡镇代码"), .init("town", "镇街")] + planColumns + rateColumns,
            rows: orderedTowns.map { code in
                let c = towns[code] ?? Counts(bands: bands)
                return [.text(code), .text(plan.town(code: code)?.name ?? "")] + planCells(c, plan.town(code: code)) + rateCells(c)
            },
            note: "计划人数为《征缴统计参照表》（附件2），不含政府代缴（免缴费）人群，故与个人缴费人数比较；缴费率的分母为参保状态正常的登记人员，分子为有有效缴费（含政府代缴）的人员。")
        let planTotal = CollectionPlan.Town(code: "", name: "", villages: 0,
                                            pensionPayers: orderedTowns.compactMap { plan.town(code: $0)?.pensionPayers }.reduce(0, +),
                                            medicalPayers: orderedTowns.compactMap { plan.town(code: $0)?.medicalPayers }.reduce(0, +))
        townSection.totals = [.text("合计"), .empty] + planCells(total, planTotal) + rateCells(total)
        townSection.charts = charts(orderedTowns.map { ($0, plan.town(code: $0)?.name ?? $0, towns[$0] ?? Counts(bands: bands)) }, total)

        var villageSection = ReportSection(
            key: "by_village", title: "各村居缴费进度",
            columns: [.init("town_code", "乡镇代码"), .init("village_code", "村居代码"), .init("village", "村居")]
                + [.init("pension_payers", "养老个人缴费人数", .integer), .init("medical_payers", "医疗个人缴费人数", .integer)]
                + rateColumns,
            rows: villages.map { v in
                [.text(v.town), .text(v.code), .text(v.name), .integer(v.counts.pensionPayers), .integer(v.counts.medicalPayers)]
                    + rateCells(v.counts)
            })
        villageSection.totals = [.text("合计"), .empty, .empty, .integer(total.pensionPayers), .integer(total.medicalPayers)]
            + rateCells(total)

        let windowEnd = policy.windowLastDay.description
        let (areaSQL, areaParams) = area.sql(town: "town_code", village: "village_code")
        let unpaid = try db.rows("""
            SELECT village_code, village_name, household, name, id_number, insurance, age, death_date, employed
            FROM report_unpaid
            WHERE year = ?1 AND (insurance = 'medical' OR (student = 0 AND age BETWEEN ?2 AND ?3))\(areaSQL)
            ORDER BY town_code, village_code, household, id_number, insurance
            """, [.int(Int64(policy.year)), .int(Int64(policy.pensionMinAge)), .int(Int64(policy.pensionMaxAge))] + areaParams)
        let unpaidSection = ReportSection(
            key: "unpaid", title: "未缴费人员（按村居）",
            columns: [.init("village_code", "村居代码"), .init("village", "村居"), .init("household", "户号"),
                      .init("name", "姓名"), .init("id_number", "证件号码（脱敏）"), .init("insurance", "险种"),
                      .init("age", "年龄", .integer), .init("remark", "备注")],
            rows: unpaid.map { r in
                var remark: [String] = []
                if let d = r.text(7) { remark.append(d <= windowEnd ? "已死亡 \(d)" : "死亡 \(d)") }
                if r.int(8) != 0 { remark.append(r.string(5) == Insurance.pension.rawValue ? "有职工养老" : "有职工医保") }
                return [.text(r.string(0)), .text(r.string(1)), .text(r.string(2)), .text(r.string(3)),
                        .text(Mask.idNumber(r.string(4))), .text(Labels.insurance(r.string(5))), .integer(r.int(6)),
                        .text(remark.joined(separator: "；"))]
            },
            note: "供村居代办员跟进：参保状态正常、尚无 \(policy.year) 年度有效缴费的人员（养老仅列\(policy.pensionMinAge)–\(policy.pensionMaxAge)岁非在校学生）。证件号码仅显示前6位和后4位。")
        var notes = ["政策年度：\(policy.year)，年龄按 \(policy.ageReferenceDay) 计", summaries.note, "数据库：\(db.path)"]
        if let a = area.note { notes.insert(a, at: 0) }
        return Report(name: "coverage", title: "参保缴费进度（\(policy.year) 年度）", notes: notes,
                      sections: [townSection, villageSection, unpaidSection])
    }

    func charts(_ towns: [(code: String, name: String, counts: Counts)], _ total: Counts) -> [BarChart] {
        var out: [BarChart] = []
        for (i, b) in plan.pensionTargets.enumerated() {
            out.append(BarChart(
                title: "养老 \(b.minAge)–\(b.maxAge) 岁缴费率（目标 ≥ \(ReportValue.percent(b.rate))）", unit: .percent,
                bars: towns.map { t in Self.bar(t.name, covered: t.counts.bandCovered[i], of: t.counts.bandEnrolled[i], target: b.rate) },
                target: b.rate, targetLabel: "目标 \(ReportValue.percent(b.rate))", legend: Self.legend,
                caption: Self.caption(towns.map { ($0.counts.bandCovered[i], $0.counts.bandEnrolled[i]) },
                                      total: (total.bandCovered[i], total.bandEnrolled[i]), target: b.rate)))
        }
        out.append(BarChart(
            title: "医疗缴费率（目标 \(ReportValue.percent(plan.medicalTarget))）", unit: .percent,
            bars: towns.map { t in Self.bar(t.name, covered: t.counts.medicalCovered, of: t.counts.medicalEnrolled, target: plan.medicalTarget) },
            target: plan.medicalTarget, targetLabel: "目标 \(ReportValue.percent(plan.medicalTarget))", legend: Self.legend,
            caption: Self.caption(towns.map { ($0.counts.medicalCovered, $0.counts.medicalEnrolled) },
                                  total: (total.medicalCovered, total.medicalEnrolled), target: plan.medicalTarget)))
        return out
    }

    /// How many more people must pay for `covered` of `enrolled` to reach `target` (0 when it does).
    static func shortfall(covered: Int64, of enrolled: Int64, target: Double) -> Int64 {
        // Integer arithmetic on per-mille: 95.0 % of 481 is 456.95, so 457 people.
        let needed = (enrolled * Int64((target * 1000).rounded()) + 999) / 1000
        return max(0, needed - covered)
    }

    static func bar(_ name: String, covered: Int64, of enrolled: Int64, target: Double) -> BarChart.Bar {
        let short = shortfall(covered: covered, of: enrolled, target: target)
        return .init(name, enrolled == 0 ? 0 : Double(covered) / Double(enrolled), series: enrolled > 0 && short == 0 ? "met" : "below",
                     note: short > 0 ? "差 \(short) 人" : nil)
    }

    static func caption(_ towns: [(covered: Int64, enrolled: Int64)], total: (covered: Int64, enrolled: Int64), target: Double) -> String {
        let shorts = towns.map { shortfall(covered: $0.covered, of: $0.enrolled, target: target) }.filter { $0 > 0 }
        let county = shortfall(covered: total.covered, of: total.enrolled, target: target)
        return "全区 \(ReportValue.ratio(total.covered, total.enrolled).display())（\(total.covered)/\(total.enrolled)）"
            + (county > 0 ? "，全区距目标差 \(county) 人" : "，全区已达标")
            + (shorts.isEmpty ? "；各镇街均已达标" : "；\(shorts.count) 个镇街未达标，合计差 \(shorts.reduce(0, +)) 人")
    }

    static let legend = [(key: "met", label: "达标"), (key: "below", label: "未达标")]
}
