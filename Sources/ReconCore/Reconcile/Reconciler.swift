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

    /// Every finding the rules open over a loaded view and its texts, in rule order; one per (code, subject).
    public static func findings(_ v: RuleInput) -> [Finding] {
        let rules: [(String, @Sendable (RuleInput) -> [Finding])] = [
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
        // Rules are pure functions of the loaded view: they run side by side, and their findings are
        // merged in the fixed order above so the first rule to name a (code, subject) keeps it.
        let results = Slots<([Finding], Double)>(count: rules.count)
        DispatchQueue.concurrentPerform(iterations: rules.count) { i in
            let start = DispatchTime.now().uptimeNanoseconds
            let found = rules[i].1(v)
            results.put(i, (found, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        }
        var out: [Finding] = []
        var seen: Set<String> = []
        for (i, result) in results.drain().enumerated() {
            let (found, seconds) = result!
            v.view.timings.append((rules[i].0, seconds))
            for f in found where seen.insert(f.code.rawValue + "\u{1}" + f.subject).inserted { out.append(f) }
        }
        return out
    }

    /// Loads the view and runs the rules without writing anything. The rules' texts go with their
    /// input when this returns: the view it returns has none of them.
    public func findings(asOf: LocalDate? = nil) throws -> (view: JoinedView, findings: [Finding]) {
        let input = try RuleInput.load(store: store, policies: policies, asOf: asOf)
        return (input.view, Reconciler.findings(input))
    }

    /// Starts a `runs` row before the ingest (so `Ingestor.ingest(directory:runID:)` can tag the files
    /// it stores with the run); pass the id to `ReconcileRun.run(asOf:ingest:runID:)`.
    public func beginRun() throws -> Int64 {
        try store.db.prepare("INSERT INTO runs(started_at) VALUES (?)", persistent: false).run([.text(BeijingClock.now())])
        return store.db.lastInsertRowID
    }

    /// Leaves out the findings of years removed by `recond purge`: those years are never reconciled
    /// again, so their personal data stays gone.
    func dropPurgedYears(_ found: inout [Finding]) throws {
        if let purgedBefore = try store.meta("purged_before").flatMap(Int.init) {
            found.removeAll { f in f.year.map { $0 < purgedBefore } ?? false }
        }
    }

    /// Stores a run in one transaction: its `runs` row (`runID`'s, its started_at kept; else a new
    /// row started at `startedAt`), the upsert of `findings`, what the run writes with them
    /// (`alongside`, given the connection and the run's id; it returns the time its parts took) and
    /// the run's counts. The summary's stages are `alongside`'s, then storing the findings; its
    /// `seconds` are the caller's to set.
    func record(_ found: [Finding], of view: JoinedView, ingest: IngestSummary?, runID: Int64?, startedAt: String,
                alongside: (Connection, Int64) throws -> [StageTime]) throws -> ReconcileSummary {
        let db = store.db
        var startedAt = startedAt
        let storing = Date()
        var alongsideTook = 0.0
        var alongsideStages: [StageTime] = []
        var summary = ReconcileSummary(
            runID: 0, startedAt: startedAt, finishedAt: startedAt, asOf: view.asOf, payments: view.payments.count,
            openByCode: [:], openBySeverity: [:], open: found.count, new: 0, resolved: 0, moneyAtStakeFen: 0, seconds: 0)
        for f in found {
            summary.openByCode[f.code, default: 0] += 1
            summary.openBySeverity[f.severity, default: 0] += 1
            // A SUBSIDY_MISMATCH amount is a claim's difference, which no cap bounds: the figure
            // saturates rather than trap (a wrapped sum has the sign opposite to the true one).
            let (sum, overflow) = summary.moneyAtStakeFen.addingReportingOverflow(f.amountFen ?? 0)
            summary.moneyAtStakeFen = overflow ? (sum < 0 ? .max : .min) : sum
        }
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
            let (new, resolved) = try upsert(found, runID: id, at: now)
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
                    .int(Int64(view.payments.count)), .int(Int64(found.count)), .int(Int64(new)), .int(Int64(resolved)),
                    .int(id),
                ])
        }
        summary.stages = alongsideStages + [StageTime("store findings", Date().timeIntervalSince(storing) - alongsideTook)]
        return summary
    }

    /// Applies the found set to `findings`; returns (opened or reopened, resolved).
    ///
    /// The stored keys, read in primary-key order, and the found ones, sorted the same way, meet in
    /// one merge: a found key before the next stored one is new, an equal one updates it, a stored one
    /// passed over is resolved when open. Rows are written in key order, to neighbouring B-tree pages:
    /// hashing string keys and writing rule by rule at random places is several times slower on a
    /// night of many findings.
    func upsert(_ found: [Finding], runID: Int64, at now: String) throws -> (Int, Int) {
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
        var keys = FindingKeys(capacity: found.count)
        for f in found { keys.append(code: f.code.rawValue, subject: f.subject) }

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
        func resolvePassed(upTo k: Int?) throws -> (entry: Int, isOpen: Bool)? {
            while next < storedOrder.count {
                let e = storedOrder[next]
                let c = k.map { stored.compare(e, keys, $0) } ?? -1
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
        for k in keys.sortedIndices() {
            let f = found[k]
            let s: Statement
            if let match = try resolvePassed(upTo: k) {
                s = update
                if !match.isOpen { new += 1 }
            } else {
                s = insert
                new += 1
            }
            s.bind(1, f.code.rawValue)
            s.bind(2, f.subject)
            s.bind(3, f.severity.rawValue)
            if let y = f.year { s.bind(4, y) } else { s.bindNull(4) }
            s.bind(5, f.idNumber)
            s.bind(6, f.insurance?.rawValue)
            s.bind(7, f.channel?.rawValue)
            s.bind(8, f.txnRef)
            s.bind(9, f.townCode)
            s.bind(10, f.villageCode)
            if let a = f.amountFen { s.bind(11, a) } else { s.bindNull(11) }
            s.bind(12, f.detail)
            s.bind(13, now)
            s.bind(14, runID)
            try s.run()
        }
        _ = try resolvePassed(upTo: nil)
        return (new, resolved)
    }
}
