/// A file's `files_v1.status`; the raw value is the stored text.
public enum FileStatus: String, Sendable {
    case ingested, duplicate, quarantined
}

/// What became of one arrived file, reported by `Ingestor` right after the file's transaction
/// committed — the moment it is safe to move the file out of the inbox.
public struct FileOutcome: Sendable, Equatable {
    public var name: String
    /// Where the file was read from.
    public var path: String
    /// The `files_v1.status` the file has in the database.
    public var status: FileStatus
    /// True when this name and content had been received before (a re-delivery, or a file whose
    /// move was interrupted): nothing was written, `status` is what the earlier arrival got.
    public var alreadyReceived: Bool
    /// Why a quarantined file was quarantined.
    public var reason: String?
    /// The date in the file's name, when its format has one.
    public var fileDate: LocalDate?
    public var rows: Int
    public var rejectedRows: Int
    /// For a refused inbox entry (link, folder, name that is not UTF-8): its path as bytes, which is
    /// what must be moved (`path` is then only its shown name).
    public var rawPath: [UInt8]?

    public init(name: String, path: String, status: FileStatus, alreadyReceived: Bool = false, reason: String? = nil,
                fileDate: LocalDate? = nil, rows: Int = 0, rejectedRows: Int = 0, rawPath: [UInt8]? = nil) {
        self.name = name; self.path = path; self.status = status; self.alreadyReceived = alreadyReceived
        self.reason = reason; self.fileDate = fileDate; self.rows = rows; self.rejectedRows = rejectedRows
        self.rawPath = rawPath
    }
}
