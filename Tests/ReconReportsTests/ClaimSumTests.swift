import Foundation
import ReconCore
import ReconReports
import ReconTestSupport
import XCTest

/// A disbursement line has no cap: what is computed over claims — a finding's |claimed − computed|,
/// the reports' claimed totals and differences, the totals rows — is checked, never trapped or wrapped.
final class ClaimSumTests: XCTestCase {
    static let most = "92233720368547758.07"   // Int64.max fen: the largest 金额 that parses

    func testClaimsBeyondInt64AreCheckedInTheFindingAndTheReports() throws {
        let w = try RulesWorld()
        let p = RulesWorld.id("19700501", 11)
        w.enrol(p, "张伟民", .medical)
        w.wechat("WXP1YB", p, .medical, "380.00")
        // 370406101 has one medical payer: computed 财政补助 is 640.00, so −most − 640.00 does not fit.
        w.claim("370406101", .medical, "财政补助", persons: 1, amount: "-" + Self.most)
        w.claim("370406102", .medical, "财政补助", persons: 1, amount: Self.most)
        w.claim("370406103", .medical, "财政补助", persons: 1, amount: Self.most)
        try w.reconcile()
        XCTAssertEqual(try w.column(.subsidyMismatch, "subsidy:370406101:medical:fiscal_subsidy", "amount_fen"), .int(.max))
        XCTAssertEqual(try w.column(.subsidyMismatch, "subsidy:370406102:medical:fiscal_subsidy", "amount_fen"), .int(.max))

        let db = try ReportDatabase(path: w.inbox.database)
        XCTAssertThrowsError(try SubsidyReport(policy: .y2024).run(on: db)) {
            XCTAssertEqual("\($0)", "金额差（申报−核算）: the sum is out of range (beyond ±(2^63 − 1))")
        }
        XCTAssertThrowsError(try FindingsReport().run(on: db)) {
            XCTAssertEqual("\($0)", "未结涉及金额: the sum is out of range (beyond ±(2^63 − 1))")
        }
        // The list alone sums nothing.
        XCTAssertNoThrow(try FindingsReport(listOnly: true).run(on: db))
    }

    func testATotalsRowThatDoesNotFitThrows() throws {
        var s = ReportSection(key: "k", title: "t", columns: [.init("town", "镇街"), .init("fen", "金额", .money)],
                              rows: [[.text("a"), .money(.max)], [.text("b"), .money(1)]])
        XCTAssertThrowsError(try s.summed()) { XCTAssertEqual("\($0)", "金额: the sum is out of range (beyond ±(2^63 − 1))") }
        s.rows[1] = [.text("b"), .money(-1)]
        XCTAssertEqual(try s.summed(), [.text("合计"), .money(.max - 1)])
    }
}
