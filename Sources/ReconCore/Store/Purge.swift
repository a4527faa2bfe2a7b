import SQLiteStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `recond purge --before YEAR`: removes the personal data of coverage years before `YEAR` on request
/// (a retention limit, or a data subject's request handled by year), keeping what the figures need.
///
/// Removed, for coverage years < YEAR: payments and reversals (`records`), ledger rows, findings and
/// their review history; assistance and employee-insured rows whose period ended before YEAR began;
/// the raw text of rejected lines and the kept bytes of quarantined files of files dated before YEAR
/// (also their copies in the quarantine folder, when given). Kept: `purged_aggregates` — counts and
/// sums per year, channel, insurance, town and kind, and findings counts per code and state — the
/// `files`, `runs` and reject reasons (no personal data), the current roster and the death notices
/// (later years' rules need them), and a `purges` row. Years before YEAR are never reconciled again
/// (`meta.purged_before`), so no rule brings their personal data back.
///
/// Everything happens in one transaction with SQLite's `secure_delete` on (freed pages are zeroed),
/// followed by a WAL checkpoint, so the removed text is not left in the files.
public struct Purge {
    public let store: Store
    public let beforeYear: Int

    public init(store: Store, beforeYear: Int) {
        self.store = store
        self.beforeYear = beforeYear
    }

    /// What a purge removed.
    public struct Summary: Sendable, Equatable {
        var purgeID: Int64 = 0
        var records = 0, ledger = 0, findings = 0, reviews = 0, assistance = 0, employee = 0
        var rejects = 0, quarantinedFiles = 0
        /// Quarantine-folder files deleted (with their `.reason` files).
        var quarantineFolderFiles = 0

        public var text: String {
            "recond purge: removed \(records) payments/reversals, \(ledger) ledger rows, \(findings) findings "
                + "(\(reviews) review decisions), \(assistance) assistance and \(employee) employee-insured rows, "
                + "the raw text of \(rejects) rejected lines and the bytes of \(quarantinedFiles) quarantined files"
                + (quarantineFolderFiles > 0 ? " (\(quarantineFolderFiles) in the quarantine folder)" : "")
        }
    }

