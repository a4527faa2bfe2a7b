/// The death notice that stands for one ID: the latest 通报日期; on a tie the later file (file date,
/// then name), then the later line.
public struct DeathEntry: Sendable {
    var deathDate: LocalDate
    var noticeDate: LocalDate
    var source: String
    var fileDate: String
    var fileName: String
    var line: Int

    /// Whether `other` wins over `self` for the same ID.
    func isSuperseded(by other: DeathEntry) -> Bool {
        (other.noticeDate, other.fileDate, other.fileName, other.line) > (noticeDate, fileDate, fileName, line)
    }
}
