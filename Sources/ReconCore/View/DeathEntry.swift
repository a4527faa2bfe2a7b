/// The death notice that stands for one ID: the latest 通报日期; on a tie the later file (file date,
/// then name), then the later line.
public struct DeathEntry: Sendable {
    public var deathDate: LocalDate
    public var noticeDate: LocalDate
    public var source: String
    public var fileDate: String
    public var fileName: String
    public var line: Int

    /// Whether `other` wins over `self` for the same ID.
    func isSuperseded(by other: DeathEntry) -> Bool {
        (other.noticeDate, other.fileDate, other.fileName, other.line) > (noticeDate, fileDate, fileName, line)
    }
}
