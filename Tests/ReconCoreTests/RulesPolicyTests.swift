import Foundation
import XCTest

@testable import ReconCore
import TOML
import ReconTestSupport

/// Policies: 2024 built in, further years from TOML, each payment judged by its own year's policy.
final class RulesPolicyTests: XCTestCase {
    typealias W = RulesWorld

    static let policy2025 = """
        [[policy]]
        year = 2025
        window_start = 2024-10-01T00:00:00
        window_end = 2024-12-31 23:59:59
        refunds_until = 2024-12-31
        age_reference_day = 2025-01-01
        waiting_days = 30
        pension_tiers = [100, 350, 500, 800, 1000, 3000, 5000, 8000]
        hardship_tier = 100
        subsidy_bands = [{ from = 0, subsidy = 30 }, { from = 500, subsidy = 60 }, { from = 800, subsidy = 80 }]
        government_pension = 100
        government_pension_categories = ["重度残疾一级", "重度残疾二级"]
        pension_min_age = 16
        pension_max_age = 59
        medical_total = 1040
        medical_personal = 400
        medical_fiscal = "640.00"
        full_paid_categories = ["特困人员", "低保对象", "返贫致贫人口", "低保边缘家庭成员", "防止返贫监测帮扶对象"]
        full_paid_min_age = 70
        full_paid_government = 400
        half_paid_min_age = 60
        half_paid_max_age = 69
        half_paid_government = 200
        half_paid_personal = 200
        ledger_grace_days = 3
        pooled_min_ids = 6
        pooled_min_households = 3

        """

    func testBuiltin2024() {
        let p = Policy.y2024
        XCTAssertEqual(p.windowStart.description, "2023-10-01 00:00:00")
        XCTAssertEqual(p.windowEnd.description, "2023-12-31 23:59:59")
        XCTAssertEqual(p.contributionSubsidy(forLargestPaymentFen: 499_99), 30_00)
        XCTAssertEqual(p.contributionSubsidy(forLargestPaymentFen: 500_00), 60_00)
        XCTAssertEqual(p.contributionSubsidy(forLargestPaymentFen: 799_99), 60_00)
        XCTAssertEqual(p.contributionSubsidy(forLargestPaymentFen: 800_00), 80_00)
        XCTAssertEqual(p.medicalTotalFen, p.medicalPersonalFen + p.medicalFiscalFen)
        XCTAssertEqual(PolicySet.builtin.years, [2024])
    }

    func testLoad2025FromTOML() throws {
        let set = try PolicySet.load(text: Self.policy2025)
        XCTAssertEqual(set.years, [2024, 2025])
        let p = try XCTUnwrap(set[2025])
        XCTAssertEqual(p.medicalPersonalFen, 400_00)
        XCTAssertEqual(p.medicalFiscalFen, 640_00)
        XCTAssertEqual(p.windowEnd.description, "2024-12-31 23:59:59")
        XCTAssertEqual(p.refundsUntil, LocalDate(year: 2024, month: 12, day: 31))
        XCTAssertEqual(set.newest?.year, 2025)
        // The same through recond's configuration.
        let config = try Configuration.parse(try TOMLParser.parse("inbox = \"in\"\n" + Self.policy2025), base: "/tmp")
        XCTAssertEqual(try PolicySet.load(tables: config.policyTables).years, [2024, 2025])
    }

    func testBasedOnFillsTheNumbersButNotTheDates() throws {
        let p = try PolicySet.load(toml: try TOMLParser.parse("""
            year = 2025
            based_on = 2024
            window_start = "2024-10-01 00:00:00"
            window_end = "2024-12-31 23:59:59"
            refunds_until = "2024-12-31"
            age_reference_day = "2025-01-01"
            medical_total = 1040
            medical_personal = 400
            """))
        XCTAssertEqual(p.medicalPersonalFen, 400_00)
        XCTAssertEqual(p.pensionTiersFen, Policy.y2024.pensionTiersFen)
        XCTAssertThrowsError(try PolicySet.load(toml: try TOMLParser.parse("year = 2025\nbased_on = 2024\n"))) { e in
            XCTAssertTrue("\(e)".contains("window_start"), "\(e)")
        }
    }

