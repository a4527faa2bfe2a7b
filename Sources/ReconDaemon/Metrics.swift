import Foundation
import ReconCore

/// What the daemon is doing and has done, shared between its loop (which writes) and the health
/// server (which reads). Everything the server answers comes from here, never from SQLite, so
/// `/healthz` and `/metrics` answer at once whatever the loop is busy with.
public final class Metrics: @unchecked Sendable {
    private let lock = NSLock()
    private var s = State()

    /// The last reconciliation run.
    public struct LastRun: Sendable, Equatable {
        var at: Date
        var ok: Bool
        var runID: Int64?
        var seconds: Double
        var reason: String
        var error: String?
        var findingsOpen: Int
        var findingsNew: Int
        var findingsResolved: Int

        public init(at: Date, ok: Bool, runID: Int64?, seconds: Double, reason: String, error: String?,
                    findingsOpen: Int, findingsNew: Int, findingsResolved: Int) {
            self.at = at; self.ok = ok; self.runID = runID; self.seconds = seconds; self.reason = reason
            self.error = error; self.findingsOpen = findingsOpen; self.findingsNew = findingsNew
            self.findingsResolved = findingsResolved
        }
    }

    /// Totals read from the database after each reconciliation.
    struct DatabaseCounts: Sendable, Equatable {
        var filesByStatus: [String: Int] = [:]
        var paymentsByKind: [String: Int] = [:]
        var openByCode: [String: Int] = [:]
        /// Per format: Unix time of the newest file received (any status), across restarts.
        var lastFileByFormat: [String: Int64] = [:]
        /// Unix time the newest run finished (0: none).
        var lastRunFinished: Int64 = 0
        init() {}
    }

    struct State {
        var startedAt = Date()
        /// Monotonic seconds of the loop's last sign of progress.
        var lastBeat = ProcessInfo.processInfo.systemUptime
        var lastSuccess: Date?
        var phase = "starting"
        var progress: String?
        var pendingReconcile = true
        var inboxDepth = 0
        var inboxPartial = 0
        var filesByStatus: [String: Int] = ["ingested": 0, "duplicate": 0, "quarantined": 0, "already_received": 0]
        var rowsRead = 0
        var rowsRejected = 0
        var runsOK = 0
        var runsFailed = 0
        var lastRun: LastRun?
        var runDuration = Histogram.durations
        var ingestDuration = Histogram.durations
        var database = DatabaseCounts()
        var lastPush: LastPush?
        var lastPushOK: Date?
        var pushFailures = 0
    }

    /// How long the loop may go without a `beat()` before `/healthz` says it is stuck.
    private var stallSeconds: Double

    public init(stallSeconds: Double = 900) { self.stallSeconds = stallSeconds }

    func setStallSeconds(_ seconds: Double) { lock.lock(); stallSeconds = seconds; lock.unlock() }

    private func update(_ body: (inout State) -> Void) {
        lock.lock()
        body(&s)
        lock.unlock()
    }

