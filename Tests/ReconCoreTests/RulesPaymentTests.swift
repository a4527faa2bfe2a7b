import Foundation
import XCTest

@testable import ReconCore
import ReconTestSupport

/// The rules about one payment (subject `txn:`): for every code a minimal case that opens it and a
/// near miss that does not, through real files, the real ingest and the real reconciler.
final class RulesPaymentTests: XCTestCase {
    typealias W = RulesWorld
    let adult = W.id("19830505", 11)        // 40 on 2024-01-01
    let adult2 = W.id("19850607", 12)
    let senior65 = W.id("19580601", 13)     // 65
    let senior75 = W.id("19480303", 14)     // 75

    /// An ID of the given birth date whose check character is X.
    static func idWithX(_ birth: String) -> String {
        for seq in 1...999 {
            let id = W.id(birth, seq)
            if id.hasSuffix("X") { return id }
        }
        fatalError("no X")
    }

    func testInvalidID() throws {
        let w = try RulesWorld()
        let bad = String(adult.dropLast()) + (adult.hasSuffix("1") ? "2" : "1")   // wrong check character
        w.wechat("SW1", bad, .medical, "380.00")
        w.wechat("SW2", bad, .pension, "400.00")   // invalid ID and not a tier: the tier check still applies
        w.wechat("SW3", bad, .medical, "380.00", at: "2024-01-08 10:00:00")
        try w.reconcile()
        XCTAssertEqual(try w.open(.invalidID), ["txn:wechat:SW1", "txn:wechat:SW2", "txn:wechat:SW3"])
        XCTAssertEqual(try w.column(.invalidID, "txn:wechat:SW1", "id_number"), .text(bad))
        XCTAssertEqual(try w.open(.nonstandardAmount), ["txn:wechat:SW2"])
        XCTAssertEqual(try w.open(.latePayment), ["txn:wechat:SW3"])
        // Rules that need ID facts or roster facts leave invalid IDs alone.
        XCTAssertEqual(try w.open(.notEnrolled), [])
        XCTAssertEqual(try w.open(.duplicatePayment), [])
        XCTAssertEqual(try w.open(.shouldBeGovernmentPaid), [])
    }

    func testLegacyAndLowerCaseIDsOfEnrolledPeopleMatch() throws {
        let w = try RulesWorld()
        let withX = Self.idWithX("19790909")
        w.enrolBoth(adult, "王一")
        w.enrolBoth(withX, "王二")
        w.wechat("SW1", W.legacy15(adult), .medical, "380.00")
        w.wechat("SW2", withX.lowercased(), .medical, "380.00")
        w.bank("B1", " " + withX.lowercased() + " ", "王二", .pension, "500.00")
        try w.reconcile()
        XCTAssertEqual(try w.allOpen(), [])
        XCTAssertEqual(try w.inbox.int("SELECT count(*) FROM payments_v1 WHERE id_valid = 1"), 3)
    }

    func testNotEnrolled() throws {
        let w = try RulesWorld()
        w.enrol(adult, "王一", .medical)
        w.wechat("SW1", adult, .medical, "380.00")          // enrolled: fine
        w.wechat("SW2", adult, .pension, "500.00")          // enrolled for medical only
        w.wechat("SW3", adult2, .medical, "380.00")         // not on the roster at all
        try w.reconcile()
        XCTAssertEqual(try w.open(.notEnrolled), ["txn:wechat:SW2", "txn:wechat:SW3"])
        XCTAssertEqual(try w.column(.notEnrolled, "txn:wechat:SW3", "id_number"), .text(adult2))
    }

