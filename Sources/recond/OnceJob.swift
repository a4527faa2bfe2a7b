import Foundation
import ReconCore

/// One complete pass: ingest an inbox into a database, then reconcile.
struct OnceJob {
    var inbox: String
    var database: String
    var asOf: LocalDate?
    var configuration = Configuration()

    struct Report {
        var ingest: IngestSummary
        var reconcile: ReconcileSummary
        var database: String
        var seconds: Double

        var text: String {
            var lines = [
                "recon: \(ingest.filesIngested) files ingested, \(ingest.filesDuplicate) duplicate, "
                    + "\(ingest.filesQuarantined) quarantined, \(ingest.filesAlreadyReceived) already received",
                "recon: \(ingest.rowsRead) rows read, \(ingest.rowsRejected) rejected, \(ingest.records) payment/reversal lines",
            ]
            for q in ingest.quarantined { lines.append("recon: quarantined \(q.name): \(q.reason)") }
            for s in ingest.skipped { lines.append("recon: skipped \(s.name): \(s.reason)") }
            lines.append(reconcile.text)
            lines.append(String(format: "recon: database %@, %.2f s in all", database, seconds))
            return lines.joined(separator: "\n")
        }
    }

    func run(progress: ((Int, Int, String) -> Void)? = nil) throws -> Report {
        let started = Date()
        let store = try Store(path: database)
        let reconciler = Reconciler(store: store, policies: configuration.policies)
        let runID = try reconciler.beginRun()
        let ingestor = Ingestor(store: store, configuration: configuration)
        ingestor.progress = progress
        // A new database is built in a side file; its first reconciliation is written there too.
        var reconciled: ReconcileSummary?
        ingestor.inSideFile = { summary in
            reconciled = try ReconcileRun(reconciler).run(asOf: asOf, ingest: summary, runID: runID)
        }
        let summary = try ingestor.ingest(directory: inbox, runID: runID)
        if !summary.builtInSideFile || reconciled == nil {
            // A reconciliation done in a side file that was then given up may have left a view
            // snapshot of it: the files were ingested again, so it goes.
            if reconciled != nil, let snapshot = ViewSnapshot.path(forDatabase: database) { unlink(snapshot) }
            reconciled = try ReconcileRun(reconciler).run(asOf: asOf, ingest: summary, runID: runID)
        }
        // The database file alone is complete when the run is over (a copy of it is a backup).
        try store.checkpoint()
        return Report(ingest: summary, reconcile: reconciled!, database: database,
                      seconds: Date().timeIntervalSince(started))
    }
}
