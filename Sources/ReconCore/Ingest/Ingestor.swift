import Dispatch
import Foundation

/// Ingests a set of arrived files: reads and hashes them, sets aside re-deliveries, parses the rest
/// in parallel on dedicated threads, and stores them in (file date, name) order, several to a
/// transaction, through the single writer.
public final class Ingestor {
    public let store: Store
    public let reader: FileReader
    public let workers: Int
    /// Called after each file is stored: (done, total, name).
    public var progress: ((Int, Int, String) -> Void)?
    /// Called once per file right after its outcome is committed (also for re-deliveries, which
    /// write nothing; for a new database built in a side file, once that file is in place): a
    /// caller may move the file away then, never earlier.
    public var onOutcome: ((FileOutcome) -> Void)?
    /// Asked before each file is stored: true stops the ingest there (the files already taken are
    /// stored first; the rest stay unread in the inbox).
    public var shouldStop: (() -> Bool)?
    /// Larger (compressed) files are not read: they stay in the inbox, reported (`max_file_mb`).
    public var maxFileBytes = 2048 << 20
    /// Parsed files are stored in transactions of this many data rows or files, whichever comes
    /// first (`StoreWriter.write(batch:)`); settable so tests make batches of small files.
    var batchRows = 50_000
    var batchFiles = 512
    /// How many parsed files, and how many of their gzip'd bytes, may wait for the writer
    /// (`ParseWindow`).
    var parseAheadFiles = 64
    var parseAheadBytes = 8 << 20
    /// Whether a new or empty database is built in a side file (`SideFile`). Off when another
    /// connection of this process keeps the database open (the daemon serving the review desk): the
    /// rename would leave that connection on the replaced file. Tests turn it off too.
    public var buildsNewDatabaseAside = true
    /// Work that belongs in a database built in a side file, done before the file is renamed into
    /// place (`run --once`: the first reconciliation, written there without a journal like the ingest).
    /// Given the ingest's summary. When it throws, the side file is thrown away with the ingest and
    /// the files are ingested again the ordinary way; the work is then the caller's to do again.
    public var inSideFile: ((IngestSummary) throws -> Void)?
    /// Whether a file of this name (and date) was moved out of the inbox before (the daemon's archive
    /// or quarantine holds it). Then the same name and content arriving again is a new delivery,
    /// recorded as a duplicate; otherwise it is a file a crash left in the inbox after storing it,
    /// only to be moved. Nil (`run --once`): the inbox is read where it lies, and a run over the same
    /// folder again changes nothing.
    public var wasMovedBefore: (@Sendable (_ name: String, _ fileDate: LocalDate?) -> Bool)?

    public init(store: Store, reader: FileReader = FileReader(), workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.store = store
        self.reader = reader
        self.workers = max(1, workers)
    }

    /// An ingestor as the configuration sets it up: its formats and limits, its number of parse
    /// workers (0: one per core) and its largest file.
    public convenience init(store: Store, configuration c: Configuration) {
        self.init(store: store, reader: c.fileReader,
                  workers: c.workers > 0 ? c.workers : ProcessInfo.processInfo.activeProcessorCount)
        maxFileBytes = c.maxFileBytes
    }

    /// Ingests every regular file of `directory` not received before.
    public func ingest(directory: String, runID: Int64? = nil) throws -> IngestSummary {
        let listing = try Inbox.scan(directory)
        var summary = try ingest(paths: listing.files.map { directory + "/" + $0 }, refused: listing.refused, runID: runID)
        summary.skipped = listing.skipped + summary.skipped
        return summary
    }

