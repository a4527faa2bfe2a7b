/// One employee insurance row (职工参保名单) of a valid ID.
struct EmployeeEntry: Sendable, Equatable {
    /// 职工养老 → pension, 职工医保 → medical.
    var insurance: Insurance
    var employer: String
    var startsOn: LocalDate
    var endsOn: LocalDate?

    /// Active in year Y: 参保起始日期 ≤ Y-12-31 and (参保终止日期 empty or ≥ Y-01-01).
    func isActive(inYear y: Int) -> Bool {
        startsOn <= LocalDate(year: y, month: 12, day: 31)
            && (endsOn.map { $0 >= LocalDate(year: y, month: 1, day: 1) } ?? true)
    }
}