    func testNameMismatchNamesTheNeighbourWithThatName() throws {
        let w = try RulesWorld()
        // 张三 paid with the ID of 张山, which differs from his own by one adjacent swap.
        var digits = Array(adult.prefix(17))
        digits.swapAt(14, 15)
        XCTAssertNotEqual(digits[14], digits[15])
        let zhangSan = RulesWorld.withCheckCharacter(String(digits))
        // Two more 张三 one digit (the sequence number) away: enrolled for pension only in the same village
        // (a candidate after the medical one), and in another village (none).
        func oneDigitOff(_ d: Character) -> String {
            var b = Array(adult.prefix(17))
            b[16] = d
            return RulesWorld.withCheckCharacter(String(b))
        }
        let pensionOnly = oneDigitOff(adult[adult.index(adult.startIndex, offsetBy: 16)] == "7" ? "8" : "7")
        let elsewhere = oneDigitOff(adult[adult.index(adult.startIndex, offsetBy: 16)] == "5" ? "6" : "5")
        w.enrol(adult, "张山", .medical)
        w.enrol(pensionOnly, "张三", .pension, household: "3704061010010010")
        w.enrol(zhangSan, "张三", .medical, household: "3704061010010009")
        w.enrol(elsewhere, "张三", .medical, town: "370406102", village: "370406102001", villageName: "东庄村")
        w.enrol(adult2, "李四", .medical)
        w.bank("B1", adult, "张三", .medical, "380.00")
        w.bank("B2", adult2, "李四", .medical, "380.00")           // same name: fine
        w.wechat("SW1", zhangSan, .medical, "380.00")               // wechat rows carry no name
        try w.reconcile()
        XCTAssertEqual(try w.open(.nameMismatch), ["txn:bank:B1"])
        let d = try w.detail(.nameMismatch, "txn:bank:B1")
        XCTAssertEqual((d["did_you_mean"] as? [String: Any])?["id_number"] as? String, zhangSan)
        XCTAssertEqual(d["other_candidates"] as? [String], [pensionOnly])
        XCTAssertEqual(try w.column(.nameMismatch, "txn:bank:B1", "village_code"), .text("370406101001"))
    }

    /// The neighbours searched for "did you mean" are exactly the bodies one edit away.
    func testOneEditNeighboursAreTheBodiesOneEditAway() {
        for body: UInt64 in [37040619900101123, 11223344556677889, 10000000000000000, 37040619851212000] {
            let n = NameMismatch.oneEditNeighbours(of: body)
            let digits = String(body).map { $0 }
            let swaps = zip(digits, digits.dropFirst()).filter { $0 != $1 }.count
            XCTAssertEqual(n.count, 17 * 9 + swaps)
            XCTAssertEqual(Set(n).count, n.count)
            XCTAssertFalse(n.contains(body))
            for m in n { XCTAssertTrue(NameMismatch.isOneEditApart(body, m), "\(body) → \(m)") }
        }
        XCTAssertTrue(NameMismatch.oneEditNeighbours(of: 37040619900101123).contains(37040619900101132))
        XCTAssertTrue(NameMismatch.oneEditNeighbours(of: 37040619900101123).contains(97040619900101123))
    }

    func testNameMismatchOfLedgerOnlyPayments() throws {
        let w = try RulesWorld()
        w.enrol(adult, "张山", .medical)
        w.enrol(senior65, "赵五", .medical)
        w.ledger(.aishandong, "ASD1", adult, .medical, "380.00", at: "2023-11-20 10:00:00", name: "张三")
        w.gov("ZF1", senior65, .medical, "190.00", name: "赵五")
        try w.reconcile()
        XCTAssertEqual(try w.open(.nameMismatch), ["txn:aishandong:ASD1"])
        XCTAssertNil(try w.detail(.nameMismatch, "txn:aishandong:ASD1")["did_you_mean"])
    }

    func testInactiveEnrollment() throws {
        let w = try RulesWorld()
        w.enrol(adult, "王一", .pension, status: "暂停")
        w.enrol(adult2, "王二", .pension, status: "终止")
        w.enrol(senior65, "王三", .pension)
        w.wechat("SW1", adult, .pension, "500.00")
        w.wechat("SW2", adult2, .pension, "500.00")
        w.wechat("SW3", W.id("19700101", 21), .pension, "500.00")
        w.enrol(W.id("19700101", 21), "王四", .pension)
        try w.reconcile()
        XCTAssertEqual(try w.open(.inactiveEnrollment), ["txn:wechat:SW1", "txn:wechat:SW2"])
    }

