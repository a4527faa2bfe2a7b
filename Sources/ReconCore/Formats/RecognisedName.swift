/// A file name matched to its format: decided once per arrival and carried through the ingest.
public struct RecognisedName: Sendable {
    public var format: FileFormat
    /// The date in the name, when the format's pattern has one.
    public var date: LocalDate?

    init(format: FileFormat, date: LocalDate?) {
        self.format = format
        self.date = date
    }

    /// Whether the file is a roster snapshot (the largest files; only the newest good one is stored).
    var isRoster: Bool {
        if case .enrollment = format.kind { return true }
        return false
    }
}