    func testErrorsNameTheKeyAndLine() throws {
        func error(_ text: String) -> String {
            do {
                _ = try PolicySet.load(text: text)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let missing = error(Self.policy2025.replacingOccurrences(of: "half_paid_personal = 200\n", with: ""))
        XCTAssertTrue(missing.contains("policy[1].half_paid_personal") && missing.contains("missing"), missing)
        let wrongType = error(Self.policy2025.replacingOccurrences(of: "medical_personal = 400", with: "medical_personal = true"))
        XCTAssertTrue(wrongType.contains("line 16") && wrongType.contains("medical_personal"), wrongType)
        let float = error(Self.policy2025.replacingOccurrences(of: "medical_personal = 400", with: "medical_personal = 400.5"))
        XCTAssertTrue(float.contains("medical_personal"), float)
        let typo = error(Self.policy2025.replacingOccurrences(of: "waiting_days", with: "waiting_dayz"))
        XCTAssertTrue(typo.contains("waiting_dayz") && typo.contains("unknown"), typo)
        let sum = error(Self.policy2025.replacingOccurrences(of: "medical_total = 1040", with: "medical_total = 1020"))
        XCTAssertTrue(sum.contains("medical_total"), sum)
        let date = error(Self.policy2025.replacingOccurrences(of: "refunds_until = 2024-12-31", with: "refunds_until = \"2024-13-01\""))
        XCTAssertTrue(date.contains("refunds_until"), date)
    }

    /// A 2025 policy with a medical personal share of 400 judges a 2025 payment of 380 as nonstandard
    /// and 400 as fine, while 2024 payments stay judged by 2024's 380.
    func testEachPaymentIsJudgedByItsOwnYearsPolicy() throws {
        let w = try RulesWorld()
        w.policies = try PolicySet.load(text: Self.policy2025)
        let a = W.id("19830505", 11), b = W.id("19850607", 12)
        w.enrolBoth(a, "甲")
        w.enrolBoth(b, "乙")
        w.wechat("N1", a, .medical, "380.00", at: "2024-11-05 10:00:00", year: 2025)
        w.wechat("N2", b, .medical, "400.00", at: "2024-11-05 10:00:00", year: 2025)
        w.wechat("O1", a, .medical, "380.00", at: "2023-11-05 10:00:00", year: 2024)
        w.wechat("O2", b, .medical, "400.00", at: "2023-11-05 10:00:00", year: 2024)
        try w.reconcile(asOf: "2024-11-10")
        XCTAssertEqual(try w.open(.nonstandardAmount), ["txn:wechat:N1", "txn:wechat:O2"])
        XCTAssertEqual(try w.open(.noPolicy), [])
        XCTAssertEqual(try w.open(.latePayment), [])
    }

    /// A payment kept under NO_POLICY is judged once its year's policy is configured.
    func testNoPolicyResolvesOnceThePolicyIsLoaded() throws {
        let w = try RulesWorld()
        let a = W.id("19830505", 11)
        w.enrolBoth(a, "甲")
        w.wechat("N1", a, .medical, "380.00", at: "2024-11-05 10:00:00", year: 2025)
        try w.reconcile(asOf: "2024-11-10")
        XCTAssertEqual(try w.allOpen(), ["NO_POLICY txn:wechat:N1"])
        w.policies = try PolicySet.load(text: Self.policy2025)
        let s = try w.reconcile(asOf: "2024-11-10")
        XCTAssertEqual(try w.allOpen(), ["NONSTANDARD_AMOUNT txn:wechat:N1"])
        XCTAssertEqual(s.resolved, 1)
        XCTAssertEqual(s.new, 1)
    }
}
