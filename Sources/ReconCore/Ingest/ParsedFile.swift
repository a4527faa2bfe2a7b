/// One arrived file after parsing (in a worker), ready for the single writer.
public struct ParsedFile: Sendable {
    /// How the file ended.
    public enum Outcome: Sendable {
        case content(FileContent)
        case quarantined(FileError)
    }

    public var name: String
    public var sha256: String
    public var size: Int
    /// The original bytes, kept for a quarantined file.
    public var bytes: [UInt8]
    public var format: FileFormat?
    public var fileDate: LocalDate?
    public var outcome: Outcome
    public var dataRows: Int
    public var rejects: [RejectedLine]

    public var isQuarantined: Bool {
        if case .quarantined = outcome { return true }
        return false
    }
}
