import Foundation
import XCTest

@testable import ReconCore
import SQLiteStore
import ReconTestSupport

/// Findings across runs: opened, kept, resolved, reopened under the same subject with the review
/// decision kept; the runs rows.
final class ReconcileLifecycleTests: XCTestCase {
    typealias W = RulesWorld

    func row(_ w: RulesWorld, _ code: FindingCode, _ subject: String) throws -> [SQLValue] {
        try w.inbox.query("""
            SELECT status, review_state, review_note, first_seen_at, last_seen_at FROM findings_v1
            WHERE code = '\(code.rawValue)' AND subject = '\(subject)'
            """).first ?? []
    }

    /// A run's steps, as its stages tell: the view loads, the rules run over it, then the report
    /// summaries are built and written, and last the findings are stored; the view's snapshot, written
    /// after the rules, is told last.
    func testARunBuildsTheSummariesAfterTheRules() throws {
        let w = try RulesWorld()
        let a = W.id("19830505", 11)
        w.enrolBoth(a, "甲")
        w.wechat("M1", a, .medical, "380.00")
        var stages = try w.reconcile().stages.map(\.stage)
        XCTAssertEqual(stages.first, "snapshot (not used: no view snapshot)")
        XCTAssertEqual(stages.last, "snapshot written")
        stages = Array(stages.dropFirst().dropLast())
        let summaries = stages.indices.filter { stages[$0].hasPrefix("report summaries: ") }
        let at = ["resolve", "InvalidID", "NoPolicy", "report summaries: plan roster lines",
                  "report summaries: write tables", "store findings"].map { stages.firstIndex(of: $0) ?? -1 }
        XCTAssertEqual(at, at.sorted(), "\(stages)")
        XCTAssertFalse(at.contains(-1), "\(stages)")
        XCTAssertEqual(summaries.first, at[2] + 1, "the summaries right after the last rule: \(stages)")
        XCTAssertEqual(summaries, Array(at[2] + 1..<stages.count - 1), "\(stages)")
        XCTAssertEqual(at[5], stages.count - 1)
    }

    func testResolveAndReopenKeepTheReview() throws {
        let w = try RulesWorld()
        let a = W.id("19830505", 11), b = W.id("19850607", 12)
        w.enrolBoth(b, "乙")
        w.wechat("M1", a, .medical, "380.00")
        let first = try w.reconcile()
        XCTAssertEqual(first.new, 1)
        XCTAssertEqual(try w.allOpen(), ["NOT_ENROLLED txn:wechat:M1"])
        let subject = "txn:wechat:M1"
        // A reviewer confirms it.
        try w.store.db.execute("""
            UPDATE findings SET review_state = 'confirmed', review_note = 'asked the village' WHERE subject = '\(subject)'
            """)
        let seen = try row(w, .notEnrolled, subject)

        // A corrected roster arrives: resolved, review kept.
        w.rosterDate = "20231201"
        w.enrolBoth(a, "甲")
        w.enrolBoth(b, "乙")
        let second = try w.reconcile()
        XCTAssertEqual(second.resolved, 1)
        XCTAssertEqual(second.new, 0)
        var r = try row(w, .notEnrolled, subject)
        XCTAssertEqual(r[0], .text("resolved"))
        XCTAssertEqual(r[1], .text("confirmed"))
        XCTAssertEqual(r[2], .text("asked the village"))
        XCTAssertEqual(r[3], seen[3])

        // A newer roster drops the person again: reopened under the same subject, review kept.
        w.rosterDate = "20240115"
        w.enrolBoth(b, "乙")
        w.enrol(W.id("19900101", 13), "丙", .medical)   // (not byte-identical to the first snapshot)
        let third = try w.reconcile()
        XCTAssertEqual(third.new, 1)
        XCTAssertEqual(third.resolved, 0)
        r = try row(w, .notEnrolled, subject)
        XCTAssertEqual(r[0], .text("open"))
        XCTAssertEqual(r[1], .text("confirmed"))
        XCTAssertEqual(r[3], seen[3])
        XCTAssertEqual(try w.inbox.int("SELECT count(*) FROM findings_v1 WHERE subject = '\(subject)'"), 1)

        let runs = try w.inbox.query("SELECT findings_open, findings_new, findings_resolved, payments FROM runs_v1 ORDER BY run_id")
        XCTAssertEqual(runs, [
            [.int(1), .int(1), .int(0), .int(1)], [.int(0), .int(0), .int(1), .int(1)], [.int(1), .int(1), .int(0), .int(1)],
        ])
    }

