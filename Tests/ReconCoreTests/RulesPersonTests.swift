import Foundation
import XCTest

@testable import ReconCore
import ReconTestSupport

/// The rules about a person's insurance year (subject `person:`), payer accounts (`account:`) and
/// reversals (`reversal:`).
final class RulesPersonTests: XCTestCase {
    typealias W = RulesWorld
    let adult = W.id("19830505", 11)
    let adult2 = W.id("19850607", 12)
    let senior65 = W.id("19580601", 13)
    let senior75 = W.id("19480303", 14)

    func testDuplicatePayment() throws {
        let w = try RulesWorld()
        for (id, n) in [(adult, "甲"), (adult2, "乙"), (senior65, "丙")] { w.enrolBoth(id, n) }
        w.wechat("M1", adult, .medical, "380.00")
        w.bank("B1", adult, "甲", .medical, "380.00", at: "2023-11-21 10:00:00")
        // Two government payments are a duplicate too; one personal + one government is not.
        w.gov("G1", senior65, .medical, "190.00")
        w.gov("G2", senior65, .medical, "190.00", at: "2023-11-22 09:00:00")
        w.wechat("M2", senior65, .medical, "190.00")
        w.wechat("M3", adult2, .medical, "380.00")
        w.wechat("P3", adult2, .pension, "500.00")        // another insurance: no duplicate
        try w.reconcile()
        XCTAssertEqual(try w.open(.duplicatePayment), [
            "person:\(adult):medical:2024", "person:\(senior65):medical:2024",
        ].sorted())
        XCTAssertEqual(try w.column(.duplicatePayment, "person:\(adult):medical:2024", "amount_fen"), .int(38000))
        XCTAssertEqual(try w.column(.duplicatePayment, "person:\(adult):medical:2024", "town_code"), .text("370406101"))
    }

