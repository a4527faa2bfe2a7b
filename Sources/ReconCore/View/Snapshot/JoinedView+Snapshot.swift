import Dispatch

/// The view's snapshot and kept view (`ViewSnapshot`, `WarmView`) as the view's loading and the run
/// use them.
extension JoinedView {
    /// Fills the empty view `v` from the kept view, else from the snapshot file, when one serves the
    /// database at `now`; notes what became of them (`snapshotOutcome`, a stage of the timings). A
    /// snapshot that fails half-way leaves a fresh view and empty texts behind, as if there were none.
    static func takeOver(_ v: inout JoinedView, _ texts: RuleTexts, warm: WarmView?, now: ViewStamp) -> ViewSnapshot.Restored? {
        guard let path = v.snapshotPath else { return nil }
        let start = DispatchTime.now().uptimeNanoseconds
        var restored: ViewSnapshot.Restored?, kind = "snapshot", notes: [String] = []
        if let warm, warm.isWarm {
            do {
                restored = try warm.restore(into: v, texts, now: now)
                kind = "kept view"
                v.fromKeptView = true
            } catch {
                notes.append("kept view not used: \(error)")
            }
        }
        if restored == nil {
            do {
                restored = try ViewSnapshot.restore(into: v, texts, from: path, now: now)
            } catch {
                v = JoinedView(policies: v.policies, asOf: v.asOf)
                v.stamp = now
                v.snapshotPath = path
                texts.clear()
                notes.append("not used: \(error)")
            }
        }
        if let restored {
            v.snapshotUsed = true
            v.snapshotCurrent = restored.stamp == now
            v.snapshotRows = (v.payments.count, v.ledger.count)
            v.rosterReloaded = !restored.roster
            notes.append(v.snapshotCurrent ? "used, nothing added" : "used, files above #\(restored.stamp.maxFileID) added")
        }
        v.snapshotOutcome = notes.joined(separator: "; ")
        v.timings.append(("\(kind) (\(v.snapshotOutcome))", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        for (part, seconds) in zip(["records", "ledger", "roster"], restored?.seconds ?? []) {
            v.timings.append(("snapshot: \(part)", seconds))
        }
        return restored
    }

    /// Starts writing the view's snapshot beside its database (`ViewSnapshot`) for the next run,
    /// unless the one it was loaded from is already current. Called after the rules, while their texts
    /// are still here; a failure leaves the old snapshot (stale, so unused) and never fails the run.
    /// With `releasing`, the texts are let go as they are written (see `ViewSnapshot.write`).
    func saveSnapshot(_ texts: RuleTexts, releasing: Bool) -> SnapshotSave? {
        guard let path = snapshotPath, let stamp, !snapshotCurrent, !snapshotServesOn else { return nil }
        // Beside the run when the view came from a snapshot (a night: the run is short, the texts
        // small against it); at once after a whole load (a county's first run), whose peak would
        // otherwise carry the texts through the summaries.
        return SnapshotSave(self, texts, stamp: stamp, path: path, beside: snapshotUsed, releasing: releasing)
    }

    /// Whether the snapshot this view came from may stay as it is: the roster came with it, and the
    /// rows stored since are few against it (under a tenth), so the next run reads them from the
    /// tables again (a few nights' rows: tens of milliseconds) rather than this run rewriting the
    /// whole file (a county's: 120 MB, 0.3–0.9 s of a core).
    var snapshotServesOn: Bool {
        guard snapshotUsed, !rosterReloaded else { return false }
        let added = payments.count - snapshotRows.payments + ledger.count - snapshotRows.ledger
        return added * 10 < snapshotRows.payments + snapshotRows.ledger
    }

    /// Waits for the snapshot's write; how it went, as a stage of the run.
    static func finished(_ save: SnapshotSave?) -> StageTime? {
        guard let save else { return nil }
        let (seconds, error) = save.wait()
        let written = save.beside ? "snapshot written (beside the run)" : "snapshot written"
        return StageTime(error.map { "snapshot not written: \($0)" } ?? written, seconds)
    }
}