    func testASecondRunOverUnchangedDataChangesNothingButLastSeen() throws {
        let w = try RulesWorld()
        let a = W.id("19830505", 11)
        w.enrolBoth(a, "甲")
        w.wechat("M1", a, .medical, "190.00", at: "2024-01-08 10:00:00", inLedger: false)
        w.wechat("P1", W.id("19850607", 12), .pension, "400.00")
        try w.reconcile(asOf: "2024-01-20")
        let columns = "code, subject, severity, status, year, id_number, insurance, channel, txn_ref, town_code, village_code, amount_fen, detail, first_seen_at, review_state, review_note"
        let before = try w.inbox.query("SELECT \(columns) FROM findings_v1 ORDER BY code, subject")
        XCTAssertGreaterThan(before.count, 3)
        let s = try w.reconcile(asOf: "2024-01-20")
        XCTAssertEqual(s.new, 0)
        XCTAssertEqual(s.resolved, 0)
        XCTAssertEqual(s.open, before.count)
        XCTAssertEqual(try w.inbox.query("SELECT \(columns) FROM findings_v1 ORDER BY code, subject"), before)
        XCTAssertEqual(try w.inbox.int("SELECT count(*) FROM runs_v1"), 2)
    }

    func testRunRowAndSummary() throws {
        let w = try RulesWorld()
        let a = W.id("19830505", 11)
        w.enrolBoth(a, "甲")
        w.wechat("M1", a, .medical, "190.00")       // NONSTANDARD_AMOUNT, 190 at stake
        w.wechat("M2", a, .pension, "100.00")       // TIER_NOT_ALLOWED
        let s = try w.reconcile(asOf: "2024-01-20")
        XCTAssertEqual(s.openByCode, [.nonstandardAmount: 1, .tierNotAllowed: 1])
        XCTAssertEqual(s.openBySeverity, [.medium: 2])
        XCTAssertEqual(s.moneyAtStakeFen, 190_00 + 100_00)
        XCTAssertEqual(s.payments, 2)
        XCTAssertEqual(s.asOf, LocalDate(year: 2024, month: 1, day: 20))
        let run = try w.inbox.query("SELECT as_of, files_ingested, files_quarantined, payments, findings_open, finished_at IS NOT NULL FROM runs_v1")
        XCTAssertEqual(run, [[.text("2024-01-20"), .int(3), .int(0), .int(2), .int(2), .int(1)]])
        XCTAssertTrue(s.text.contains("2 findings open"), s.text)
        let f = try w.inbox.query("SELECT first_seen_at = last_seen_at, review_state, length(first_seen_at) FROM findings_v1")
        XCTAssertEqual(f.first, [.int(1), .text("new"), .int(19)])
    }

