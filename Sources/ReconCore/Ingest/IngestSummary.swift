/// What one ingest pass did, for the operator's summary and `runs_v1`.
public struct IngestSummary: Sendable, Equatable {
    public var filesSeen = 0
    public var filesIngested = 0
    public var filesDuplicate = 0
    public var filesQuarantined = 0
    /// Files skipped because exactly this name and content was received before.
    public var filesAlreadyReceived = 0
    public var rowsRead = 0
    public var rowsRejected = 0
    /// Payment and reversal lines stored (all sightings).
    public var records = 0
    public var skipped: [Inbox.Skipped] = []
    /// Each quarantined file and why, in storing order (the same reason `files_v1.error` keeps).
    public var quarantined: [Inbox.Skipped] = []
    public var seconds: Double = 0
    /// Where the time went: reading and hashing, storing, waiting for the parsers.
    public var stages: [StageTime] = []
    /// Whether the database was built in a side file, renamed into place with what
    /// `Ingestor.inSideFile` did in it.
    public var builtInSideFile = false
    public init() {}
}

extension IngestSummary {
    /// Adds another pass's counts (the daemon reconciles a burst of several batches as one run).
    public mutating func add(_ other: IngestSummary) {
        filesSeen += other.filesSeen
        filesIngested += other.filesIngested
        filesDuplicate += other.filesDuplicate
        filesQuarantined += other.filesQuarantined
        filesAlreadyReceived += other.filesAlreadyReceived
        rowsRead += other.rowsRead
        rowsRejected += other.rowsRejected
        records += other.records
        skipped += other.skipped
        quarantined += other.quarantined
        seconds += other.seconds
    }
}

extension IngestSummary {
    /// Counts a file the writer has stored with `status`.
    mutating func count(_ file: ParsedFile, as status: FileStatus) {
        switch status {
        case .ingested:
            filesIngested += 1
            rowsRead += file.dataRows
            rowsRejected += file.rejects.count
            if case .content(let c) = file.outcome { records += c.recordCount }
        case .quarantined:
            filesQuarantined += 1
            if case .quarantined(let e) = file.outcome { quarantined.append(Inbox.Skipped(name: file.name, reason: e.description)) }
        case .duplicate:
            filesDuplicate += 1
        }
    }
}
