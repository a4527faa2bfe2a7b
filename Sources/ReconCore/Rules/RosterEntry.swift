/// One row of the current roster (参保登记名册) with a valid ID.
public struct RosterEntry: Sendable {
    public var idBody: UInt64
    public var insurance: Insurance
    public var name: String
    /// 户号.
    public var household: String
    public var townCode: String
    public var villageCode: String
    public var villageName: String
    public var status: EnrollmentRow.Status
    /// 在校学生 = 是.
    public var student: Bool
    public var line: Int

    public var idText: String { IDNumber(body: idBody).text }
}
