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
        var at: String
        var ok: Bool
        var runID: Int64?
        var seconds: Double
        var reason: String
        var error: String?
        var findingsOpen: Int
        var findingsNew: Int
        var findingsResolved: Int

        public init(at: String, ok: Bool, runID: Int64?, seconds: Double, reason: String, error: String?,
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
        init() {}
    }

    struct State {
        var startedAt = Date()
        var startedAtText = BeijingClock.now()
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
    }

    public init() {}

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

    public func runFinished(_ run: LastRun) {
        update {
            $0.lastRun = run
            if run.ok { $0.runsOK += 1 } else { $0.runsFailed += 1 }
            $0.runDuration.observe(run.seconds)
        }
    }

    func setDatabase(_ counts: DatabaseCounts) { update { $0.database = counts } }

    var lastRun: LastRun? { read { $0.lastRun } }
    public var phase: String { read { $0.phase } }

    /// The `/healthz` body: alive, what it is doing, the last run and the queue.
    func healthJSON() -> String {
        read { s in
            var run: JSONValue = .null
            if let r = s.lastRun {
                run = .object([
                    "at": .string(r.at), "result": .string(r.ok ? "ok" : "failed"), "run_id": r.runID.map(JSONValue.int) ?? .null,
                    "duration_ms": .int(Int(r.seconds * 1000)), "reason": .string(r.reason),
                    "error": r.error.map { .string(IDMask.redact($0)) } ?? .null,
                    "findings_open": .int(r.findingsOpen), "findings_new": .int(r.findingsNew),
                    "findings_resolved": .int(r.findingsResolved),
                ])
            }
            return JSONValue.object([
                "status": .string("alive"),
                "pid": .int(Int(ProcessInfo.processInfo.processIdentifier)),
                "started_at": .string(s.startedAtText),
                "uptime_seconds": .int(Int(Date().timeIntervalSince(s.startedAt))),
                "phase": .string(s.phase),
                "progress": s.progress.map { .string(IDMask.redact($0)) } ?? .null,
                "queue_depth": .int(s.inboxDepth),
                "reconcile_pending": .bool(s.pendingReconcile),
                "inbox_partial": .int(s.inboxPartial),
                "last_run": run,
            ]).text + "\n"
        }
    }

    /// The `/metrics` body in the Prometheus text format.
    func prometheusText() -> String {
        read { s in
            var out = ""
            PrometheusText.header("recon_up", "gauge", "1 while recond runs.", into: &out)
            out += "recon_up 1\n"
            PrometheusText.header("recon_start_time_seconds", "gauge", "Unix time recond started.", into: &out)
            out += "recon_start_time_seconds \(Int64(s.startedAt.timeIntervalSince1970))\n"
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
            PrometheusText.header("recon_run_duration_seconds", "histogram", "Reconciliation run durations.", into: &out)
            s.runDuration.render("recon_run_duration_seconds", into: &out)
            PrometheusText.header("recon_ingest_duration_seconds", "histogram", "Ingest batch durations (read, parse, store).", into: &out)
            s.ingestDuration.render("recon_ingest_duration_seconds", into: &out)
            return out
        }
    }
}