    func testPaidAfterDeathButNotOnTheDeathDay() throws {
        let w = try RulesWorld()
        let a = adult, b = adult2, c = W.id("19700101", 22)
        for (id, n) in [(a, "甲"), (b, "乙"), (c, "丙")] { w.enrol(id, n, .medical) }
        w.death(a, died: "2023-11-19", notice: "2023-11-25")
        w.death(b, died: "2023-11-20", notice: "2023-11-25")          // paid on the death day
        w.death(c, died: "2023-11-01", notice: "2023-11-25")
        w.death(c, died: "2023-12-01", notice: "2023-12-05", file: "20231205")   // the later notice stands
        w.wechat("SW1", a, .medical, "380.00", at: "2023-11-20 10:00:00")
        w.wechat("SW2", b, .medical, "380.00", at: "2023-11-20 23:00:00")
        w.wechat("SW3", c, .medical, "380.00", at: "2023-11-20 10:00:00")
        try w.reconcile()
        XCTAssertEqual(try w.open(.paidAfterDeath), ["txn:wechat:SW1"])
    }

    func testPaidAfterDeathLatestNoticeTieGoesToTheLaterFile() throws {
        let w = try RulesWorld()
        w.enrol(adult, "甲", .medical)
        w.death(adult, died: "2023-12-01", notice: "2023-12-05", file: "20231205")
        w.death(adult, died: "2023-11-01", notice: "2023-12-05", file: "20231206")   // same 通报日期, later file
        w.wechat("SW1", adult, .medical, "380.00", at: "2023-11-20 10:00:00")
        try w.reconcile()
        XCTAssertEqual(try w.open(.paidAfterDeath), ["txn:wechat:SW1"])
    }

    func testNonstandardAmount() throws {
        let w = try RulesWorld()
        for (id, n) in [(adult, "甲"), (senior65, "乙"), (senior75, "丙")] { w.enrolBoth(id, n) }
        w.wechat("P1", adult, .pension, "400.00")       // not a tier
        w.wechat("P2", adult2, .pension, "500.00")      // a tier
        w.enrolBoth(adult2, "丁")
        w.wechat("M1", adult, .medical, "190.00")       // ≠ 380
        w.wechat("M2", senior65, .medical, "380.00")    // half paid: ≠ 190
        w.gov("G1", senior65, .medical, "190.00")       // fine
        w.gov("G2", senior75, .medical, "190.00")       // fully paid: ≠ 380
        w.assist(adult2, "重度残疾一级", .pension)
        w.gov("G3", adult2, .pension, "200.00")         // ≠ 100
        try w.reconcile()
        XCTAssertEqual(try w.open(.nonstandardAmount), ["txn:gov:G2", "txn:gov:G3", "txn:wechat:M1", "txn:wechat:M2", "txn:wechat:P1"])
        let d = try w.detail(.nonstandardAmount, "txn:wechat:M2")
        XCTAssertEqual(d["expected"] as? [String], ["190.00"])
    }

    func testSixtyToSixtyNinePayingHalfWithTheGovernmentsHalfOpensNothing() throws {
        let w = try RulesWorld()
        w.enrolBoth(senior65, "乙")
        w.wechat("M1", senior65, .medical, "190.00")
        w.gov("G1", senior65, .medical, "190.00")
        try w.reconcile()
        XCTAssertEqual(try w.allOpen(), [])
    }

