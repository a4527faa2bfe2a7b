import Foundation
import SQLiteStore

/// Runs every rule of RULES.md over the store and keeps `findings` up to date, one row per
/// (code, subject):
///
/// - found and new → `open`, review_state `new`, first_seen_at = last_seen_at = the run's time;
/// - found and open → last_seen_at and the descriptive columns (amount, detail, …) updated;
/// - found and resolved → reopened (`open`) under the same subject;
/// - open and not found → `resolved`.
///
/// review_state and review_note are never touched by a run. All of it, and the `runs` row, is
/// written in one transaction (`record`): a second run over unchanged data changes no finding except
/// its last_seen_at. A run (`ReconcileRun`) builds the report summaries between the rules and that
/// transaction and writes them in it.
public struct Reconciler {
    public let store: Store
    public let policies: PolicySet

    public init(store: Store, policies: PolicySet = .builtin) {
        self.store = store
        self.policies = policies
    }

    /// The rules in their fixed order: of findings with the same (code, subject) the first rule's is kept.
    static let rules: [(name: String, rule: @Sendable (RuleInput, inout FindingSink) -> Void)] = [
        ("InvalidID", InvalidID.findings), ("NotEnrolled", NotEnrolled.findings),
        ("NameMismatch", NameMismatch.findings), ("InactiveEnrollment", InactiveEnrollment.findings),
        ("PaidAfterDeath", PaidAfterDeath.findings), ("DuplicatePayment", DuplicatePayment.findings),
        ("NonstandardAmount", NonstandardAmount.findings), ("TierNotAllowed", TierNotAllowed.findings),
        ("ShouldBeGovernmentPaid", ShouldBeGovernmentPaid.findings),
        ("MissingGovernmentPayment", MissingGovernmentPayment.findings),
        ("GovernmentPaidIneligible", GovernmentPaidIneligible.findings),
        ("IneligiblePension", IneligiblePension.findings), ("EmployeeInsured", EmployeeInsured.findings),
        ("LatePayment", LatePayment.findings), ("RefundAfterCutoff", RefundAfterCutoff.findings),
        ("PooledAccount", PooledAccount.findings), ("NotInTaxLedger", NotInTaxLedger.findings),
        ("LedgerWithoutPayment", LedgerWithoutPayment.findings), ("LedgerMismatch", LedgerMismatch.findings),
        ("SubsidyMismatch", SubsidyMismatch.findings), ("RepeatedRecords", RepeatedRecords.findings),
        ("NoPolicy", NoPolicy.findings),
    ]

