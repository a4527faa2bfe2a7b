/// Stores parsed files through the single `StoreWriter`, several to a transaction (`WriteBatch`),
/// and reports each file only once its transaction has committed.
///
/// Only the first good roster snapshot it is given (the newest) is stored row by row; a later one is
/// stored as superseded (its `files` row and rejects only).
final class BatchingWriter {
    /// The counts of the files stored so far.
    private(set) var summary = IngestSummary()
    /// The first write that failed; nothing is stored after it.
    private(set) var failure: Error?

    private let writer: StoreWriter
    private var batch: WriteBatch
    private let receivedAt: String
    private let runID: Int64?
    private let committed: (FileOutcome) -> Void
    private var storedRoster = false

    /// - Parameter committed: called with each file's outcome right after its transaction commits.
    init(_ writer: StoreWriter, batch: WriteBatch, receivedAt: String, runID: Int64?,
         committed: @escaping (FileOutcome) -> Void) {
        self.writer = writer
        self.batch = batch
        self.receivedAt = receivedAt
        self.runID = runID
        self.committed = committed
    }

    /// Adds a parsed file to the batch, storing the batch when it is full.
    func add(_ file: ParsedFile, path: String) {
        var superseded = false
        if case .content(.enrollment) = file.outcome {
            superseded = storedRoster
            storedRoster = true
        }
        batch.add(file, path: path, superseded: superseded)
        if batch.isFull { flush() }
    }

    /// Stores what the batch holds (nothing after a failure).
    func flush() {
        if failure != nil || batch.isEmpty { return }
        let (entries, paths) = batch.take()
        do {
            try writer.write(batch: entries, receivedAt: receivedAt, runID: runID) { i, status in
                let file = entries[i].file
                summary.count(file, as: status)
                var outcome = FileOutcome(name: file.name, path: paths[i], status: status, fileDate: file.fileDate,
                                          rows: file.dataRows, rejectedRows: file.rejects.count)
                if case .quarantined(let e) = file.outcome, status == .quarantined { outcome.reason = e.description }
                committed(outcome)
            }
        } catch {
            failure = error
        }
    }
}
