/// One assistance row (资助代缴名单) of a valid ID.
struct AssistanceEntry: Sendable, Equatable {
    /// 资助类别.
    var category: String
    var insurance: Insurance
    var recognisedOn: LocalDate
    var endsOn: LocalDate?

    /// Valid for coverage year Y: 认定日期 ≤ Y-12-31 and (截止日期 empty or ≥ Y-01-01).
    func isValid(inYear y: Int) -> Bool {
        recognisedOn <= LocalDate(year: y, month: 12, day: 31)
            && (endsOn.map { $0 >= LocalDate(year: y, month: 1, day: 1) } ?? true)
    }
}