    /// Runs every rule over a loaded view and its texts, each rule's findings into its own sink over
    /// `spill`; the spill's merge gives them one per (code, subject), the first rule's.
    public static func findings(_ v: RuleInput, into spill: FindingSpill) {
        // Rules are pure functions of the loaded view: they run side by side, each handing its
        // findings over in chunks as it finds them (two rules of 290k findings each run together on
        // a night without roster or ledger).
        let seconds = Slots<Double>(count: rules.count)
        DispatchQueue.concurrentPerform(iterations: rules.count) { i in
            let start = DispatchTime.now().uptimeNanoseconds
            var sink = FindingSink(spill, rule: i)
            rules[i].rule(v, &sink)
            sink.flush()
            seconds.put(i, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        for (i, took) in seconds.drain().enumerated() { v.view.timings.append((rules[i].name, took!)) }
    }

    /// Loads the view and runs the rules into `spill` without writing anything to the store. The
    /// rules' texts go with their input when this returns: the view it returns has none of them.
    public func findings(asOf: LocalDate? = nil, into spill: FindingSpill) throws -> JoinedView {
        try findings(asOf: asOf, into: spill, snapshot: false).view
    }

    /// The same, and with `snapshot` the view's snapshot for the next run starts being written
    /// (`JoinedView.saveSnapshot`); the rules' texts live until it is done.
    ///
    /// With `warm`, the view it kept is taken over when it serves, and this run's view and texts are
    /// kept in it for the next run; a view taken over is not written (`WarmView.persist()`).
    func findings(asOf: LocalDate?, into spill: FindingSpill, snapshot: Bool,
                  warm: WarmView? = nil) throws -> (view: JoinedView, save: SnapshotSave?) {
        let input = try RuleInput.load(store: store, policies: policies, asOf: asOf, warm: warm)
        Reconciler.findings(input, into: spill)
        // A view taken over from `warm` goes back to it unwritten: the process writes it when it stops.
        let save = snapshot && !input.view.fromKeptView
            ? input.view.saveSnapshot(input.texts, releasing: warm == nil) : nil
        warm?.keep(input.view, input.texts, written: save != nil || input.view.snapshotCurrent)
        return (input.view, save)
    }

    /// A spill for a run's findings, its file beside the database.
    public func findingSpill(chunkBytes: Int = FindingSpill.defaultChunkBytes) throws -> FindingSpill {
        try FindingSpill(directory: FindingSpill.directory(forDatabase: store.db.path), chunkBytes: chunkBytes)
    }

    /// Starts a `runs` row before the ingest (so `Ingestor.ingest(directory:runID:)` can tag the files
    /// it stores with the run); pass the id to `ReconcileRun.run(asOf:ingest:runID:)`.
    public func beginRun() throws -> Int64 {
        try store.db.prepare("INSERT INTO runs(started_at) VALUES (?)", persistent: false).run([.text(BeijingClock.now())])
        return store.db.lastInsertRowID
    }

    /// Stores a run in one transaction: its `runs` row (`runID`'s, its started_at kept; else a new
    /// row started at `startedAt`), the upsert of `findings`, what the run writes with them
    /// (`alongside`, given the connection and the run's id; it returns the time its parts took) and
    /// the run's counts. The summary's stages are `alongside`'s, then storing the findings; its
    /// `seconds` are the caller's to set.
    func record(_ found: FindingSpill, of view: JoinedView, ingest: IngestSummary?, runID: Int64?, startedAt: String,
                alongside: (Connection, Int64) throws -> [StageTime]) throws -> ReconcileSummary {
        let db = store.db
        var startedAt = startedAt
        let storing = Date()
        let purgedBefore = try store.meta("purged_before").flatMap(Int.init)
        var alongsideTook = 0.0
        var alongsideStages: [StageTime] = []
        var summary = ReconcileSummary(
            runID: 0, startedAt: startedAt, finishedAt: startedAt, asOf: view.asOf, payments: view.payments.count,
            openByCode: [:], openBySeverity: [:], open: 0, new: 0, resolved: 0, moneyAtStakeFen: 0, seconds: 0)
        try db.transaction {
            var id = runID ?? 0
            if let runID, let s = try db.prepare("SELECT started_at FROM runs WHERE run_id = ?", persistent: false)
                .query([.int(runID)]).first, case .text(let t) = s[0] {
                startedAt = t
            } else {
                try db.prepare("INSERT INTO runs(started_at) VALUES (?)", persistent: false).run([.text(startedAt)])
                id = db.lastInsertRowID
            }
            summary.runID = id
            summary.startedAt = startedAt
            let now = BeijingClock.now()
            let (new, resolved) = try upsert(found, runID: id, at: now, purgedBefore: purgedBefore) { summary.count($0) }
            summary.new = new
            summary.resolved = resolved
            let writing = Date()
            alongsideStages = try alongside(db, id)
            alongsideTook = Date().timeIntervalSince(writing)
            summary.finishedAt = BeijingClock.now()
            try db.prepare("""
                UPDATE runs SET finished_at = ?, as_of = ?, files_ingested = ?, files_quarantined = ?, files_duplicate = ?,
                                rows_rejected = ?, payments = ?, findings_open = ?, findings_new = ?, findings_resolved = ?
                WHERE run_id = ?
                """, persistent: false).run([
                    .text(summary.finishedAt), view.asOf.map { .text($0.description) } ?? .null,
                    .int(Int64(ingest?.filesIngested ?? 0)), .int(Int64(ingest?.filesQuarantined ?? 0)),
                    .int(Int64(ingest?.filesDuplicate ?? 0)), .int(Int64(ingest?.rowsRejected ?? 0)),
                    .int(Int64(view.payments.count)), .int(Int64(summary.open)), .int(Int64(new)), .int(Int64(resolved)),
                    .int(id),
                ])
        }
        summary.stages = alongsideStages + [StageTime("store findings", Date().timeIntervalSince(storing) - alongsideTook)]
        return summary
    }

    /// Applies the spill's findings to `findings`; returns (opened or reopened, resolved). `each`
    /// sees every finding stored, for the run's counts. Findings of years removed by `recond purge`
    /// (before `purgedBefore`) are left out: those years are never reconciled again, so their
    /// personal data stays gone.
    ///
    /// The stored keys, read in primary-key order, and the found ones, merged from the spill in the
    /// same order, meet in one pass: a found key before the next stored one is new, an equal one
    /// updates it, a stored one passed over is resolved when open. Rows are written in key order, to
    /// neighbouring B-tree pages: hashing string keys and writing rule by rule at random places is
    /// several times slower on a night of many findings.
    func upsert(_ found: FindingSpill, runID: Int64, at now: String, purgedBefore: Int? = nil,
                each: (FindingRecord) -> Void = { _ in }) throws -> (Int, Int) {
        let db = store.db
        var stored = FindingKeys()
        var storedOpen: [Bool] = []
        let read = try RowCursor(db, "SELECT code, subject, status = 'open' FROM findings ORDER BY code, subject")
        while try read.step() {
            stored.append(code: read.bytes(0), subject: read.bytes(1))
            storedOpen.append(read.int(2) != 0)
        }
        // The merge needs both sides in one order; the table's order is SQLite's, checked, not assumed.
        let storedOrder = stored.isSorted ? Array(0..<stored.count) : stored.sortedIndices()

        let insert = try db.prepare("""
            INSERT INTO findings(code, subject, severity, status, year, id_number, insurance, channel, txn_ref,
                                 town_code, village_code, amount_fen, detail, first_seen_at, last_seen_at,
                                 first_run_id, last_run_id, status_changed_run_id, review_state)
            VALUES (?1, ?2, ?3, 'open', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?14, ?14, 'new')
            """, persistent: false)
        let update = try db.prepare("""
            UPDATE findings SET severity = ?3, year = ?4, id_number = ?5, insurance = ?6, channel = ?7, txn_ref = ?8,
                   town_code = ?9, village_code = ?10, amount_fen = ?11, detail = ?12, last_seen_at = ?13,
                   last_run_id = ?14,
                   status_changed_run_id = CASE WHEN status = 'open' THEN status_changed_run_id ELSE ?14 END,
                   status = 'open'
            WHERE code = ?1 AND subject = ?2
            """, persistent: false)
        let resolve = try db.prepare("""
            UPDATE findings SET status = 'resolved', status_changed_run_id = ? WHERE code = ? AND subject = ?
            """, persistent: false)

        var new = 0, resolved = 0
        var next = 0
        func resolvePassed(upTo key: UnsafeRawBufferPointer?) throws -> (entry: Int, isOpen: Bool)? {
            while next < storedOrder.count {
                let e = storedOrder[next]
                let c = key.map { stored.compare(e, $0) } ?? -1
                if c > 0 { return nil }
                next += 1
                if c == 0 { return (e, storedOpen[e]) }
                if storedOpen[e] {
                    let (code, subject) = stored.parts(e)
                    try resolve.run([.int(runID), .text(code), .text(subject)])
                    resolved += 1
                }
            }
            return nil
        }
        func bind(_ s: Statement, _ i: Int32, _ text: UnsafeRawBufferPointer?) {
            if let text { s.bindText(i, text) } else { s.bindNull(i) }
        }
        try found.merge { f in
            if let y = f.year, let purgedBefore, y < purgedBefore { return }
            each(f)
            let s: Statement
            if let match = try resolvePassed(upTo: f.key) {
                s = update
                if !match.isOpen { new += 1 }
            } else {
                s = insert
                new += 1
            }
            s.bind(1, f.code.rawValue)
            s.bindText(2, f.subject)
            s.bind(3, f.code.severity.rawValue)
            if let y = f.year { s.bind(4, y) } else { s.bindNull(4) }
            bind(s, 5, f.text(.idNumber))
            s.bind(6, f.insurance?.rawValue)
            s.bind(7, f.channel?.rawValue)
            bind(s, 8, f.text(.txnRef))
            bind(s, 9, f.text(.townCode))
            bind(s, 10, f.text(.villageCode))
            if let a = f.amountFen { s.bind(11, a) } else { s.bindNull(11) }
            s.bindText(12, f.detail)
            s.bind(13, now)
            s.bind(14, runID)
            try s.run()
        }
        _ = try resolvePassed(upTo: nil)
        return (new, resolved)
    }
}