    func testTierNotAllowed() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        w.enrolBoth(adult2, "乙")
        w.assist(adult2, "低保对象", .medical)           // any category, any 险种 makes a hardship person
        w.wechat("P1", adult, .pension, "100.00")
        w.wechat("P2", adult2, .pension, "100.00")
        try w.reconcile()
        XCTAssertEqual(try w.open(.tierNotAllowed), ["txn:wechat:P1"])
        XCTAssertEqual(try w.open(.nonstandardAmount), [])
    }

    func testTierNotAllowedWhenTheAssistanceRowIsNotValidInTheYear() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        w.assist(adult, "低保对象", .pension, from: "2020-01-01", until: "2023-12-31")   // ended before 2024
        w.wechat("P1", adult, .pension, "100.00")
        try w.reconcile()
        XCTAssertEqual(try w.open(.tierNotAllowed), ["txn:wechat:P1"])
    }

    func testShouldBeGovernmentPaid() throws {
        let w = try RulesWorld()
        for (id, n) in [(adult, "甲"), (adult2, "乙"), (senior65, "丙"), (senior75, "丁")] { w.enrolBoth(id, n) }
        w.assist(adult2, "特困人员", .medical)
        w.assist(adult, "重度残疾一级", .medical)         // not a full-paid category
        w.wechat("M1", senior75, .medical, "380.00")
        w.wechat("M2", adult2, .medical, "380.00")
        w.wechat("M3", senior65, .medical, "190.00")
        w.wechat("M4", adult, .medical, "380.00")
        w.gov("G1", senior75, .medical, "380.00")
        w.gov("G2", adult2, .medical, "380.00")
        w.gov("G3", senior65, .medical, "190.00")
        try w.reconcile()
        XCTAssertEqual(try w.open(.shouldBeGovernmentPaid), ["txn:wechat:M1", "txn:wechat:M2"])
        XCTAssertEqual(try w.open(.nonstandardAmount), [])
    }

    func testGovernmentPaidIneligible() throws {
        let w = try RulesWorld()
        for (id, n) in [(adult, "甲"), (adult2, "乙"), (senior65, "丙")] { w.enrolBoth(id, n) }
        w.assist(adult2, "重度残疾二级", .pension)
        w.assist(adult, "低保对象", .pension)             // not severe disability
        w.gov("G1", adult, .medical, "380.00")           // 40, no medical assistance
        w.gov("G2", adult, .pension, "100.00")
        w.gov("G3", adult2, .pension, "100.00")          // fine
        w.gov("G4", senior65, .medical, "190.00")        // fine
        try w.reconcile()
        XCTAssertEqual(try w.open(.governmentPaidIneligible), ["txn:gov:G1", "txn:gov:G2"])
    }

    func testIneligiblePension() throws {
        let w = try RulesWorld()
        let sixty = W.id("19640101", 31)            // 60 on 2024-01-01
        let fiftyNine = W.id("19640102", 32)        // 59
        let fifteen = W.id("20080102", 33)          // 15
        let sixteen = W.id("20080101", 34)          // 16
        let student = W.id("20030303", 35)          // 20, a student
        for (id, n) in [(sixty, "甲"), (fiftyNine, "乙"), (fifteen, "丙"), (sixteen, "丁")] { w.enrol(id, n, .pension) }
        w.enrol(student, "戊", .pension, student: true)
        for (i, id) in [sixty, fiftyNine, fifteen, sixteen, student].enumerated() {
            w.wechat("P\(i + 1)", id, .pension, "500.00", openid: "o\(i)")
        }
        try w.reconcile()
        XCTAssertEqual(try w.open(.ineligiblePension), ["txn:wechat:P1", "txn:wechat:P3", "txn:wechat:P5"])
    }

    func testLatePaymentAfterTheWindowOnly() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        w.enrolBoth(adult2, "乙")
        w.wechat("M1", adult, .medical, "380.00", at: "2023-12-31 23:59:59")
        w.wechat("M2", adult2, .medical, "380.00", at: "2024-01-08 00:00:01")
        try w.reconcile()
        XCTAssertEqual(try w.open(.latePayment), ["txn:wechat:M2"])
        XCTAssertEqual(try w.detail(.latePayment, "txn:wechat:M2")["cover_starts"] as? String, "2024-02-07")
        XCTAssertEqual(try w.column(.latePayment, "txn:wechat:M2", "severity"), .text("info"))
    }

    func testAFailedBankRowIsNotAPayment() throws {
        let w = try RulesWorld()
        w.enrolBoth(adult, "甲")
        w.bank("B1", adult, "错名", .medical, "380.00", failed: true)   // no money: no name check, no ledger check
        w.bank("B2", adult, "甲", .medical, "380.00", at: "2023-11-20 11:00:00")
        try w.reconcile()
        XCTAssertEqual(try w.allOpen(), [])
        XCTAssertEqual(try w.inbox.int("SELECT count(*) FROM payments_v1"), 1)
    }
}