    func testRefundThenRepayIsNotADuplicate() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        w.wechat("M1", adult, .medical, "380.00", at: "2023-11-20 10:00:00")
        w.wechatRefund("RF1", original: "M1", adult, .medical, "380.00", at: "2023-11-20 11:00:00")
        w.wechat("M2", adult, .medical, "380.00", at: "2023-11-20 12:00:00")
        try w.reconcile()
        XCTAssertEqual(try w.allOpen(), [])
    }

    func testAPartialRefundLeavesTheDuplicate() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        w.wechat("M1", adult, .medical, "380.00", at: "2023-11-20 10:00:00")
        w.wechatRefund("RF1", original: "M1", adult, .medical, "100.00", at: "2023-11-20 11:00:00")
        w.wechat("M2", adult, .medical, "380.00", at: "2023-11-20 12:00:00")
        try w.reconcile()
        XCTAssertEqual(try w.open(.duplicatePayment), ["person:\(adult):medical:2024"])
    }

    func testMissingGovernmentPaymentOnlyAfterTheWindow() throws {
        let w = try RulesWorld()
        w.enrol(senior75, "老甲", .medical)
        w.enrol(senior65, "老乙", .medical)
        w.gov("G1", senior65, .medical, "190.00")
        w.wechat("M1", senior65, .medical, "190.00", at: "2023-12-31 10:00:00")
        try w.reconcile(asOf: "2023-12-31")
        XCTAssertEqual(try w.open(.missingGovernmentPayment), [])
        try w.reconcile(asOf: "2024-01-01")
        XCTAssertEqual(try w.open(.missingGovernmentPayment), ["person:\(senior75):medical:2024"])
        XCTAssertEqual(try w.column(.missingGovernmentPayment, "person:\(senior75):medical:2024", "amount_fen"), .int(38000))
    }

    func testMissingGovernmentPaymentEntitlements() throws {
        let w = try RulesWorld()
        let disabled = W.id("19900101", 41), poor = W.id("19910101", 42), paused = W.id("19400101", 43)
        let diedInWindow = W.id("19410101", 44), diedAfter = W.id("19420101", 45), paidButRefunded = W.id("19430101", 46)
        w.enrol(disabled, "残", .pension)
        w.assist(disabled, "重度残疾一级", .pension)
        w.enrol(poor, "贫", .medical)
        w.assist(poor, "返贫致贫人口", .medical)
        w.enrol(paused, "停", .medical, status: "暂停")
        w.enrol(diedInWindow, "故一", .medical)
        w.death(diedInWindow, died: "2023-12-31", notice: "2024-01-05", file: "20240105")
        w.enrol(diedAfter, "故二", .medical)
        w.death(diedAfter, died: "2024-01-02", notice: "2024-01-05", file: "20240105")
        w.enrol(paidButRefunded, "退", .medical)
        w.gov("G1", paidButRefunded, .medical, "380.00")
        w.ledger(.gov, "", paidButRefunded, .medical, "-380.00", at: "2023-11-25 09:00:00", type: "退费",
                 originalTicket: "3370406100001")
        w.enrol(adult, "青", .medical)                  // 40, not entitled
        try w.reconcile(asOf: "2024-01-20")
        XCTAssertEqual(try w.open(.missingGovernmentPayment), [
            "person:\(disabled):pension:2024", "person:\(poor):medical:2024", "person:\(diedAfter):medical:2024",
            "person:\(paidButRefunded):medical:2024",
        ].sorted())
        // The ledger-only reversal is after the refund limit? No: 2023-11-25 is within it.
        XCTAssertEqual(try w.open(.refundAfterCutoff), [])
    }

    func testEmployeeInsured() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        w.enrolBoth(adult2, "乙")
        w.employee(adult, .medical)
        w.employee(adult2, .medical, from: "2015-01-01", until: "2023-06-30")   // ended before 2024
        w.wechat("M1", adult, .medical, "380.00")
        w.wechat("P1", adult, .pension, "500.00")     // 职工医保 says nothing about pension
        w.wechat("M2", adult2, .medical, "380.00")
        try w.reconcile()
        XCTAssertEqual(try w.open(.employeeInsured), ["person:\(adult):medical:2024"])
    }

    func testEmployeeInsuredCountsGovernmentPaymentsAndUnenrolledIDs() throws {
        let w = try RulesWorld()
        w.employee(senior65, .medical)
        w.gov("G1", senior65, .medical, "190.00")
        try w.reconcile()
        XCTAssertEqual(try w.open(.employeeInsured), ["person:\(senior65):medical:2024"])
    }

    func testRefundAfterCutoff() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        w.enrolBoth(adult2, "乙")
        w.wechat("M1", adult, .medical, "380.00", at: "2023-12-20 10:00:00")
        w.wechatRefund("RF1", original: "M1", adult, .medical, "380.00", at: "2024-01-02 09:00:00")
        w.wechat("M2", adult2, .medical, "380.00", at: "2023-12-20 10:00:00")
        w.wechatRefund("RF2", original: "M2", adult2, .medical, "380.00", at: "2023-12-31 23:59:59")
        // A refund of an unknown payment is judged by its own year.
        w.wechatRefund("RF3", original: "NOPE", adult2, .pension, "500.00", at: "2024-01-03 09:00:00")
        try w.reconcile()
        XCTAssertEqual(try w.open(.refundAfterCutoff), ["reversal:wechat:RF1", "reversal:wechat:RF3"])
        XCTAssertEqual(try w.column(.refundAfterCutoff, "reversal:wechat:RF1", "severity"), .text("medium"))
    }

    func testPooledAccount() throws {
        let w = try RulesWorld()
        // Six IDs from three households on one openid.
        let ids = (1...6).map { W.id("19800101", 50 + $0) }
        for (i, id) in ids.enumerated() { w.enrol(id, "户\(i)", .medical, household: "H\(i % 3)") }
        for (i, id) in ids.enumerated() { w.wechat("M\(i)", id, .medical, "380.00", openid: "oPOOL") }
        // A family of five on one account: nothing.
        let family = (1...5).map { W.id("19700101", 60 + $0) }
        for id in family { w.enrol(id, "家", .medical, household: "F1") }
        for (i, id) in family.enumerated() { w.wechat("F\(i)", id, .medical, "380.00", openid: "oFAMILY") }
        // Six IDs but only two households: nothing.
        let two = (1...6).map { W.id("19750101", 70 + $0) }
        for (i, id) in two.enumerated() { w.enrol(id, "二", .medical, household: "T\(i % 2)") }
        for (i, id) in two.enumerated() { w.wechat("T\(i)", id, .medical, "380.00", openid: "oTWO") }
        try w.reconcile()
        XCTAssertEqual(try w.open(.pooledAccount), ["account:wechat:oPOOL"])
        let d = try w.detail(.pooledAccount, "account:wechat:oPOOL")
        XCTAssertEqual(d["distinct_ids"] as? Int, 6)
        XCTAssertEqual(d["households"] as? Int, 3)
        XCTAssertEqual(try w.column(.pooledAccount, "account:wechat:oPOOL", "amount_fen"), .int(6 * 38000))
    }

    func testPooledAccountUnenrolledIDsAreHouseholdsOfTheirOwn() throws {
        let w = try RulesWorld()
        let family = (1...4).map { W.id("19700101", 60 + $0) }
        for id in family { w.enrol(id, "家", .medical, household: "F1") }
        let strangers = [W.id("19900101", 81), W.id("19900101", 82)]
        for (i, id) in (family + strangers).enumerated() { w.bank("B\(i)", id, "某", .medical, "380.00", account: "6222000011112222") }
        try w.reconcile()
        XCTAssertEqual(try w.open(.pooledAccount), ["account:bank:6222000011112222"])
    }
}
