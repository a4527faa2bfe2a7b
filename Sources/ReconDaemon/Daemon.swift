import Foundation
import Logging
import ReconCentral
import ReconCore

/// recond's daemon: watches the inbox, ingests complete files (several to a transaction, each moved
/// out of the inbox only after its transaction commits), reconciles once a burst of arrivals settles and at the daily time,
/// serves `/healthz` and `/metrics`, and stops cleanly when asked.
///
/// The loop runs on a dedicated thread and the parsing on the ingest's own threads, never on
/// Swift's shared async pool, so the health server's thread and the signal handling stay responsive
/// during a full-year ingest.
///
/// Crash safety comes from the order of things: a file's rows and its `files` row commit together;
/// the file leaves the inbox after that; a file found in the inbox whose name and content are
/// already in `files` is only moved. Every start reconciles once the inbox has settled, so a run
/// cut short by a crash is made up for.
public final class Daemon: @unchecked Sendable {
    /// The configuration in force: the one started with, or the last one `reload` accepted.
    public var configuration: Configuration {
        control.lock()
        defer { control.unlock() }
        return current
    }
    private var current: Configuration
    /// Bumped by each accepted reload, so the loop knows to rebuild what it made from the old one.
    private var generation = 0
    public let metrics: Metrics
    let logger: Logger

    private let control = NSCondition()
    private var stopRequested = false
    /// A reload changed `[central]`: push at once with the new settings (under `control`).
    private var pushAfterReload = false
    private var finished = false
    private var lock: InstanceLock?
    private var server: HealthServer?
    private var store: Store?
    private let notifier = SystemdNotifier()
    private var watch: ServiceWatch?
    private lazy var pusher = CentralPusher(settings: { [unowned self] in
        let c = self.configuration
        return c.central.map { ($0, c.database) }
    }, metrics: metrics, logger: logger)

    /// The health server's port once started.
    public var port: Int? { server?.port }

    public init(configuration: Configuration, logger: Logger, metrics: Metrics? = nil) {
        self.current = configuration
        self.logger = logger
        self.metrics = metrics ?? Metrics(stallSeconds: configuration.stallSeconds)
    }

    /// Takes the instance lock, prepares the folders and the database, starts the health server and
    /// the loop. Throws `InstanceLockError.held` when another recond has this database.
    public func start() throws {
        let c = configuration
        let lock = try InstanceLock(database: c.database)
        try FileManager.default.createDirectory(atPath: c.inbox, withIntermediateDirectories: true)
        // The archive and the quarantine hold ID numbers and names: owner only.
        try Archiver.makeFolder(c.archive)
        try Archiver.makeFolder(c.quarantine)
        let store = try Store(path: c.database)
        let (host, port) = c.listenAddress
        let server = try HealthServer(host: host, port: port, metrics: metrics)
        self.lock = lock
        self.store = store
        self.server = server
        refreshDatabaseCounts(store)
        server.start()
        logger.info("recond started", metadata: [
            "inbox": "\(c.inbox)", "database": "\(c.database)", "listen": "\(host):\(server.port)",
            "pid": .stringConvertible(ProcessInfo.processInfo.processIdentifier),
        ])
        let thread = Thread { [self] in loop(store: store) }
        thread.name = "recon-daemon"
        thread.stackSize = 8 << 20
        thread.start()
        let watch = ServiceWatch(metrics: metrics, notifier: notifier)
        self.watch = watch
        watch.start()
    }

    /// Takes a re-read configuration (SIGHUP): what can change while running (timings, limits, formats,
    /// policies, the daily time, the stall time) applies from the loop's next turn; returns the keys
    /// whose change needs a restart (those keep their old value until then).
    @discardableResult
    public func reload(_ new: Configuration) -> [String] {
        control.lock()
        defer { control.unlock() }
        var kept = new
        var restart: [String] = []
        func keep<T: Equatable>(_ key: String, _ path: WritableKeyPath<Configuration, T>) {
            if kept[keyPath: path] != current[keyPath: path] {
                restart.append(key)
                kept[keyPath: path] = current[keyPath: path]
            }
        }
        keep("inbox", \.inbox)
        keep("archive", \.archive)
        keep("quarantine", \.quarantine)
        keep("database", \.database)
        keep("listen", \.listen.description)
        keep("web", \.web)
        keep("log_format", \.logFormat)
        let centralChanged = kept.central != current.central
        current = kept
        generation += 1
        metrics.setStallSeconds(kept.stallSeconds)
        control.broadcast()
        if centralChanged { pushAfterReload = true }
        return restart
    }

    private func takePushAfterReload() -> Bool {
        control.lock()
        defer { control.unlock() }
        let take = pushAfterReload
        pushAfterReload = false
        return take
    }

    private var configurationGeneration: Int {
        control.lock()
        defer { control.unlock() }
        return generation
    }

