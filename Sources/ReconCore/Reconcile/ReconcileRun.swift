import Foundation
import SQLiteStore

/// One reconciliation run, in three steps:
///
/// 1. the rules (`Reconciler.findings(asOf:into:)`): the view and the rules' texts are loaded (from
///    the view's snapshot beside the database when it serves, `ViewSnapshot`), every rule runs over
///    them, handing its findings in chunks to a `FindingSpill` (a temporary file beside the
///    database), and the texts go with the rules' input, or with the snapshot's write, which goes on
///    beside the next two steps;
/// 2. the reports' summaries (`ReportSummaries.build`), from the view alone;
/// 3. one transaction (`Reconciler.record`) that upserts the findings, writes the summaries and
///    completes the `runs` row, so a reader sees the findings and the summaries of one run.
public struct ReconcileRun {
    public let reconciler: Reconciler
    /// From this many changed roster lines on, the summaries' step rebuilds the roster lines' index
    /// after writing them instead of updating it line by line (internal: tests lower it).
    var rosterIndexRebuildLines = ReportSummaries.rosterIndexRebuildLines
    /// The bytes of findings a rule hands over at a time (internal: tests lower it).
    var findingChunkBytes = FindingSpill.defaultChunkBytes

    public init(_ reconciler: Reconciler) {
        self.reconciler = reconciler
    }

    public init(store: Store, policies: PolicySet = .builtin) {
        self.init(Reconciler(store: store, policies: policies))
    }

    /// Reconciles: runs every rule over the view, builds the report summaries, upserts `findings`,
    /// writes the summaries and the `runs` row.
    ///
    /// - Parameters:
    ///   - asOf: the date gated rules wait for; nil means the newest ingested statement or ledger file date.
    ///   - ingest: the ingest pass before this run, for the run's file counts.
    ///   - runID: a row made by `Reconciler.beginRun()` to complete (its started_at kept); nil makes a new row.
    ///   - warm: a view kept by the run before (a daemon's), taken over when it serves; this run's is kept in it.
    public func run(asOf: LocalDate? = nil, ingest: IngestSummary? = nil, runID: Int64? = nil,
                    warm: WarmView? = nil) throws -> ReconcileSummary {
        let clock = Date()
        let startedAt = BeijingClock.now()
        let found = try reconciler.findingSpill(chunkBytes: findingChunkBytes)
        let (view, save) = try reconciler.findings(asOf: asOf, into: found, snapshot: true, warm: warm)
        // Whatever happens next, the snapshot's write is over when the run is.
        var waited = false
        defer { if !waited { _ = save?.wait() } }
        // The rules' texts went with their input (or go when the snapshot is written): hand their
        // pages back before the summaries allocate.
        MemoryTrim.now()
        let summaries = try ReportSummaries.build(view, store: reconciler.store)
        var summary = try reconciler.record(found, of: view, ingest: ingest, runID: runID, startedAt: startedAt) { db, id in
            try summaries.write(to: db, runID: id, rebuildIndexFrom: rosterIndexRebuildLines)
        }
        let written = JoinedView.finished(save)
            ?? (view.snapshotServesOn && !view.fromKeptView ? StageTime("snapshot kept as it was (few rows added)", 0) : nil)
        waited = true
        summary.seconds = Date().timeIntervalSince(clock)
        summary.stages = view.timings.map { StageTime($0.stage, $0.seconds) } + summaries.timings + summary.stages
            + (written.map { [$0] } ?? [])
        return summary
    }
}
