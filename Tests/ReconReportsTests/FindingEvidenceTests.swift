import Foundation
import XCTest

@testable import ReconCore
@testable import ReconReports
import ReconSynth
import ReconTestSupport

/// Every finding of a generated district (every code) in words: a Chinese sentence built from its own
/// detail, and the records it rests on as small tables — never the JSON.
final class FindingEvidenceTests: XCTestCase {
    func testEveryCodeReadsAsASentenceWithItsRecords() throws {
        let t = try TestInbox()
        _ = try DistrictGenerator(options: .init(scale: 0.02, seed: 5)).generate(into: t.root)
        let summary = try t.ingest()
        XCTAssertGreaterThan(summary.filesIngested, 100)
        _ = try ReconcileRun(store: try Store(path: t.database)).run()
        var seen: Set<String> = []
        for row in try t.query("SELECT code, detail FROM findings_v1 ORDER BY code, subject") {
            guard case .text(let code) = row[0], case .text(let detail) = row[1] else { continue }
            seen.insert(code)
            let e = FindingEvidence(code: code, detail: detail)
            XCTAssertFalse(e.sentence.isEmpty, code)
            XCTAssertTrue(e.sentence.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(code): \(e.sentence)")
            XCTAssertFalse(e.text.contains("{") || e.text.contains("\":"), "\(code): JSON in \(e.text)")
            XCTAssertFalse(e.sentence.contains("（）") || e.sentence.contains("“”"), "\(code): an empty field in \(e.sentence)")
            let titles = Set(e.tables.map(\.title))
            switch FindingCode(rawValue: code)! {
            case .paidAfterDeath:
                XCTAssertTrue(titles.isSuperset(of: ["缴费", "死亡记录"]), code)
                XCTAssertTrue(e.sentence.hasPrefix("死亡日期 "), e.sentence)
            case .ledgerWithoutPayment:
                XCTAssertTrue(titles.contains("金三入库"), code)
            case .subsidyMismatch:
                XCTAssertTrue(titles.contains("补助"), code)
            case .missingGovernmentPayment:
                XCTAssertTrue(titles.contains("参保登记"), code)
            case .notInTaxLedger, .duplicatePayment, .nonstandardAmount, .notEnrolled, .invalidID, .pooledAccount:
                // The payments with channel, time, amount and the file and line they came from.
                let pay = try XCTUnwrap(e.tables.first { $0.title == "缴费" }, code)
                XCTAssertTrue(pay.text.contains("时间 20") && pay.text.contains(" 元"), pay.text)
                if code != "POOLED_ACCOUNT" {
                    XCTAssertNotNil(pay.text.range(of: #"来源 \S+\.gz:\d+"#, options: .regularExpression), pay.text)
                }
            default:
                break
            }
        }
        XCTAssertGreaterThanOrEqual(seen.count, 20, "the district plants nearly every code: \(seen.sorted())")
    }

    func testADetailThatIsNotJSONGivesItsMeaning() {
        XCTAssertEqual(FindingEvidence(code: "PAID_AFTER_DEATH", detail: "not json").sentence, "死亡后缴费")
        XCTAssertEqual(FindingEvidence(code: "PAID_AFTER_DEATH", detail: nil).tables, [])
    }
}
