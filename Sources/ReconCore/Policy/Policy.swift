/// The policy of one coverage year: every number RULES.md's policy table names.
///
/// 2024 is built in (`Policy.y2024`, from the 2024 notice); other years come from configuration,
/// one TOML table per year (`[[policy]]` in recond's configuration), read by `Policy.init(toml:base:)`.
///
/// The TOML keys (money in whole yuan as an integer, or as a decimal string such as `"190.00"`;
/// dates and times as TOML local dates / date-times or as strings `YYYY-MM-DD` / `YYYY-MM-DD HH:MM:SS`):
///
/// ```toml
/// [[policy]]
/// year = 2025                                   # the coverage year (所属年度)
/// window_start = 2024-10-01T00:00:00            # collection window, inclusive
/// window_end = 2024-12-31T23:59:59
/// refunds_until = 2024-12-31                    # last day a reversal is allowed
/// age_reference_day = 2025-01-01                # age = whole years completed on this day
/// waiting_days = 30                             # cover of a late payment starts payment date + this
/// pension_tiers = [100, 350, 500, 800, 1000, 3000, 5000, 8000]
/// hardship_tier = 100                           # the tier only hardship persons may choose
/// subsidy_bands = [{ from = 0, subsidy = 30 }, { from = 500, subsidy = 60 }, { from = 800, subsidy = 80 }]
/// government_pension = 100                      # what the government pays for a severely disabled person
/// government_pension_categories = ["重度残疾一级", "重度残疾二级"]
/// pension_min_age = 16                          # pension age: min ... max inclusive, and not a student
/// pension_max_age = 59
/// medical_total = 1020                          # must equal medical_personal + medical_fiscal
/// medical_personal = 380
/// medical_fiscal = 640
/// full_paid_categories = ["特困人员", "低保对象", "返贫致贫人口", "低保边缘家庭成员", "防止返贫监测帮扶对象"]
/// full_paid_min_age = 70                        # age >= this: fully paid by the government
/// full_paid_government = 380                    # what the government pays for a fully paid person
/// half_paid_min_age = 60                        # ages min ... max inclusive: half paid
/// half_paid_max_age = 69
/// half_paid_government = 190
/// half_paid_personal = 190
/// ledger_grace_days = 3                         # a statement payment must be in the tax ledger within
/// pooled_min_ids = 6                            # POOLED_ACCOUNT: at least this many distinct IDs
/// pooled_min_households = 3                     # ... from at least this many households
/// based_on = 2024                               # optional: other missing keys come from that year
/// ```
///
/// Every key is required, except that with `based_on` the keys that are not dates may be left out
/// and are then taken from the named year's policy (the dates always change with the year).
public struct Policy: Sendable, Equatable {
    /// The coverage year (所属年度).
    public var year: Int
    /// First second of the collection window.
    public var windowStart: LocalDateTime
    /// Last second of the collection window; a personal payment after it is late.
    public var windowEnd: LocalDateTime
    /// The insurance of a late payment starts this many days after the payment date.
    var waitingDays: Int
    /// The last day a reversal is allowed; one dated after it opens REFUND_AFTER_CUTOFF.
    public var refundsUntil: LocalDate
    /// Ages are whole years completed on this day.
    public var ageReferenceDay: LocalDate
    /// The pension tiers (档次), fen, ascending.
    public var pensionTiersFen: [Int64]
    /// The tier only hardship persons may choose (fen).
    var hardshipTierFen: Int64
    /// Pension contribution subsidy bands, ascending by `fromFen`.
    var subsidyBands: [SubsidyBand]
    /// What the government pays towards the pension of a severely disabled person (fen).
    var governmentPensionFen: Int64
    /// Assistance categories (险种 养老) whose pension the government pays.
    var governmentPensionCategories: [String]
    /// Pension age, inclusive.
    public var pensionMinAge: Int
    public var pensionMaxAge: Int
    /// Medical total / personal share / fiscal subsidy (fen).
    public var medicalTotalFen: Int64
    public var medicalPersonalFen: Int64
    public var medicalFiscalFen: Int64
    /// Assistance categories (险种 医疗) whose medical contribution the government pays in full.
    var fullPaidCategories: [String]
    /// From this age the government pays the medical contribution in full.
    var fullPaidMinAge: Int
    /// What the government pays for a fully paid person (fen).
    public var fullPaidGovernmentFen: Int64
    /// Ages (inclusive) for which the government pays half (when not fully paid).
    var halfPaidMinAge: Int
    var halfPaidMaxAge: Int
    /// The government's and the person's share for a half-paid person (fen).
    public var halfPaidGovernmentFen: Int64
    var halfPaidPersonalFen: Int64
    /// A statement payment must be in the tax ledger within this many days.
    var ledgerGraceDays: Int
    /// POOLED_ACCOUNT thresholds.
    var pooledMinIDs: Int
    var pooledMinHouseholds: Int