    /// Asks the loop to stop: no new file is taken, the one being stored is finished.
    public func stop() {
        control.lock()
        if !stopRequested {
            metrics.setPhase("stopping")
            notifier.notify("STOPPING=1")
        }
        stopRequested = true
        control.broadcast()
        control.unlock()
    }

    var isStopRequested: Bool {
        control.lock()
        defer { control.unlock() }
        return stopRequested
    }

    /// Waits until the loop has ended (or `timeout` seconds passed); true when it has ended.
    @discardableResult
    public func wait(timeout: Double? = nil) -> Bool {
        control.lock()
        defer { control.unlock() }
        guard let timeout else {
            // (NSCondition cannot wait until .distantFuture on Linux: the conversion traps.)
            while !finished { control.wait() }
            return true
        }
        let deadline = Date().addingTimeInterval(timeout)
        while !finished {
            if !control.wait(until: deadline) { return finished }
        }
        return true
    }

    /// Sleeps up to `seconds`, waking at once on `stop()`.
    private func pause(_ seconds: Double) {
        control.lock()
        let deadline = Date().addingTimeInterval(seconds)
        while !stopRequested, control.wait(until: deadline) {}
        control.unlock()
    }

    // MARK: the loop (its own thread)

    private var burstRunID: Int64?
    private var burst = IngestSummary()
    private var reportedSkips: Set<String> = []
    /// The view of the last run, taken over by the next one (a night reads only what came since).
    private let warmView = WarmView()

    private func loop(store: Store) {
        var c = configuration
        var seen = configurationGeneration
        var watcher = InboxWatcher(directory: c.inbox, stableSeconds: c.stableSeconds, maxBytes: c.maxFileBytes)
        let archiver = Archiver(archive: c.archive, quarantine: c.quarantine)
        var nextDaily = c.reconcileAt?.next(after: Date())
        // Every start reconciles once the inbox settles: it makes up for a run a crash cut short
        // and applies a changed policy.
        var pendingReason: String? = "start"
        var lastActivity = uptime()
        var retryAt = 0.0
        metrics.setPhase("idle")

        while !isStopRequested {
            metrics.beat()
            if configurationGeneration != seen {
                // A reload: the watcher's limits and the daily time are the new ones; a start-like
                // reconcile applies changed policies.
                c = configuration
                seen = configurationGeneration
                watcher = InboxWatcher(directory: c.inbox, stableSeconds: c.stableSeconds, maxBytes: c.maxFileBytes)
                nextDaily = c.reconcileAt?.next(after: Date())
                pendingReason = pendingReason ?? "configuration reloaded"
            }
            let poll: InboxWatcher.Poll
            do {
                poll = try watcher.poll(now: uptime())
            } catch {
                logOnce("inbox", "cannot read the inbox", ["error": "\(error)"])
                pause(max(c.pollSeconds, 5))
                continue
            }
            reportedSkips.remove("inbox")
            for s in poll.newlySkipped {
                s.reason == Inbox.incompleteReason ? logger.debug("waiting for file", metadata: ["file": "\(s.name)", "reason": "\(s.reason)"])
                        : logger.warning("file left in the inbox", metadata: ["file": "\(s.name)", "reason": "\(s.reason)"])
            }
            metrics.setInbox(depth: poll.depth, partial: poll.partial)
            if poll.changed { lastActivity = uptime() }

            if !poll.ready.isEmpty || !poll.refused.isEmpty, uptime() >= retryAt {
                if ingest(poll.ready, refused: poll.refused, store: store, archiver: archiver) {
                    pendingReason = pendingReason ?? "arrivals settled"
                } else {
                    retryAt = uptime() + max(c.pollSeconds, 10)
                }
                lastActivity = uptime()
                continue   // look again at once: more may have come meanwhile
            }
            // Settled: nothing arrived or changed for settle_seconds, and no file waits to become complete.
            if let reason = pendingReason, poll.waiting == 0, uptime() - lastActivity >= c.settleSeconds, uptime() >= retryAt {
                if reconcile(store: store, reason: reason) { pendingReason = nil } else { retryAt = uptime() + 60 }
            } else if let due = nextDaily, Date() >= due {
                _ = reconcile(store: store, reason: "daily \(c.reconcileAt?.description ?? "")")
                nextDaily = c.reconcileAt?.next(after: Date())
            }
            if takePushAfterReload() { pusher.request() }
            pusher.retryIfDue()
            metrics.setPhase(isStopRequested ? "stopping" : "idle")
            metrics.setPendingReconcile(pendingReason != nil)
            pause(c.pollSeconds)
        }
        finish()
    }

