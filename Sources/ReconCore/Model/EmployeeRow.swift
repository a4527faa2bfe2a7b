/// One row of the employee insurance list (职工参保名单).
public struct EmployeeRow: Sendable, Hashable {
    var idText: String
    var idValid: Bool
    var name: String
    /// 职工养老 → pension, 职工医保 → medical.
    var insurance: Insurance
    var employer: String
    var startsOn: LocalDate
    var endsOn: LocalDate?
    var line: Int

    /// Active in year Y: started by Y-12-31 and not ended before Y-01-01.
    func isActive(inYear y: Int) -> Bool {
        startsOn <= LocalDate(year: y, month: 12, day: 31)
            && (endsOn.map { $0 >= LocalDate(year: y, month: 1, day: 1) } ?? true)
    }
}
