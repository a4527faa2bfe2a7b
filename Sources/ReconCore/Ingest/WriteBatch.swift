/// Parsed files waiting to be stored together, in one transaction (`StoreWriter.write(batch:)`).
///
/// The ingest fills it in storing order and stores it when it is full, when the inbox is done and
/// when the ingest is asked to stop; nothing is reported for a file before its batch commits.
struct WriteBatch {
    /// Stored once it holds this many data rows …
    let maxRows: Int
    /// … or this many files.
    let maxFiles: Int
    private(set) var entries: [(file: ParsedFile, superseded: Bool)] = []
    /// Each entry's path in the inbox, for its outcome.
    private(set) var paths: [String] = []
    private(set) var rows = 0

    init(maxRows: Int, maxFiles: Int) {
        self.maxRows = max(1, maxRows)
        self.maxFiles = max(1, maxFiles)
    }

    var isEmpty: Bool { entries.isEmpty }
    var isFull: Bool { rows >= maxRows || entries.count >= maxFiles }

    mutating func add(_ file: ParsedFile, path: String, superseded: Bool) {
        entries.append((file, superseded))
        paths.append(path)
        rows += file.dataRows
    }

    /// The files in storing order and their paths; the batch is empty afterwards.
    mutating func take() -> (entries: [(file: ParsedFile, superseded: Bool)], paths: [String]) {
        defer { entries = []; paths = []; rows = 0 }
        return (entries, paths)
    }
}