    private func finish() {
        watch?.stop()
        server?.stop()
        // The view kept between runs, for the next start (each run on it left the file as it was).
        do {
            if let seconds = try warmView.persist() {
                logger.info("view snapshot written", metadata: ["seconds": Self.seconds(seconds)])
            }
        } catch {
            logger.warning("view snapshot not written; the next start loads the view from the tables",
                           metadata: ["error": "\(error)"])
        }
        do {
            if try store?.checkpoint() == false {
                logger.warning("the write-ahead log could not be emptied (a reader held it); it is applied at the next open")
            }
        } catch {
            logger.warning("the write-ahead log could not be emptied; it is applied at the next open",
                           metadata: ["error": "\(error)"])
        }
        logger.info("recond stopped", metadata: burstRunID == nil ? [:] : ["note": "files of this burst are reconciled at the next start"])
        store = nil
        lock?.release()
        control.lock()
        finished = true
        control.broadcast()
        control.unlock()
    }

    /// Ingests a batch of complete files; false when the batch failed (the files stay in the inbox).
    private func ingest(_ paths: [String], refused: [Inbox.Refused], store: Store, archiver: Archiver) -> Bool {
        let c = configuration
        metrics.setPhase("ingesting")
        do {
            if burstRunID == nil { burstRunID = try Reconciler(store: store, policies: c.policies).beginRun() }
            let ingestor = Ingestor(store: store, configuration: c)
            // The review desk (`web`) keeps its own connection to the database in this process.
            ingestor.buildsNewDatabaseAside = c.web == nil
            // A name and content received before arrives again: a new delivery when the first was moved
            // out (a duplicate), a crash's leftover when it was not (only moved).
            ingestor.wasMovedBefore = { name, date in archiver.holds(name, date: date ?? BeijingClock.today()) }
            ingestor.shouldStop = { [self] in isStopRequested }
            ingestor.progress = { [metrics] done, total, name in
                metrics.beat()
                metrics.setProgress(done < total ? "\(done)/\(total) files stored, last \(name)" : nil)
            }
            ingestor.onOutcome = { [self] outcome in handled(outcome, archiver: archiver) }
            let summary = try ingestor.ingest(paths: paths, refused: refused, runID: burstRunID)
            burst.add(summary)
            for s in summary.skipped {
                logOnce("read\u{1}" + s.name + s.reason, "file could not be read; left in the inbox",
                        ["file": "\(s.name)", "reason": "\(s.reason)"])
            }
            metrics.ingestBatchTook(summary.seconds)
            logger.debug("batch stored", metadata: [
                "files": .stringConvertible(paths.count), "seconds": Self.seconds(summary.seconds),
            ])
            return true
        } catch {
            logger.error("ingest failed; the files stay in the inbox and are tried again", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// One file's outcome is committed: move it out of the inbox and say what became of it, once.
    private func handled(_ o: FileOutcome, archiver: Archiver) {
        var meta: Logger.Metadata = ["file": "\(o.name)"]
        do {
            let target: String
            if let raw = o.rawPath {
                target = try archiver.quarantine(rawPath: raw, name: o.name, reason: o.reason ?? "quarantined")
            } else if o.status == .quarantined {
                target = try archiver.quarantine(o.path, name: o.name, reason: o.reason ?? "quarantined")
            } else {
                target = try archiver.archive(o.path, name: o.name, date: o.fileDate ?? BeijingClock.today())
            }
            meta["moved_to"] = "\(target)"
        } catch {
            logOnce("move\u{1}" + o.name, "file stored but not moved out of the inbox; moved at the next try",
                    ["file": "\(o.name)", "error": "\(error)"])
            return
        }
        reportedSkips.remove("move\u{1}" + o.name)
        metrics.fileHandled(o)
        if o.alreadyReceived {
            meta["status"] = "\(o.status.rawValue)"
            logger.notice("file already received; not stored again", metadata: meta)
            return
        }
        switch o.status {
        case .ingested:
            meta["rows"] = .stringConvertible(o.rows)
            meta["rejected"] = .stringConvertible(o.rejectedRows)
            logger.info("file ingested", metadata: meta)
        case .duplicate:
            logger.notice("file is a duplicate of one received before", metadata: meta)
        case .quarantined:
            meta["reason"] = "\(o.reason ?? "")"
            logger.warning("file quarantined", metadata: meta)
        }
    }

    /// Reconciles; false when the run failed.
    private func reconcile(store: Store, reason: String) -> Bool {
        metrics.setPhase("reconciling")
        metrics.beat()
        let started = Date()
        defer { metrics.beat() }
        do {
            let r = try ReconcileRun(store: store, policies: configuration.policies)
                .run(asOf: nil, ingest: burst, runID: burstRunID, warm: warmView)
            metrics.runFinished(.init(at: Date(), ok: true, runID: r.runID, seconds: Date().timeIntervalSince(started),
                                      reason: reason, error: nil, findingsOpen: r.open, findingsNew: r.new,
                                      findingsResolved: r.resolved))
            let sev = Severity.allCases.map { "\(r.openBySeverity[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
            logger.info("reconciled", metadata: [
                "run_id": .stringConvertible(r.runID), "reason": "\(reason)", "as_of": "\(r.asOf?.description ?? "-")",
                "files_ingested": .stringConvertible(burst.filesIngested),
                "files_quarantined": .stringConvertible(burst.filesQuarantined),
                "files_duplicate": .stringConvertible(burst.filesDuplicate),
                "rows_rejected": .stringConvertible(burst.rowsRejected), "payments": .stringConvertible(r.payments),
                "findings_open": .stringConvertible(r.open), "open_by_severity": "\(sev)", "new": .stringConvertible(r.new),
                "resolved": .stringConvertible(r.resolved), "seconds": Self.seconds(Date().timeIntervalSince(started)),
                "view": "\(r.viewSource ?? "-")",
            ])
            logger.debug("run stages", metadata: [
                "run_id": .stringConvertible(r.runID),
                "stages": "\(r.stages.map { "\($0.stage) \(String(format: "%.3f", $0.seconds))" }.joined(separator: "; "))",
            ])
            burstRunID = nil
            burst = IngestSummary()
            refreshDatabaseCounts(store)
            copyLogBack(store)
            pusher.request()
            return true
        } catch {
            metrics.runFinished(.init(at: Date(), ok: false, runID: burstRunID, seconds: Date().timeIntervalSince(started),
                                      reason: reason, error: "\(error)", findingsOpen: 0, findingsNew: 0, findingsResolved: 0))
            logger.error("reconciliation failed; tried again in a minute", metadata: ["reason": "\(reason)", "error": "\(error)"])
            return false
        }
    }

    /// The run's pages go into the database file now, while the daemon has nothing else to do, not
    /// inside the next run's commit (SQLite copies the log back there once it passes 4 MB: a quarter
    /// of a night's run); and the database file alone is complete between runs. It never waits for
    /// a reader (the review desk, a push): what they hold is copied at a later run.
    private func copyLogBack(_ store: Store) {
        let start = Date()
        do {
            let whole = try store.checkpointPassively()
            logger.debug("write-ahead log copied back", metadata: [
                "seconds": Self.seconds(Date().timeIntervalSince(start)), "whole": "\(whole)",
            ])
        } catch {
            logger.warning("the write-ahead log could not be copied back; SQLite does it at a later commit",
                           metadata: ["error": "\(error)"])
        }
    }

    private func refreshDatabaseCounts(_ store: Store) {
        do {
            metrics.setDatabase(try Daemon.databaseCounts(store))
        } catch {
            logger.warning("cannot count the database for /metrics", metadata: ["error": "\(error)"])
        }
    }

    /// Files by status, payment identities by kind and open findings by code, as stored.
    static func databaseCounts(_ store: Store) throws -> Metrics.DatabaseCounts {
        var counts = Metrics.DatabaseCounts()
        func group(_ sql: String) throws -> [String: Int] {
            var out: [String: Int] = [:]
            for row in try store.db.prepare(sql, persistent: false).query() {
                if case .text(let k) = row[0], case .int(let n) = row[1] { out[k] = Int(n) }
            }
            return out
        }
        counts.filesByStatus = try group("SELECT status, count(*) FROM files GROUP BY status")
        counts.paymentsByKind = try group("SELECT kind, count(*) FROM records WHERE is_primary = 1 GROUP BY kind")
        counts.openByCode = try group("SELECT code, count(*) FROM findings WHERE status = 'open' GROUP BY code")
        // Times in the store are Beijing wall-clock text; the metrics want Unix seconds.
        func unix(_ text: String) -> Int64? { LocalDateTime(text).map { $0.seconds - 8 * 3600 } }
        for row in try store.db.prepare("""
            SELECT format, max(received_at) FROM files WHERE format IS NOT NULL GROUP BY format
            """, persistent: false).query() {
            if case .text(let f) = row[0], case .text(let t) = row[1], let u = unix(t) { counts.lastFileByFormat[f] = u }
        }
        if case .text(let t)? = try store.db.prepare("SELECT max(finished_at) FROM runs", persistent: false).query().first?.first {
            counts.lastRunFinished = unix(t) ?? 0
        }
        return counts
    }

    /// Logs a problem the first time it is seen (a file that cannot be moved is tried every poll).
    private func logOnce(_ key: String, _ message: Logger.Message, _ metadata: Logger.Metadata) {
        guard reportedSkips.insert(key).inserted else { return }
        logger.error(message, metadata: metadata)
    }

    private func uptime() -> Double { ProcessInfo.processInfo.systemUptime }

    /// Seconds as a number in the log, to the millisecond.
    static func seconds(_ s: Double) -> Logger.MetadataValue { .stringConvertible((s * 1000).rounded() / 1000) }
}