    public init(year: Int, windowStart: LocalDateTime, windowEnd: LocalDateTime, waitingDays: Int,
                refundsUntil: LocalDate, ageReferenceDay: LocalDate, pensionTiersFen: [Int64], hardshipTierFen: Int64,
                subsidyBands: [SubsidyBand], governmentPensionFen: Int64, governmentPensionCategories: [String],
                pensionMinAge: Int, pensionMaxAge: Int, medicalTotalFen: Int64, medicalPersonalFen: Int64,
                medicalFiscalFen: Int64, fullPaidCategories: [String], fullPaidMinAge: Int, fullPaidGovernmentFen: Int64,
                halfPaidMinAge: Int, halfPaidMaxAge: Int, halfPaidGovernmentFen: Int64, halfPaidPersonalFen: Int64,
                ledgerGraceDays: Int, pooledMinIDs: Int, pooledMinHouseholds: Int) {
        self.year = year; self.windowStart = windowStart; self.windowEnd = windowEnd; self.waitingDays = waitingDays
        self.refundsUntil = refundsUntil; self.ageReferenceDay = ageReferenceDay
        self.pensionTiersFen = pensionTiersFen.sorted(); self.hardshipTierFen = hardshipTierFen
        self.subsidyBands = subsidyBands.sorted { $0.fromFen < $1.fromFen }
        self.governmentPensionFen = governmentPensionFen; self.governmentPensionCategories = governmentPensionCategories
        self.pensionMinAge = pensionMinAge; self.pensionMaxAge = pensionMaxAge
        self.medicalTotalFen = medicalTotalFen; self.medicalPersonalFen = medicalPersonalFen
        self.medicalFiscalFen = medicalFiscalFen; self.fullPaidCategories = fullPaidCategories
        self.fullPaidMinAge = fullPaidMinAge; self.fullPaidGovernmentFen = fullPaidGovernmentFen
        self.halfPaidMinAge = halfPaidMinAge; self.halfPaidMaxAge = halfPaidMaxAge
        self.halfPaidGovernmentFen = halfPaidGovernmentFen; self.halfPaidPersonalFen = halfPaidPersonalFen
        self.ledgerGraceDays = ledgerGraceDays; self.pooledMinIDs = pooledMinIDs
        self.pooledMinHouseholds = pooledMinHouseholds
    }

    /// Coverage year 2024, from the 2024 notice (山政办发〔2023〕10号) as RULES.md tabulates it.
    public static let y2024 = Policy(
        year: 2024,
        windowStart: LocalDateTime(date: LocalDate(year: 2023, month: 10, day: 1)),
        windowEnd: LocalDateTime(date: LocalDate(year: 2023, month: 12, day: 31), hour: 23, minute: 59, second: 59),
        waitingDays: 30,
        refundsUntil: LocalDate(year: 2023, month: 12, day: 31),
        ageReferenceDay: LocalDate(year: 2024, month: 1, day: 1),
        pensionTiersFen: [100, 350, 500, 800, 1000, 3000, 5000, 8000].map { Int64($0) * 100 },
        hardshipTierFen: 100_00,
        subsidyBands: [SubsidyBand(fromFen: 0, subsidyFen: 30_00), SubsidyBand(fromFen: 500_00, subsidyFen: 60_00),
                       SubsidyBand(fromFen: 800_00, subsidyFen: 80_00)],
        governmentPensionFen: 100_00,
        governmentPensionCategories: ["重度残疾一级", "重度残疾二级"],
        pensionMinAge: 16, pensionMaxAge: 59,
        medicalTotalFen: 1020_00, medicalPersonalFen: 380_00, medicalFiscalFen: 640_00,
        fullPaidCategories: ["特困人员", "低保对象", "返贫致贫人口", "低保边缘家庭成员", "防止返贫监测帮扶对象"],
        fullPaidMinAge: 70, fullPaidGovernmentFen: 380_00,
        halfPaidMinAge: 60, halfPaidMaxAge: 69, halfPaidGovernmentFen: 190_00, halfPaidPersonalFen: 190_00,
        ledgerGraceDays: 3, pooledMinIDs: 6, pooledMinHouseholds: 3)

    // MARK: Questions the rules ask

    /// The window's last day (for "dead before the window ended" and "as_of after the window").
    public var windowLastDay: LocalDate { windowEnd.date }

    /// Whether `fen` is one of the pension tiers.
    func isPensionTier(_ fen: Int64) -> Bool { pensionTiersFen.contains(fen) }

    /// The contribution subsidy of a person whose largest effective pension payment is `fen` (0 below every band).
    public func contributionSubsidy(forLargestPaymentFen fen: Int64) -> Int64 {
        var s: Int64 = 0
        for b in subsidyBands where fen >= b.fromFen { s = b.subsidyFen }
        return s
    }

    /// A time after the collection window.
    func isAfterWindow(_ t: LocalDateTime) -> Bool { t > windowEnd }

    /// The day the insurance of a payment made on `day` starts when it is late.
    func coverStarts(paidOn day: LocalDate) -> LocalDate { day.adding(days: waitingDays) }

    /// Whether a gated ledger check may judge something dated `day` on `asOf` (day + grace ≤ as_of).
    func ledgerGraceOver(_ day: LocalDate, asOf: LocalDate) -> Bool { day.adding(days: ledgerGraceDays) <= asOf }
}
