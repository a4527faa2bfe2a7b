/// One death notice (死亡人员通报); for one ID the latest 通报日期 wins.
public struct DeathRow: Sendable, Hashable {
    public var idText: String
    public var idValid: Bool
    public var name: String
    public var deathDate: LocalDate
    public var source: String
    public var noticeDate: LocalDate
    public var line: Int
}