    /// Ingests the given files (paths), and quarantines the `refused` entries; see `ingest(directory:)`.
    ///
    /// Three stages: the files are read and hashed side by side (`Arrival.readAll`), re-deliveries are
    /// set aside in storing order (`sortOut`), and the rest parse ahead (`ParseStage`) of the single
    /// writer, which stores them several to a transaction (`BatchingWriter`).
    ///
    /// A new or empty database is built in a side file instead (`SideFile`): one transaction without a
    /// journal, the records' indexes built at the end, the file renamed into place. Every outcome waits
    /// for that rename. Should anything fail before it, the side file is thrown away and the files are
    /// ingested again the ordinary way, which keeps the files before a failing one.
    public func ingest(paths: [String], refused: [Inbox.Refused] = [], runID: Int64? = nil) throws -> IngestSummary {
        let started = Date()
        var abandoned: StageTime?
        if buildsNewDatabaseAside, !(paths.isEmpty && refused.isEmpty), let side = SideFile.begin(store) {
            var held: [FileOutcome] = []
            var built: IngestSummary?
            do {
                var summary = try ingest(paths, refused: refused, runID: runID, bulk: true) { held.append($0) }
                if let inSideFile {
                    let working = Date()
                    try side.workingCache()
                    try inSideFile(summary)
                    summary.stages.append(StageTime("work in the side file", Date().timeIntervalSince(working)))
                }
                let installing = Date()
                try side.install()
                summary.stages.append(StageTime("store (sync and rename)", Date().timeIntervalSince(installing)))
                summary.builtInSideFile = true
                built = summary
            } catch {
                side.abandon()
                abandoned = StageTime("side file given up (\(error))", Date().timeIntervalSince(started))
            }
            if var summary = built {
                try side.reopen()
                for outcome in held { onOutcome?(outcome) }
                summary.seconds = Date().timeIntervalSince(started)
                return summary
            }
        }
        var summary = try ingest(paths, refused: refused, runID: runID, bulk: false) { [onOutcome] in onOutcome?($0) }
        if let abandoned {
            summary.stages.insert(abandoned, at: 0)
            summary.seconds = Date().timeIntervalSince(started)
        }
        return summary
    }

    /// One pass over the files: `report` hears each file's outcome once its transaction has
    /// committed (in bulk mode, once it is written: the caller holds them until the side file is in place).
    func ingest(_ paths: [String], refused: [Inbox.Refused], runID: Int64?, bulk: Bool,
                report: @escaping (FileOutcome) -> Void) throws -> IngestSummary {
        let started = Date()
        var summary = IngestSummary()
        summary.filesSeen = paths.count + refused.count
        let receivedAt = BeijingClock.now()
        let writer = try StoreWriter(store: store, bulk: bulk)
        try quarantine(refused, writer: writer, receivedAt: receivedAt, runID: runID, summary: &summary, report: report)

        let (arrivals, unreadable) = Arrival.readAll(paths, registry: reader.registry, maxFileBytes: maxFileBytes)
        summary.skipped += unreadable
        let readSeconds = Date().timeIntervalSince(started)
        let pending = try sortOut(arrivals.sorted { $0.order < $1.order }, writer: writer, receivedAt: receivedAt,
                                  runID: runID, summary: &summary, report: report)
        let parsePaths = pending.map(\.path)
        let parse = ParseStage(pending, reader: reader, workers: workers, aheadFiles: parseAheadFiles,
                               aheadBytes: parseAheadBytes)
        parse.start()

        var stored = 0
        let batches = BatchingWriter(writer, batch: WriteBatch(maxRows: batchRows, maxFiles: batchFiles),
                                   receivedAt: receivedAt, runID: runID) { [progress] outcome in
            report(outcome)
            stored += 1
            progress?(stored, parsePaths.count, outcome.name)
        }
        let writing = Date()
        let writingCPU = StageTime.threadCPU()
        // Rosters are stored as soon as they have parsed, between the other files.
        var nextRoster = 0
        func storeRosters(waiting: Bool) {
            while nextRoster < parse.rosterOrder.count, shouldStop?() != true {
                let i = parse.rosterOrder[nextRoster]
                guard let file = parse.takeRoster(i, wait: waiting) else { return }
                nextRoster += 1
                batches.add(file, path: parsePaths[i])
            }
        }
        for i in parse.parseOrder {
            storeRosters(waiting: false)
            if shouldStop?() == true || batches.failure != nil { break }
            batches.add(parse.take(i), path: parsePaths[i])
        }
        if shouldStop?() != true && batches.failure == nil { storeRosters(waiting: true) }
        batches.flush()
        parse.finish()
        MemoryTrim.now()
        if let failure = batches.failure { throw failure }
        let written = Date()
        try writer.finishBulk()
        summary.add(batches.summary)
        summary.seconds = Date().timeIntervalSince(started)
        summary.stages = [StageTime("read and hash", readSeconds),
                          StageTime("store (waiting for parsers)", parse.waited),
                          StageTime("store (writing)", written.timeIntervalSince(writing) - parse.waited)]
        if bulk { summary.stages.append(StageTime("store (indexes and commit)", Date().timeIntervalSince(written))) }
        summary.stages.append(StageTime("store (the writer thread's CPU)", StageTime.threadCPU() - writingCPU))
        return summary
    }