    /// Runs the purge; `quarantineFolder` also removes the purged quarantined files kept there.
    @discardableResult
    public func run(quarantineFolder: String? = nil, at now: String = BeijingClock.now()) throws -> Summary {
        let db = store.db
        let cutoff = String(format: "%04d-01-01", beforeYear)
        let y: SQLValue = .int(Int64(beforeYear))
        // Files dated before the cut-off (received before it when their name has no date).
        let oldFiles = "SELECT id FROM files WHERE COALESCE(NULLIF(file_date, ''), received_at) < ?1"
        var summary = Summary()
        var quarantinedNames: [String] = []
        try db.execute("PRAGMA secure_delete = ON")
        defer { try? db.execute("PRAGMA secure_delete = OFF") }
        try db.transaction {
            try db.prepare("""
                INSERT INTO purges(purged_at, before_year, records, ledger, findings, reviews, assistance, employee,
                                   rejects, quarantined_files) VALUES (?, ?, 0, 0, 0, 0, 0, 0, 0, 0)
                """, persistent: false).run([.text(now), y])
            let purgeID = db.lastInsertRowID
            summary.purgeID = purgeID
            let id: SQLValue = .int(purgeID)
            // The aggregates first, from the rows about to go.
            try db.prepare("""
                INSERT INTO purged_aggregates(purge_id, year, source, channel, insurance, category, rows, amount_fen)
                SELECT ?1, year, 'payments', channel, insurance, kind, count(*), SUM(amount_fen)
                FROM records WHERE is_primary = 1 AND year < ?2 GROUP BY year, channel, insurance, kind
                """, persistent: false).run([id, y])
            try db.prepare("""
                INSERT INTO purged_aggregates(purge_id, year, source, channel, insurance, town_code, category, rows, amount_fen)
                SELECT ?1, year, 'ledger', channel, insurance, COALESCE(town_code, ''), pay_type, count(*), SUM(amount_fen)
                FROM ledger WHERE year < ?2 GROUP BY year, channel, insurance, town_code, pay_type
                """, persistent: false).run([id, y])
            try db.prepare("""
                INSERT INTO purged_aggregates(purge_id, year, source, channel, insurance, town_code, category, status,
                                              rows, amount_fen)
                SELECT ?1, year, 'findings', COALESCE(channel, ''), COALESCE(insurance, ''), COALESCE(town_code, ''), code,
                       status || '/' || review_state, count(*), COALESCE(SUM(amount_fen), 0)
                FROM findings WHERE year < ?2 GROUP BY year, channel, insurance, town_code, code, status, review_state
                """, persistent: false).run([id, y])

            // The decisions of purged findings leave the trail: the rest is sealed again below, and this
            // purge's row says how many entries went.
            try db.execute("DROP TRIGGER IF EXISTS reviews_append_only_delete")
            summary.reviews = try delete("""
                DELETE FROM reviews WHERE EXISTS (SELECT 1 FROM findings f
                    WHERE f.code = reviews.code AND f.subject = reviews.subject AND f.year < ?1)
                """, [y])
            try ReviewTrail.seal(db)
            summary.findings = try delete("DELETE FROM findings WHERE year < ?1", [y])
            // One change in place for the view's snapshot: the triggers that count row by row stand
            // aside for these deletes (1.4 s of a county's 7.6 s purge) and the count goes up once.
            for (table, event) in Schema.viewEpochEvents { try db.execute("DROP TRIGGER IF EXISTS \(Schema.viewEpochTrigger(table, event))") }
            summary.records = try delete("DELETE FROM records WHERE year < ?1", [y])
            summary.ledger = try delete("DELETE FROM ledger WHERE year < ?1", [y])
            try db.execute(Schema.bumpViewEpoch)
            try db.execute(Schema.viewEpochTriggers)
            summary.assistance = try delete("DELETE FROM assistance WHERE ends_on IS NOT NULL AND ends_on <> '' AND ends_on < ?1",
                                            [.text(cutoff)])
            summary.employee = try delete("DELETE FROM employee WHERE ends_on IS NOT NULL AND ends_on <> '' AND ends_on < ?1",
                                          [.text(cutoff)])
            summary.rejects = try delete("UPDATE rejects SET raw = NULL WHERE raw IS NOT NULL AND file_id IN (\(oldFiles))",
                                         [.text(cutoff)])
            for row in try db.prepare("""
                SELECT f.name FROM files f JOIN quarantined_bytes q ON q.file_id = f.id WHERE f.id IN (\(oldFiles))
                """, persistent: false).query([.text(cutoff)]) {
                if case .text(let n) = row[0] { quarantinedNames.append(n) }
            }
            summary.quarantinedFiles = try delete("DELETE FROM quarantined_bytes WHERE file_id IN (\(oldFiles))", [.text(cutoff)])
            try db.prepare("""
                UPDATE purges SET records = ?, ledger = ?, findings = ?, reviews = ?, assistance = ?, employee = ?,
                                  rejects = ?, quarantined_files = ? WHERE purge_id = ?
                """, persistent: false).run([
                    .int(Int64(summary.records)), .int(Int64(summary.ledger)), .int(Int64(summary.findings)),
                    .int(Int64(summary.reviews)), .int(Int64(summary.assistance)), .int(Int64(summary.employee)),
                    .int(Int64(summary.rejects)), .int(Int64(summary.quarantinedFiles)), id,
                ])
            // The reports' summaries name people of every year: dropped whole (the reports then ask for
            // a run), and the next reconciliation rebuilds them from what the purge left.
            for table in ["report_years", "report_balance_days", "report_balance_agents", "report_subsidy_facts",
                          "report_coverage", "report_unpaid", "report_roster_lines"] {
                try db.execute("DELETE FROM \(table)")
            }
            try db.prepare("DELETE FROM meta WHERE key IN (?, ?)", persistent: false)
                .run([.text(Schema.reportSummariesRunKey), .text(Schema.reportRosterFileKey)])
            // Never lower an earlier, later cut-off.
            let earlier = try store.meta("purged_before").flatMap(Int.init) ?? 0
            try store.setMeta("purged_before", String(max(earlier, beforeYear)))
        }
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if let folder = quarantineFolder {
            for name in quarantinedNames { summary.quarantineFolderFiles += Purge.removeQuarantined(name, in: folder) }
        }
        return summary
    }

    func delete(_ sql: String, _ params: [SQLValue]) throws -> Int {
        try store.db.prepare(sql, persistent: false).run(params)
        return store.db.changes
    }

    /// Removes `name`, `name.1`, `name.2`, … and their `.reason` files from the quarantine folder (the
    /// names `Archiver` gives); links are removed, never followed. Returns the files removed.
    static func removeQuarantined(_ name: String, in folder: String) -> Int {
        var removed = 0
        var candidate = name
        var n = 0
        while true {
            let path = folder + "/" + candidate
            var st = stat()
            guard lstat(path, &st) == 0 else { break }
            if unlink(path) == 0 { removed += 1 }
            _ = unlink(path + ".reason")
            n += 1
            candidate = "\(name).\(n)"
        }
        return removed
    }
}
