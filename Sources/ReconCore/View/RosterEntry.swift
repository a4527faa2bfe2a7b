/// One row of the current roster (参保登记名册) with a valid ID.
public struct RosterEntry: Sendable {
    // Flags after the texts and the line as Int32, to keep a row at 96 bytes (ViewMemoryTests hold it).
    public var idBody: UInt64
    public var name: String
    /// 户号.
    public var household: String
    public var townCode: String
    public var villageCode: String
    public var villageName: String
    private var storedLine: Int32
    public var insurance: Insurance
    public var status: EnrollmentRow.Status
    /// 在校学生 = 是.
    public var student: Bool

    init(idBody: UInt64, insurance: Insurance, name: String, household: String, townCode: String, villageCode: String,
         villageName: String, status: EnrollmentRow.Status, student: Bool, line: Int) {
        self.idBody = idBody; self.insurance = insurance; self.name = name; self.household = household
        self.townCode = townCode; self.villageCode = villageCode; self.villageName = villageName
        self.status = status; self.student = student
        storedLine = Int32(truncatingIfNeeded: line)
    }

    public var line: Int { Int(storedLine) }

    public var idText: String { IDNumber(body: idBody).text }
}
