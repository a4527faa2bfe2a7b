/// One (person, insurance) row of a roster snapshot (参保登记名册).
public struct EnrollmentRow: Sendable, Hashable {
    public enum Status: String, Sendable, Codable {
        case normal = "正常", suspended = "暂停", terminated = "终止"
    }
    var idText: String
    var idValid: Bool
    var name: String
    var sex: String
    var birthDate: LocalDate
    var household: String
    var townCode: String
    var villageCode: String
    var villageName: String
    var insurance: Insurance
    var status: Status
    var residence: String
    var student: Bool
    /// Pension tier chosen at registration, whole yuan; nil for medical.
    var tierYuan: Int?
    var registeredOn: LocalDate
    var line: Int
}