    /// Sets aside, in storing order, what was received before: the same name and content (reported
    /// with the status it got then, nothing written) and the same content under another name, or twice
    /// in this pass (recorded as a duplicate). Returns the files to parse and store.
    func sortOut(_ arrivals: [Arrival], writer: StoreWriter, receivedAt: String, runID: Int64?,
                 summary: inout IngestSummary, report: (FileOutcome) -> Void) throws -> [Arrival] {
        var pending: [Arrival] = []
        var seenSHA: Set<String> = []
        for a in arrivals {
            if shouldStop?() == true { break }
            let date = a.recognised?.date
            if let earlier = try store.received(name: a.name, sha256: a.sha256), !(wasMovedBefore?(a.name, date) ?? false) {
                summary.filesAlreadyReceived += 1
                report(FileOutcome(name: a.name, path: a.path, status: FileStatus(rawValue: earlier.status) ?? .ingested,
                                       alreadyReceived: true, reason: earlier.error, fileDate: date))
                continue
            }
            if try seenSHA.contains(a.sha256) || store.contentReceived(sha256: a.sha256) {
                try writer.recordDuplicate(name: a.name, sha256: a.sha256, size: a.bytes.count,
                                           format: a.recognised?.format.name, fileDate: date, receivedAt: receivedAt,
                                           runID: runID)
                summary.filesDuplicate += 1
                report(FileOutcome(name: a.name, path: a.path, status: .duplicate, fileDate: date))
                continue
            }
            seenSHA.insert(a.sha256)
            pending.append(a)
        }
        return pending
    }
}

extension Ingestor {
    /// Records each refused entry (a link, a folder, a name that is not UTF-8) as a quarantined file:
    /// never followed, its bytes kept when it is a regular file. Only the same name with the same
    /// content counts as received before; refused entries are never duplicates of one another.
    func quarantine(_ refused: [Inbox.Refused], writer: StoreWriter, receivedAt: String, runID: Int64?,
                    summary: inout IngestSummary, report: (FileOutcome) -> Void) throws {
        for r in refused {
            if shouldStop?() == true { return }
            var bytes: [UInt8] = []
            if r.isRegularFile {
                do {
                    bytes = try Inbox.read(rawPath: r.rawPath, shownAs: r.name, maxBytes: maxFileBytes)
                } catch {
                    summary.skipped.append(Inbox.Skipped(name: r.name, reason: "\(error)"))
                    continue
                }
            }
            // No content was read from a link or folder: its digest stays empty, matching no file.
            let sha = r.isRegularFile ? SHA256.hexDigest(of: bytes) : ""
            if let earlier = try store.received(name: r.name, sha256: sha) {
                summary.filesAlreadyReceived += 1
                report(FileOutcome(name: r.name, path: r.name, status: FileStatus(rawValue: earlier.status) ?? .quarantined,
                                       alreadyReceived: true, reason: earlier.error, rawPath: r.rawPath))
                continue
            }
            let file = ParsedFile(name: r.name, sha256: sha, size: bytes.count, bytes: bytes, format: nil, fileDate: nil,
                                  outcome: .quarantined(r.error), dataRows: 0, rejects: [])
            try writer.write(file, receivedAt: receivedAt, runID: runID)
            summary.filesQuarantined += 1
            summary.quarantined.append(Inbox.Skipped(name: r.name, reason: r.reason))
            report(FileOutcome(name: r.name, path: r.name, status: .quarantined, reason: r.reason, rawPath: r.rawPath))
        }
    }
}

extension FileContent {
    /// Payment and reversal records this content brings (ledger-only channels' ledger rows included).
    var recordCount: Int {
        switch self {
        case .payments(let r): return r.count
        case .ledger(let rows): return rows.reduce(0) { $0 + ($1.channel.isLedgerOnly ? 1 : 0) }
        default: return 0
        }
    }
}