    private func read<T>(_ body: (State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(s)
    }

    /// starting, idle, ingesting, reconciling, stopping.
    func setPhase(_ phase: String) { update { $0.phase = phase; if phase != "ingesting" { $0.progress = nil } } }
    /// Whether stored files (or the start) wait for a reconciliation.
    func setPendingReconcile(_ pending: Bool) { update { $0.pendingReconcile = pending } }
    func setProgress(_ text: String?) { update { $0.progress = text } }
    func setInbox(depth: Int, partial: Int) { update { $0.inboxDepth = depth; $0.inboxPartial = partial } }

    /// One file handled and moved out of the inbox.
    public func fileHandled(_ o: FileOutcome) {
        update {
            $0.filesByStatus[o.alreadyReceived ? "already_received" : o.status.rawValue, default: 0] += 1
            if !o.alreadyReceived, o.status == .ingested {
                $0.rowsRead += o.rows
                $0.rowsRejected += o.rejectedRows
            }
            $0.inboxDepth = max(0, $0.inboxDepth - 1)
        }
    }

    func ingestBatchTook(_ seconds: Double) { update { $0.ingestDuration.observe(seconds) } }

    /// The loop made progress (a poll, a file stored, a run's stage).
    func beat(now: Double = ProcessInfo.processInfo.systemUptime) { update { $0.lastBeat = now } }

    /// Seconds since the loop's last sign of progress.
    func secondsSinceBeat(now: Double = ProcessInfo.processInfo.systemUptime) -> Double { read { now - $0.lastBeat } }

    public func runFinished(_ run: LastRun) {
        update {
            $0.lastRun = run
            if run.ok { $0.lastSuccess = run.at }
            if run.ok { $0.runsOK += 1 } else { $0.runsFailed += 1 }
            $0.runDuration.observe(run.seconds)
        }
    }

    func setDatabase(_ counts: DatabaseCounts) { update { $0.database = counts } }

    /// The last push to the central store.
    struct LastPush: Sendable, Equatable {
        var at: Date
        var ok: Bool
        var error: String?
    }

    func pushFinished(ok: Bool, error: String?, at: Date) {
        update { s in
            s.lastPush = LastPush(at: at, ok: ok, error: error)
            if ok { s.lastPushOK = at } else { s.pushFailures += 1 }
        }
    }

    var lastRun: LastRun? { read { $0.lastRun } }
    public var phase: String { read { $0.phase } }

    /// What `/healthz` says: healthy, or why not.
    enum Health: String {
        /// The loop makes progress and the last run (if any) succeeded.
        case ok
        /// The loop has made no progress for `stallSeconds` (a hung inbox, a stuck run).
        case stalled
        /// The last reconciliation run failed (it is tried again).
        case lastRunFailed = "last_run_failed"
    }

    func health(now: Double = ProcessInfo.processInfo.systemUptime) -> Health {
        read { s in
            if now - s.lastBeat > self.stallSeconds { return .stalled }
            if let r = s.lastRun, !r.ok { return .lastRunFailed }
            return .ok
        }
    }

    /// Whether the first reconciliation since the start is done (`/readyz`).
    var isReady: Bool { read { $0.lastSuccess != nil } }

    /// The `/healthz` answer: 200 when healthy, 503 when stalled or the last run failed; the body
    /// says what it is doing, the last run and the queue.
    func healthResponse(now: Double = ProcessInfo.processInfo.systemUptime) -> (healthy: Bool, body: String) {
        let health = health(now: now)
        return (health == .ok, read { s in
            var run: JSONValue = .null
            if let r = s.lastRun {
                run = .object([
                    "at": .string(BeijingClock.rfc3339(r.at)), "result": .string(r.ok ? "ok" : "failed"), "run_id": r.runID.map(JSONValue.int) ?? .null,
                    "duration_ms": .int(Int(r.seconds * 1000)), "reason": .string(r.reason),
                    "error": r.error.map { .string(IDMask.redact($0)) } ?? .null,
                    "findings_open": .int(r.findingsOpen), "findings_new": .int(r.findingsNew),
                    "findings_resolved": .int(r.findingsResolved),
                ])
            }
            return JSONValue.object([
                "status": .string(health.rawValue),
                "version": .string(ReconVersion.string),
                "pid": .int(Int(ProcessInfo.processInfo.processIdentifier)),
                "started_at": .string(BeijingClock.rfc3339(s.startedAt)),
                "uptime_seconds": .int(Int(Date().timeIntervalSince(s.startedAt))),
                "seconds_since_progress": .number((now - s.lastBeat).rounded()),
                "stall_seconds": .number(self.stallSeconds),
                "last_success_at": s.lastSuccess.map { .string(BeijingClock.rfc3339($0)) } ?? .null,
                "phase": .string(s.phase),
                "progress": s.progress.map { .string(IDMask.redact($0)) } ?? .null,
                "queue_depth": .int(s.inboxDepth),
                "reconcile_pending": .bool(s.pendingReconcile),
                "inbox_partial": .int(s.inboxPartial),
                "last_run": run,
                // The central store's push never makes the county unhealthy: it is shown, not judged.
                "central_push": s.lastPush.map { p in
                    .object(["at": .string(BeijingClock.rfc3339(p.at)), "result": .string(p.ok ? "ok" : "failed"),
                             "error": p.error.map { .string(IDMask.redact($0)) } ?? .null,
                             "last_ok_at": s.lastPushOK.map { .string(BeijingClock.rfc3339($0)) } ?? .null])
                } ?? .null,
            ]).text + "\n"
        })
    }

    /// The `/metrics` body in the Prometheus text format.
    func prometheusText() -> String {
        read { s in
            var out = ""
            PrometheusText.header("recon_build_info", "gauge", "The build of recond that runs (always 1).", into: &out)
            out += "recon_build_info{version=\"\(ReconVersion.string)\"} 1\n"
            PrometheusText.header("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", into: &out)
            out += "process_start_time_seconds \(Int64(s.startedAt.timeIntervalSince1970))\n"
            if let rss = Self.residentBytes() {
                PrometheusText.header("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", into: &out)
                out += "process_resident_memory_bytes \(rss)\n"
            }
            let success = max(s.lastSuccess.map { Int64($0.timeIntervalSince1970) } ?? 0, s.database.lastRunFinished)
            PrometheusText.header("recon_last_success_timestamp_seconds", "gauge",
                                  "Unix time the last successful reconciliation run finished (0: none yet).", into: &out)
            out += "recon_last_success_timestamp_seconds \(success)\n"
            PrometheusText.header("recon_last_file_timestamp_seconds", "gauge",
                                  "Unix time the newest file of each format was received (files_v1.received_at).", into: &out)
            for k in s.database.lastFileByFormat.keys.sorted() {
                out += "recon_last_file_timestamp_seconds{format=\"\(k)\"} \(s.database.lastFileByFormat[k]!)\n"
            }
            PrometheusText.header("recon_seconds_since_progress", "gauge",
                                  "Seconds since the daemon loop last made progress.", into: &out)
            out += "recon_seconds_since_progress \(Int64(ProcessInfo.processInfo.systemUptime - s.lastBeat))\n"
            PrometheusText.header("recon_files_total", "counter", "Files handled by this process, by outcome.", into: &out)
            for k in s.filesByStatus.keys.sorted() {
                out += "recon_files_total{status=\"\(k)\"} \(s.filesByStatus[k]!)\n"
            }
            PrometheusText.header("recon_rows_read_total", "counter", "Data rows read from ingested files by this process.", into: &out)
            out += "recon_rows_read_total \(s.rowsRead)\n"
            PrometheusText.header("recon_rows_rejected_total", "counter", "Data rows rejected (rejects_v1) by this process.", into: &out)
            out += "recon_rows_rejected_total \(s.rowsRejected)\n"
            PrometheusText.header("recon_database_files", "gauge", "Files in the database (files_v1), by status.", into: &out)
            for k in ["duplicate", "ingested", "quarantined"] {
                out += "recon_database_files{status=\"\(k)\"} \(s.database.filesByStatus[k] ?? 0)\n"
            }
            PrometheusText.header("recon_payments", "gauge", "Payment and reversal identities in payments_v1, by kind.", into: &out)
            for k in ["payment", "reversal"] {
                out += "recon_payments{kind=\"\(k)\"} \(s.database.paymentsByKind[k] ?? 0)\n"
            }
            PrometheusText.header("recon_findings_open", "gauge", "Open findings (findings_v1), by code and severity.", into: &out)
            for code in FindingCode.allCases {
                out += "recon_findings_open{code=\"\(code.rawValue)\",severity=\"\(code.severity.rawValue)\"} "
                    + "\(s.database.openByCode[code.rawValue] ?? 0)\n"
            }
            PrometheusText.header("recon_inbox_depth", "gauge", "Complete or growing files waiting in the inbox.", into: &out)
            out += "recon_inbox_depth \(s.inboxDepth)\n"
            PrometheusText.header("recon_inbox_partial", "gauge", "Files in the inbox still named *.part, *.tmp or hidden.", into: &out)
            out += "recon_inbox_partial \(s.inboxPartial)\n"
            PrometheusText.header("recon_runs_total", "counter", "Reconciliation runs by this process, by result.", into: &out)
            out += "recon_runs_total{result=\"ok\"} \(s.runsOK)\n"
            out += "recon_runs_total{result=\"failed\"} \(s.runsFailed)\n"
            PrometheusText.header("recon_last_run_success", "gauge", "1 if the last reconciliation run succeeded.", into: &out)
            out += "recon_last_run_success \(s.lastRun.map { $0.ok ? 1 : 0 } ?? 0)\n"
            if let p = s.lastPush {
                PrometheusText.header("recon_central_push_success", "gauge", "1 if the last push to the central store succeeded.", into: &out)
                out += "recon_central_push_success \(p.ok ? 1 : 0)\n"
                PrometheusText.header("recon_central_last_push_success_timestamp_seconds", "gauge",
                                      "Unix time of the last successful push to the central store (0: none by this process).", into: &out)
                out += "recon_central_last_push_success_timestamp_seconds \(s.lastPushOK.map { Int64($0.timeIntervalSince1970) } ?? 0)\n"
                PrometheusText.header("recon_central_push_failures_total", "counter", "Failed pushes to the central store by this process.", into: &out)
                out += "recon_central_push_failures_total \(s.pushFailures)\n"
            }
            PrometheusText.header("recon_run_duration_seconds", "histogram", "Reconciliation run durations.", into: &out)
            s.runDuration.render("recon_run_duration_seconds", into: &out)
            PrometheusText.header("recon_ingest_duration_seconds", "histogram", "Ingest batch durations (read, parse, store).", into: &out)
            s.ingestDuration.render("recon_ingest_duration_seconds", into: &out)
            return out
        }
    }

    /// This process's resident memory (`/proc/self/statm`), nil where there is none.
    static func residentBytes() -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int64(fields[1]) else { return nil }
        return pages * Int64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
