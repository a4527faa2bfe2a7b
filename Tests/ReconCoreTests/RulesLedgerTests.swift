import Foundation
import XCTest

@testable import ReconCore
import ReconTestSupport

/// The ledger checks, the record checks (repeated sightings), the subsidy lines and NO_POLICY.
final class RulesLedgerTests: XCTestCase {
    typealias W = RulesWorld
    let adult = W.id("19830505", 11)
    let adult2 = W.id("19850607", 12)
    let senior65 = W.id("19580601", 13)
    let senior75 = W.id("19480303", 14)

    func testNotInTaxLedgerWaitsForTheGrace() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        w.enrolBoth(adult2, "乙")
        w.wechat("M1", adult, .medical, "380.00", at: "2024-01-10 10:00:00", inLedger: false)
        w.wechat("M2", adult2, .medical, "380.00", at: "2024-01-10 10:00:00")       // in the ledger
        try w.reconcile(asOf: "2024-01-12")
        XCTAssertEqual(try w.open(.notInTaxLedger), [])
        try w.reconcile(asOf: "2024-01-13")
        XCTAssertEqual(try w.open(.notInTaxLedger), ["txn:wechat:M1"])
    }

    func testNotInTaxLedgerLooksAtEffectivePaymentsOnly() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        w.wechat("M1", adult, .medical, "380.00", at: "2023-11-20 10:00:00", inLedger: false)
        w.wechatRefund("RF1", original: "M1", adult, .medical, "380.00", at: "2023-11-20 11:00:00")
        try w.reconcile()
        XCTAssertEqual(try w.open(.notInTaxLedger), [])
    }

    func testNotInTaxLedgerUsesAsOfOfTheNewestStatementFile() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        w.enrolBoth(adult2, "乙")
        w.wechat("M1", adult, .medical, "380.00", at: "2024-01-10 10:00:00", inLedger: false)
        w.wechat("M2", adult2, .medical, "380.00", at: "2024-01-12 10:00:00")
        let first = try w.reconcile(asOf: nil)
        XCTAssertEqual(first.asOf, LocalDate(year: 2024, month: 1, day: 12))
        XCTAssertEqual(try w.open(.notInTaxLedger), [])
        w.wechat("M3", adult2, .pension, "500.00", at: "2024-01-13 10:00:00")
        let second = try w.reconcile(asOf: nil)
        XCTAssertEqual(second.asOf, LocalDate(year: 2024, month: 1, day: 13))
        XCTAssertEqual(try w.open(.notInTaxLedger), ["txn:wechat:M1"])
    }

    func testLedgerWithoutPayment() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        let lonely = w.ledger(.wechat, "M9", adult, .medical, "380.00", at: "2024-01-10 10:00:00")
        // A ledger row whose payment was refunded in full still has its payment.
        w.wechat("M1", adult, .pension, "500.00", at: "2023-11-20 10:00:00")
        w.wechatRefund("RF1", original: "M1", adult, .pension, "500.00", at: "2023-11-21 10:00:00")
        w.ledger(.wechat, "RF1", adult, .pension, "-500.00", at: "2023-11-21 10:00:00", type: "退费")
        // Ledger rows of ledger-only channels are the payments themselves.
        w.ledger(.etax, "ET1", adult2, .medical, "380.00", at: "2023-11-20 10:00:00")
        w.enrolBoth(adult2, "乙")
        try w.reconcile(asOf: "2024-01-12")
        XCTAssertEqual(try w.open(.ledgerWithoutPayment), [])
        try w.reconcile(asOf: "2024-01-13")
        XCTAssertEqual(try w.open(.ledgerWithoutPayment), ["ticket:\(lonely)"])
        XCTAssertEqual(try w.column(.ledgerWithoutPayment, "ticket:\(lonely)", "txn_ref"), .text("M9"))
    }

    func testLedgerRowsOfAQuarantinedStatementOpenUntilAGoodCopyArrives() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        w.ledger(.wechat, "M1", adult, .medical, "380.00", at: "2023-11-20 10:00:00")
        // The statement of 2023-11-20 arrives damaged (summary count wrong): quarantined.
        let row = ["2023-11-20 10:00:00", "wx", "1600000001", "0", "", "42M1", "M1", "oX", "JSAPI", "SUCCESS", "OTHERS",
                   "CNY", "380.00", "0.00", "", "", "0.00", "0.00", "", "", W.product(.medical, 2024), adult, "0.00000",
                   "0.60%", "380.00", "0.00", ""].map { "`" + $0 }.joined(separator: ",")
        try w.inbox.write("wx_1600000001_20231120.csv.gz", lines: [WeChatStatement.columns.joined(separator: ","), row,
                          WeChatStatement.summaryHeader, "`2,`380.00,`0.00,`0.00,`0.00000,`380.00,`0.00"], crlf: true, bom: true)
        for (name, lines) in w.pending { try w.render(name, lines) }
        w.pending = [:]
        _ = try Ingestor(store: w.store).ingest(directory: w.inbox.inbox)
        XCTAssertEqual(try w.inbox.file("wx_1600000001_20231120.csv.gz")?.status, "quarantined")
        _ = try ReconcileRun(store: w.store).run(asOf: LocalDate("2024-01-20"))
        let ticket = "ticket:3370406100001"
        XCTAssertEqual(try w.open(.ledgerWithoutPayment), [ticket])
        // A good copy (another file name) arrives: the finding resolves.
        w.wechat("M1", adult, .medical, "380.00", inLedger: false, file: "20231121")
        try w.reconcile()
        XCTAssertEqual(try w.open(.ledgerWithoutPayment), [])
        XCTAssertEqual(try w.column(.ledgerWithoutPayment, ticket, "status"), .text("resolved"))
    }

    func testLedgerMismatch() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        w.enrolBoth(adult2, "乙")
        w.wechat("M1", adult, .medical, "380.00", inLedger: false)
        w.ledger(.wechat, "M1", adult, .medical, "350.00", at: "2023-11-20 10:00:00")       // amount differs
        w.wechat("M2", adult, .pension, "500.00", inLedger: false)
        w.ledger(.wechat, "M2", adult2, .pension, "500.00", at: "2023-11-20 10:00:00")      // ID differs
        w.wechat("M3", adult2, .medical, "380.00", inLedger: false)
        w.ledger(.wechat, "M3", adult2, .medical, "380.00", at: "2023-11-20 10:00:00")      // the same
        w.wechat("M4", adult2, .pension, "500.00", inLedger: false)
        w.ledger(.wechat, "M4", W.legacy15(adult2), .pension, "500.00", at: "2023-11-20 10:00:00")   // same, 15 digits
        try w.reconcile()
        XCTAssertEqual(try w.open(.ledgerMismatch), ["txn:wechat:M1", "txn:wechat:M2"])
        XCTAssertEqual(try w.open(.notInTaxLedger), [])
        XCTAssertEqual(try w.open(.ledgerWithoutPayment), [])
    }

    func testDuplicateAndConflictingRecords() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        w.enrolBoth(adult2, "乙")
        w.wechat("M1", adult, .medical, "380.00", at: "2023-11-20 10:00:00")
        w.wechat("M2", adult2, .medical, "380.00", at: "2023-11-20 11:00:00")
        w.wechat("M3", adult2, .pension, "500.00", at: "2023-11-20 12:00:00")
        // The next day's statement repeats M1 exactly (another payer, which is not compared) and M2 with another amount.
        w.wechat("M1", adult, .medical, "380.00", at: "2023-11-20 10:00:00", openid: "oOTHER", inLedger: false,
                 file: "20231121")
        w.wechat("M2", adult2, .medical, "350.00", at: "2023-11-20 11:00:00", inLedger: false, file: "20231121")
        w.wechat("M4", adult, .pension, "500.00", at: "2023-11-21 12:00:00")
        try w.reconcile()
        XCTAssertEqual(try w.open(.duplicateRecord), ["txn:wechat:M1"])
        XCTAssertEqual(try w.open(.conflictingRecord), ["txn:wechat:M2"])
        // Counted once: no duplicate payment, and the first sighting (380) stands.
        XCTAssertEqual(try w.open(.duplicatePayment), [])
        XCTAssertEqual(try w.open(.nonstandardAmount), [])
        XCTAssertEqual(try w.column(.conflictingRecord, "txn:wechat:M2", "severity"), .text("high"))
    }

    func testRepeatedReversalsAreRecordsToo() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        w.wechat("M1", adult, .medical, "380.00", at: "2023-11-20 10:00:00")
        w.wechatRefund("RF1", original: "M1", adult, .medical, "380.00", at: "2023-11-20 11:00:00")
        w.pending["wx_1600000001_20231121.csv.gz"] = w.pending["wx_1600000001_20231120.csv.gz"]!.filter { $0.contains("REFUND") }
        try w.reconcile()
        XCTAssertEqual(try w.open(.duplicateRecord), ["reversal:wechat:RF1"])
    }

    func testSubsidyMismatch() throws {
        let w = try RulesWorld()
        let town = "370406101"
        w.enrolBoth(adult, "甲")
        w.enrolBoth(adult2, "乙")
        w.enrol(senior65, "丙", .medical)
        w.enrol(senior75, "丁", .medical)
        let disabled = W.id("19900101", 41)
        w.enrol(disabled, "残", .pension)
        w.assist(disabled, "重度残疾二级", .pension)
        w.wechat("P1", adult, .pension, "500.00")        // band 60
        w.wechat("P2", adult2, .pension, "350.00")       // band 30 ...
        w.wechat("P3", adult2, .pension, "800.00", at: "2023-11-21 10:00:00")   // ... but the largest is 800: 80
        w.gov("G0", disabled, .pension, "100.00")        // government payments count: band 30
        w.wechat("M1", adult, .medical, "380.00")
        w.wechat("M2", senior65, .medical, "190.00")
        w.gov("G1", senior65, .medical, "190.00")
        w.gov("G2", senior75, .medical, "380.00")
        w.wechat("M9", W.id("19990101", 99), .medical, "380.00")   // not enrolled: left out
        // 人数 / 金额 the data gives: contribution 3 / 170; disabled 1 / 100; fiscal 3 / 1920; full 1 / 380; half 1 / 190.
        w.claim(town, .pension, "缴费补贴", persons: 3, amount: "170.00")
        w.claim(town, .pension, "重残代缴", persons: 1, amount: "100.00")
        w.claim(town, .medical, "财政补助", persons: 4, amount: "2560.00")     // wrong
        w.claim(town, .medical, "全额代缴", persons: 1, amount: "380.00")
        w.claim(town, .medical, "半额代缴", persons: 1, amount: "190.00")
        w.claim("370406999", .medical, "半额代缴", persons: 0, amount: "0.00")   // a town without data, claimed 0
        // An older file claimed wrongly; the newest file that has the line wins.
        w.claim(town, .pension, "缴费补贴", persons: 9, amount: "999.00", file: "20231228")
        w.claim("370406102", .pension, "缴费补贴", persons: 1, amount: "30.00", file: "20231228")   // only in the old file
        try w.reconcile()
        XCTAssertEqual(try w.open(.subsidyMismatch), [
            "subsidy:370406101:medical:fiscal_subsidy", "subsidy:370406102:pension:contribution_subsidy",
        ])
        let d = try w.detail(.subsidyMismatch, "subsidy:370406101:medical:fiscal_subsidy")
        XCTAssertEqual((d["computed"] as? [String: Any])?["persons"] as? Int, 3)
        XCTAssertEqual((d["computed"] as? [String: Any])?["amount"] as? String, "1920.00")
        XCTAssertEqual(try w.column(.subsidyMismatch, "subsidy:370406101:medical:fiscal_subsidy", "amount_fen"), .int(64000))
    }

    func testNoPolicyPaymentsGetOnlyTheRecordAndLedgerChecks() throws {
        let w = try RulesWorld()
        // A 2025 payment by an unenrolled 75-year-old, late for 2024, not in the ledger.
        w.wechat("M1", senior75, .medical, "999.00", at: "2024-01-02 10:00:00", year: 2025, inLedger: false)
        try w.reconcile(asOf: "2024-01-20")
        XCTAssertEqual(try w.allOpen(), ["NOT_IN_TAX_LEDGER txn:wechat:M1", "NO_POLICY txn:wechat:M1"])
        XCTAssertEqual(try w.column(.noPolicy, "txn:wechat:M1", "year"), .int(2025))
    }
}
