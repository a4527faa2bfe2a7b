/// One death notice (死亡人员通报); for one ID the latest 通报日期 wins.
public struct DeathRow: Sendable, Hashable {
    var idText: String
    var idValid: Bool
    var name: String
    var deathDate: LocalDate
    var source: String
    var noticeDate: LocalDate
    var line: Int
}
