import Dispatch

/// The loaded view a long-running process keeps from one run to the next (`ReconcileRun.run(…warm:)`,
/// the daemon's): the next run takes it over instead of reading the snapshot file, and reads from the
/// tables only what was stored since, under the same `ViewStamp` checks as a snapshot. The price is
/// the view and the rules' texts held between runs (a county: ~250 MB).
///
/// A run on a kept view does not rewrite the snapshot file (120 MB a night for a county); the process
/// writes it once, when it stops (`persist()`). Should it not get there (a crash), the file is older
/// than the database — still of use, the rows since read from the tables — or stale, and the next
/// start loads from the tables.
public final class WarmView: @unchecked Sendable {
    private let kept = Locked<(view: JoinedView, texts: RuleTexts, written: Bool)?>(nil)

    public init() {}

    /// Keeps a run's view and texts for the next run; `written`: its snapshot file is already written
    /// (or being written) by the run.
    func keep(_ view: JoinedView, _ texts: RuleTexts, written: Bool) {
        kept.withLock { $0 = (view, texts, written) }
    }

    /// Writes the kept view's snapshot beside its database unless the run that kept it did. Returns
    /// the seconds it took, nil when there was nothing to write.
    public func persist() throws -> Double? {
        guard let k = kept.withLock({ $0 }), !k.written, let path = k.view.snapshotPath, let stamp = k.view.stamp else {
            return nil
        }
        let start = DispatchTime.now().uptimeNanoseconds
        try ViewSnapshot.write(k.view, k.texts, stamp: stamp, to: path, releasing: false)
        kept.withLock { if $0?.view === k.view { $0?.written = true } }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Whether a view is kept.
    public var isWarm: Bool { kept.withLock { $0 != nil } }

    /// Moves the kept view's loaded parts into an empty view and texts when it was loaded from this
    /// database with nothing changed in place since; what the last run resolved starts over. Nothing
    /// is kept afterwards either way (a run that fails leaves the next one to the snapshot file).
    func restore(into v: JoinedView, _ texts: RuleTexts, now: ViewStamp) throws -> ViewSnapshot.Restored {
        guard let k = kept.withLock({ k -> (view: JoinedView, texts: RuleTexts, written: Bool)? in defer { k = nil }; return k }),
              let stamp = k.view.stamp
        else { throw SnapshotError.missing }
        let old = k.view, oldTexts = k.texts
        if let why = stamp.staleness(against: now) { throw SnapshotError.stale(why) }
        // Moved, not copied: the old view lets go of each part, so appending to it copies nothing.
        // What the old run resolved stays; `JoinedView.resolve` keeps or redoes it.
        swap(&v.payments, &old.payments)
        swap(&v.reversals, &old.reversals)
        swap(&v.reversalByRef, &old.reversalByRef)
        swap(&v.recordAgents, &old.recordAgents)
        swap(&v.ledger, &old.ledger)
        swap(&v.ledgerNext, &old.ledgerNext)
        swap(&v.ledgerRefunds, &old.ledgerRefunds)
        texts.take(from: oldTexts)
        let roster = stamp.rosterFile == now.rosterFile
        var resolved: ResolvedPart?
        if roster {
            swap(&v.roster, &old.roster)
            swap(&v.rosterByKey, &old.rosterByKey)
            swap(&v.rosterByID, &old.rosterByID)
            var facts: [IDFacts] = []
            swap(&facts, &old.facts)
            resolved = ResolvedPart(payments: v.payments.count, ledger: v.ledger.count, facts: facts,
                                    policies: old.policyList, assistance: old.assistance, employees: old.employees)
        }
        return ViewSnapshot.Restored(stamp: stamp, roster: roster, resolved: resolved)
    }
}