    func testARunBegunBeforeTheIngestIsCompleted() throws {
        let w = try RulesWorld()
        let a = W.id("19830505", 11)
        w.enrolBoth(a, "甲")
        w.wechat("M1", a, .medical, "190.00")
        for (name, lines) in w.pending { try w.render(name, lines) }
        let reconciler = Reconciler(store: w.store)
        let runID = try reconciler.beginRun()
        let ingest = try Ingestor(store: w.store).ingest(directory: w.inbox.inbox, runID: runID)
        let s = try ReconcileRun(reconciler).run(ingest: ingest, runID: runID)
        XCTAssertEqual(s.runID, runID)
        XCTAssertEqual(try w.inbox.int("SELECT count(*) FROM runs_v1"), 1)
        XCTAssertEqual(try w.inbox.query("SELECT files_ingested, findings_open, as_of FROM runs_v1"),
                       [[.int(3), .int(1), .text("2023-11-20")]])
        XCTAssertEqual(try w.inbox.int("SELECT count(*) FROM files WHERE run_id = \(runID)"), 3)
    }
    /// The lifecycle (new, kept, resolved, reopened, review kept) is the same when the rules hand
    /// their findings over a finding at a time as in one chunk: the runs' counts and every row of
    /// `findings_v1` but its times.
    func testTheLifecycleIsTheSameInChunksOfOneFinding() throws {
        func run(_ w: RulesWorld, chunkBytes: Int) throws -> [Int] {
            for (name, lines) in w.pending { try w.render(name, lines) }
            w.pending = [:]
            let reconciler = Reconciler(store: w.store)
            let runID = try reconciler.beginRun()
            var run = ReconcileRun(reconciler)
            run.findingChunkBytes = chunkBytes
            let s = try run.run(asOf: LocalDate("2024-01-20"),
                                ingest: try Ingestor(store: w.store).ingest(directory: w.inbox.inbox, runID: runID), runID: runID)
            return [s.open, s.new, s.resolved, Int(s.moneyAtStakeFen)]
        }
        let ids = (11...16).map { W.id("19830505", $0) }
        var results: [[[SQLValue]]] = []
        var counts: [[[Int]]] = []
        for chunkBytes in [FindingSpill.defaultChunkBytes, 1] {
            let w = try RulesWorld()
            var steps: [[Int]] = []
            // Run 1: six payments from one openid (POOLED_ACCOUNT), four NOT_ENROLLED, one NONSTANDARD_AMOUNT.
            w.enrolBoth(ids[0], "甲")
            w.enrolBoth(ids[1], "乙")
            for (i, id) in ids.enumerated() { w.wechat("M\(i)", id, .medical, i == 5 ? "190.00" : "380.00") }
            steps.append(try run(w, chunkBytes: chunkBytes))
            try w.store.db.execute("UPDATE findings SET review_state = 'confirmed' WHERE subject = 'txn:wechat:M2'")
            // Run 2: a roster with M2's and M3's payers: resolved.
            w.rosterDate = "20231201"
            for id in ids.prefix(4) { w.enrolBoth(id, "丙") }
            steps.append(try run(w, chunkBytes: chunkBytes))
            // Run 3: M2's payer dropped again (reopened, review kept), a new payment M9 (NOT_ENROLLED,
            // NONSTANDARD_AMOUNT).
            w.rosterDate = "20240115"
            for id in [ids[0], ids[1], ids[3]] { w.enrolBoth(id, "丙") }
            w.wechat("M9", W.id("19900101", 21), .pension, "400.00")
            steps.append(try run(w, chunkBytes: chunkBytes))
            counts.append(steps)
            results.append(try w.inbox.query("""
                SELECT code, subject, severity, status, year, id_number, insurance, channel, txn_ref, town_code,
                       village_code, amount_fen, detail, review_state, review_note, first_seen_at <= last_seen_at
                FROM findings_v1 ORDER BY code, subject
                """))
        }
        XCTAssertEqual(counts[0], counts[1])
        XCTAssertEqual(results[0], results[1])
        XCTAssertEqual(counts[0].map { Array($0.prefix(3)) }, [[6, 6, 0], [4, 0, 2], [7, 3, 0]], "\(counts[0])")
        XCTAssertTrue(results[0].contains { $0[1] == .text("txn:wechat:M2") && $0[3] == .text("open") && $0[13] == .text("confirmed") })
    }
}
