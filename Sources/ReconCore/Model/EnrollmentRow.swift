/// One (person, insurance) row of a roster snapshot (参保登记名册).
public struct EnrollmentRow: Sendable, Hashable {
    public enum Status: String, Sendable, Codable {
        case normal = "正常", suspended = "暂停", terminated = "终止"
    }
    public var idText: String
    public var idValid: Bool
    public var name: String
    public var sex: String
    public var birthDate: LocalDate
    public var household: String
    public var townCode: String
    public var villageCode: String
    public var villageName: String
    public var insurance: Insurance
    public var status: Status
    public var residence: String
    public var student: Bool
    /// Pension tier chosen at registration, whole yuan; nil for medical.
    public var tierYuan: Int?
    public var registeredOn: LocalDate
    public var line: Int
}
