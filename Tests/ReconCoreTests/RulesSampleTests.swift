import Foundation
import XCTest

@testable import ReconCore
import ReconTestSupport

/// The rules over the samples of Tests/Samples: every code's findings are sane and a re-run changes nothing.
final class RulesSampleTests: XCTestCase {
    func testSamplesReconcile() throws {
        let t = try TestInbox()
        try t.copySamples()
        let ingest = try t.ingest()
        let store = try Store(path: t.database)
        let summary = try ReconcileRun(store: store).run(ingest: ingest)
        XCTAssertEqual(summary.asOf, LocalDate(year: 2024, month: 1, day: 9))
        XCTAssertEqual(summary.openByCode, [
            .invalidID: 1, .notEnrolled: 1, .nameMismatch: 1, .duplicatePayment: 1, .nonstandardAmount: 1,
            .missingGovernmentPayment: 1, .latePayment: 3, .refundAfterCutoff: 1, .pooledAccount: 1, .duplicateRecord: 1,
        ])
        XCTAssertEqual(summary.new, summary.open)

        let again = try ReconcileRun(store: store).run()
        XCTAssertEqual(again.open, summary.open)
        XCTAssertEqual(again.new, 0)
        XCTAssertEqual(again.resolved, 0)
        XCTAssertEqual(try t.int("SELECT count(*) FROM runs_v1"), 2)
    }
}

extension RulesSampleTests {
    func testSampleSubsidyClaimsAllMatch() throws {
        let t = try TestInbox()
        try t.copySamples()
        try t.ingest()
        let v = try JoinedView.load(store: try Store(path: t.database))
        let claims = SubsidyMismatch.currentClaims(v)
        let totals = SubsidyMismatch.totals(v, .y2024)
        XCTAssertFalse(claims.isEmpty)
        // The samples' newest disbursement file claims exactly what the data gives.
        for c in claims {
            let got: (persons: Int, amountFen: Int64) = totals[c.townCode]?[c.category] ?? (0, 0)
            XCTAssertEqual(got.persons, c.persons, "\(c.townCode) \(c.category.rawValue)")
            XCTAssertEqual(got.amountFen, c.amountFen, "\(c.townCode) \(c.category.rawValue)")
            XCTAssertEqual(c.fileName, "disbursement_20240126.csv.gz")
        }
    }
}
