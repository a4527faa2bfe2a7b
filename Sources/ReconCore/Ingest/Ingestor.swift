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
    /// write nothing): a caller may move the file away then, never earlier.
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

    public init(store: Store, reader: FileReader = FileReader(), workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.store = store
        self.reader = reader
        self.workers = max(1, workers)
    }

    struct Arrival {
        var name: String
        var path: String
        var bytes: [UInt8]
        var sha256: String
        var order: (String, String)
    }

    /// Ingests every regular file of `directory` not received before.
    public func ingest(directory: String, runID: Int64? = nil) throws -> IngestSummary {
        let listing = try Inbox.scan(directory)
        var summary = try ingest(paths: listing.files.map { directory + "/" + $0 }, refused: listing.refused, runID: runID)
        summary.skipped = listing.skipped + summary.skipped
        return summary
    }

    /// Ingests the given files (paths), and quarantines the `refused` entries; see `ingest(directory:)`.
    public func ingest(paths: [String], refused: [Inbox.Refused] = [], runID: Int64? = nil) throws -> IngestSummary {
        let started = Date()
        var summary = IngestSummary()
        summary.filesSeen = paths.count + refused.count
        let receivedAt = BeijingClock.now()
        let writer = try StoreWriter(store: store)
        try quarantine(refused, writer: writer, receivedAt: receivedAt, runID: runID, summary: &summary)

        // Read and hash in parallel; then decide in order which are new, duplicates or already seen.
        let read = Slots<Result<Arrival, InboxError>>(count: paths.count)
        let registry = reader.registry
        let maxFileBytes = self.maxFileBytes
        DispatchQueue.concurrentPerform(iterations: paths.count) { i in
            let path = paths[i]
            let name = String(path.split(separator: "/").last ?? Substring(path))
            do {
                let bytes = try Inbox.read(path, maxBytes: maxFileBytes)
                let sha = SHA256.hexDigest(of: bytes)
                let date = registry.recognise(name)?.date?.description ?? ""
                read.put(i, .success(Arrival(name: name, path: path, bytes: bytes, sha256: sha, order: (date, name))))
            } catch let e as InboxError {
                read.put(i, .failure(e))
            } catch {
                read.put(i, .failure(.cannotRead(path, 0)))
            }
        }
        var arrivals: [Arrival] = []
        for (i, r) in read.drain().enumerated() {
            switch r {
            case .success(let a): arrivals.append(a)
            case .failure(let e):
                let name = String(paths[i].split(separator: "/").last ?? Substring(paths[i]))
                summary.skipped.append(Inbox.Skipped(name: name, reason: e.description))
            case nil: break
            }
        }
        let readSeconds = Date().timeIntervalSince(started)
        var pending: [Arrival] = []
        var seenSHA: Set<String> = []
        for a in arrivals.sorted(by: { $0.order < $1.order }) {
            if shouldStop?() == true { break }
            if let earlier = try store.received(name: a.name, sha256: a.sha256) {
                summary.filesAlreadyReceived += 1
                onOutcome?(FileOutcome(name: a.name, path: a.path, status: FileStatus(rawValue: earlier.status) ?? .ingested,
                                       alreadyReceived: true, reason: earlier.error,
                                       fileDate: registry.recognise(a.name)?.date))
                continue
            }
            if try seenSHA.contains(a.sha256) || store.contentReceived(sha256: a.sha256) {
                let f = reader.registry.recognise(a.name)
                try writer.recordDuplicate(name: a.name, sha256: a.sha256, size: a.bytes.count, format: f?.format.name,
                                           fileDate: f?.date, receivedAt: receivedAt, runID: runID)
                summary.filesDuplicate += 1
                onOutcome?(FileOutcome(name: a.name, path: a.path, status: .duplicate, fileDate: f?.date))
                continue
            }
            seenSHA.insert(a.sha256)
            pending.append(a)
        }
        arrivals = []

        // Roster snapshots are the largest files (only the newest good one is stored row by row), so they
        // parse first, beside the window, and the writer stores everything else meanwhile, taking each
        // roster as soon as it has parsed. They parse one after the other, newest first: once a good one
        // is in hand, an older one is only checked (rows built, counted, not kept) for its `files` row and
        // rejects, and a year's roster is held in memory once, not twice, and not for the whole ingest
        // (county, first run: ingest peak RSS 407 → 312 MB).
        let isRoster = pending.map { a -> Bool in
            if case .enrollment = registry.recognise(a.name)?.format.kind { return true }
            return false
        }
        let rosters = pending.indices.filter { isRoster[$0] }
        // Rosters are stored in the order they parse, newest first: the writer stores the newest while
        // an older one is still being checked.
        let rosterOrder = Array(rosters.reversed())
        let parseOrder = pending.indices.filter { !isRoster[$0] }
        let total = pending.count
        let results = Slots<ParsedFile>(count: total)
        let window = ParseWindow(maxFiles: parseAheadFiles, maxBytes: parseAheadBytes)
        // At most `workers` files parse at once (the roster job aside): parsing is CPU work.
        let running = DispatchSemaphore(value: workers)
        let queue = DispatchQueue(label: "recon.parse", qos: .userInitiated, attributes: .concurrent)
        let group = DispatchGroup()
        let reader = self.reader
        // Each file's bytes are let go once it has parsed (a quarantined file's stay in its ParsedFile,
        // to be kept): the inbox is read whole up front for the hashes, and a city's is 460 MB gzip'd.
        let sources = Slots<Arrival>(count: pending.count)
        for (i, a) in pending.enumerated() { sources.put(i, a) }
        let paths = pending.map(\.path)
        let sizes = pending.map(\.bytes.count)
        pending = []
        let feederDone = DispatchSemaphore(value: 0)
        let feeder = Thread {
            defer { feederDone.signal() }
            if !rosters.isEmpty {
                group.enter()
                queue.async {
                    var newerIsGood = false
                    for i in rosterOrder {
                        let a = sources.take(i)
                        let file = reader.read(name: a.name, bytes: a.bytes, sha256: a.sha256, keepRows: !newerIsGood)
                        if case .content(.enrollment) = file.outcome { newerIsGood = true }
                        results.put(i, file)
                    }
                    group.leave()
                }
            }
            for i in parseOrder {
                // A parser first, then room in the window: a stop (`close`) that comes while waiting for
                // either starts no further parse.
                running.wait()
                guard window.enter(size: sizes[i]) else {
                    running.signal()
                    return
                }
                group.enter()
                queue.async {
                    let a = sources.take(i)
                    results.put(i, reader.read(name: a.name, bytes: a.bytes, sha256: a.sha256))
                    running.signal()
                    group.leave()
                }
            }
        }
        feeder.start()
        var writeError: Error?
        // Only the newest good roster snapshot is stored row by row; the parse job has already emptied
        // the older good ones, which keep their `files` row and rejects.
        var storedRoster = false
        var batch = WriteBatch(maxRows: batchRows, maxFiles: batchFiles)
        var done = 0
        func reported(_ file: ParsedFile, path: String, _ result: FileStatus) {
            var outcome = FileOutcome(name: file.name, path: path, status: result, fileDate: file.fileDate,
                                      rows: file.dataRows, rejectedRows: file.rejects.count)
            switch result {
            case .ingested:
                summary.filesIngested += 1
                summary.rowsRead += file.dataRows
                summary.rowsRejected += file.rejects.count
                if case .content(let c) = file.outcome { summary.records += c.recordCount }
            case .quarantined:
                summary.filesQuarantined += 1
                if case .quarantined(let e) = file.outcome { outcome.reason = e.description }
            case .duplicate:
                summary.filesDuplicate += 1
            }
            onOutcome?(outcome)
            done += 1
            progress?(done, total, file.name)
        }
        func flush() {
            if writeError != nil || batch.isEmpty { return }
            let (entries, paths) = batch.take()
            do {
                try writer.write(batch: entries, receivedAt: receivedAt, runID: runID) { i, result in
                    reported(entries[i].file, path: paths[i], result)
                }
            } catch {
                writeError = error
            }
        }
        var waiting = 0.0
        let writing = Date()
        var nextRoster = 0
        func storeFile(_ i: Int, _ file: ParsedFile) {
            if case .content(.enrollment) = file.outcome {
                batch.add(file, path: paths[i], superseded: storedRoster)
                storedRoster = true
            } else {
                batch.add(file, path: paths[i], superseded: false)
            }
            if batch.isFull { flush() }
        }
        func storeRosters(waiting wait: Bool) {
            while nextRoster < rosterOrder.count, shouldStop?() != true {
                let i = rosterOrder[nextRoster]
                let asked = Date()
                guard let file = wait ? results.take(i) : results.takeIfFilled(i) else { return }
                waiting += Date().timeIntervalSince(asked)
                nextRoster += 1
                storeFile(i, file)
            }
        }
        for i in parseOrder {
            storeRosters(waiting: false)
            if shouldStop?() == true || writeError != nil { break }
            let asked = Date()
            let file = results.take(i)
            waiting += Date().timeIntervalSince(asked)
            window.leave(size: sizes[i])
            storeFile(i, file)
        }
        if shouldStop?() != true && writeError == nil { storeRosters(waiting: true) }
        flush()
        window.close()
        feederDone.wait()
        group.wait()
        MemoryTrim.now()
        if let writeError { throw writeError }
        summary.seconds = Date().timeIntervalSince(started)
        summary.stages = [StageTime("read and hash", readSeconds),
                          StageTime("store (waiting for parsers)", waiting),
                          StageTime("store (writing)", Date().timeIntervalSince(writing) - waiting)]
        return summary
    }
}

extension Ingestor {
    /// Records each refused entry (a link, a folder, a name that is not UTF-8) as a quarantined file:
    /// never followed, its bytes kept when it is a regular file. Only the same name with the same
    /// content counts as received before; refused entries are never duplicates of one another.
    func quarantine(_ refused: [Inbox.Refused], writer: StoreWriter, receivedAt: String, runID: Int64?,
                    summary: inout IngestSummary) throws {
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
                onOutcome?(FileOutcome(name: r.name, path: r.name, status: FileStatus(rawValue: earlier.status) ?? .quarantined,
                                       alreadyReceived: true, reason: earlier.error, rawPath: r.rawPath))
                continue
            }
            let file = ParsedFile(name: r.name, sha256: sha, size: bytes.count, bytes: bytes, format: nil, fileDate: nil,
                                  outcome: .quarantined(r.error), dataRows: 0, rejects: [])
            try writer.write(file, receivedAt: receivedAt, runID: runID)
            summary.filesQuarantined += 1
            onOutcome?(FileOutcome(name: r.name, path: r.name, status: .quarantined, reason: r.reason, rawPath: r.rawPath))
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
