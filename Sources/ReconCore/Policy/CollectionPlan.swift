/// A coverage year's collection plan: the payers each town is expected to bring in (the notice's 附件2,
/// 征缴统计参照表) and the coverage targets (三、任务目标).
///
/// Reports compare the data against it; the synthetic district generator builds its towns from it, so
/// both use this one copy. Like `Policy`, a plan belongs to one coverage year.
public struct CollectionPlan: Sendable, Equatable {
    /// One town (镇 / 街道) of the plan.
    public struct Town: Sendable, Equatable {
        /// 乡镇代码, 9 digits.
        public var code: String
        public var name: String
        /// 村（居）数 (counted by medical insurance).
        public var villages: Int
        /// Planned pension payers (养老保险 人数).
        public var pensionPayers: Int
        /// Planned medical payers (医疗保险 人数).
        public var medicalPayers: Int

        public init(code: String, name: String, villages: Int, pensionPayers: Int, medicalPayers: Int) {
            self.code = code; self.name = name; self.villages = villages
            self.pensionPayers = pensionPayers; self.medicalPayers = medicalPayers
        }
    }

    /// A pension coverage target for an age band: payers / enrolled persons of those ages ≥ `rate`.
    public struct AgeTarget: Sendable, Equatable {
        public var minAge: Int
        public var maxAge: Int
        public var rate: Double
        init(minAge: Int, maxAge: Int, rate: Double) {
            self.minAge = minAge; self.maxAge = maxAge; self.rate = rate
        }
    }

    public var year: Int
    public var towns: [Town]
    /// Pension targets by age band (RULES.md: 45–59 ≥ 95 %, 16–44 ≥ 60 %).
    public var pensionTargets: [AgeTarget]
    /// Medical: everyone enrolled (应保尽保).
    public var medicalTarget: Double

    public init(year: Int, towns: [Town], pensionTargets: [AgeTarget], medicalTarget: Double) {
        self.year = year; self.towns = towns; self.pensionTargets = pensionTargets; self.medicalTarget = medicalTarget
    }

    /// The town of a 乡镇代码, if the plan has it.
    public func town(code: String) -> Town? { towns.first { $0.code == code } }

    /// Coverage year 2024: 山亭区 (district 370406), 附件2 of 山政办发〔2023〕10号. The plan counts
    /// leave out the persons whose contribution is waived (免缴费认定人群), as its note says.
    public static let y2024 = CollectionPlan(
        year: 2024,
        towns: [
            Town(code: "370406001", name: "山城街道", villages: 53, pensionPayers: 9668, medicalPayers: 68496),
            Town(code: "370406101", name: "西集镇", villages: 15, pensionPayers: 4768, medicalPayers: 21196),
            Town(code: "370406102", name: "城头镇", villages: 22, pensionPayers: 9440, medicalPayers: 30409),
            Town(code: "370406103", name: "桑村镇", villages: 22, pensionPayers: 11026, medicalPayers: 42350),
            Town(code: "370406104", name: "皂城镇", villages: 18, pensionPayers: 4134, medicalPayers: 18558),
            Town(code: "370406105", name: "北庄镇", villages: 21, pensionPayers: 7921, medicalPayers: 27998),
            Town(code: "370406106", name: "水泉镇", villages: 36, pensionPayers: 8063, medicalPayers: 28981),
            Town(code: "370406107", name: "冯卯镇", villages: 35, pensionPayers: 9358, medicalPayers: 35304),
            Town(code: "370406108", name: "店子镇", villages: 17, pensionPayers: 7978, medicalPayers: 23079),
            Town(code: "370406109", name: "徐庄镇", villages: 42, pensionPayers: 11671, medicalPayers: 38998),
        ],
        pensionTargets: [AgeTarget(minAge: 45, maxAge: 59, rate: 0.95), AgeTarget(minAge: 16, maxAge: 44, rate: 0.60)],
        medicalTarget: 1.0)

    /// The plans recon knows, by coverage year.
    public static let known: [CollectionPlan] = [.y2024]

    /// The plan of a coverage year, if there is one.
    public static func plan(for year: Int) -> CollectionPlan? { known.first { $0.year == year } }
}
