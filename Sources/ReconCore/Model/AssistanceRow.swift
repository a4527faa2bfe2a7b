/// One row of an assistance list (资助代缴名单).
public struct AssistanceRow: Sendable, Hashable {
    var idText: String
    var idValid: Bool
    var name: String
    /// 资助类别, e.g. 特困人员, 重度残疾一级.
    var category: String
    var insurance: Insurance
    var department: String
    var recognisedOn: LocalDate
    var endsOn: LocalDate?
    var line: Int

    /// The categories FORMATS.md lists.
    static let categories: Set<String> = [
        "特困人员", "低保对象", "返贫致贫人口", "低保边缘家庭成员", "防止返贫监测帮扶对象", "重度残疾一级", "重度残疾二级",
    ]

    /// Valid for coverage year Y: recognised by Y-12-31 and not ended before Y-01-01.
    func isValid(inYear y: Int) -> Bool {
        recognisedOn <= LocalDate(year: y, month: 12, day: 31)
            && (endsOn.map { $0 >= LocalDate(year: y, month: 1, day: 1) } ?? true)
    }
}
