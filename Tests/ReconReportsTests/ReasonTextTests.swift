import Foundation
import XCTest

@testable import ReconCore
@testable import ReconReports
import ReconTestSupport

/// The stored reasons (every `FileError` and `LineError` text, and the gzip ones) read in Chinese in the
/// reports, with the field names, values and numbers carried over.
final class ReasonTextTests: XCTestCase {
    func testEveryStoredReasonHasAChineseReading() {
        let gzip: [GzipError] = [.empty, .truncated, .corrupt("invalid block type at byte 12"), .tooLarge(limit: 8),
                                 .ratioExceeded(ratio: 900, limit: 250), .notGzip, .io("Permission denied")]
        let texts = ErrorTextFixtures.fileErrors.map(\.1) + ErrorTextFixtures.lineErrors.map(\.1)
            + gzip.map(\.description) + ErrorTextFixtures.lineErrors.map { "line 12: " + $0.1 }
        for english in texts where english != "something else" {
            let chinese = ReasonText.chinese(english)
            XCTAssertNotEqual(chinese, english, "no Chinese for: \(english)")
            // What is left in ASCII letters is names and values (field names are Chinese already).
            let words = chinese.split(whereSeparator: { !$0.isASCII || !$0.isLetter }).filter { $0.count > 3 }
            let allowed: Set<String> = ["gzip", "yyyy", "yyyyMMddHHmmss", "CLOSED", "insurance", "Permission", "denied",
                                        "invalid", "block", "type", "byte", "END", "year"]
            XCTAssertTrue(words.allSatisfy { allowed.contains(String($0)) || english.contains("'\($0)") || english.contains("\($0)'") },
                          "\(english) → \(chinese)")
        }
        XCTAssertEqual(ReasonText.chinese("line 7: 订单金额（元）: amount does not parse (not a number): '38O.00' (control totals cannot be verified)"),
                       "第 7 行：订单金额（元）：金额“38O.00”不是数字（无法核对控制合计）")
        XCTAssertEqual(ReasonText.chinese("line 1: header is not the wechat header"), "第 1 行：表头不是微信对账单的表头")
        XCTAssertEqual(ReasonText.chinese("control totals disagree with rows: header amount declared 770.00, rows give 760.00"),
                       "控制合计与明细不符：头记录金额申报 770.00，明细合计 760.00")
        XCTAssertEqual(ReasonText.chinese("unrecognised name"), "文件名无法识别（不符合任何格式的命名）")
        XCTAssertEqual(ReasonText.chinese("a reason of a later version"), "a reason of a later version")
    }

    func testReviewStatesAreReadInChineseAndEnglish() {
        XCTAssertEqual(ReviewBook.State(written: "已确认"), .confirmed)
        XCTAssertEqual(ReviewBook.State(written: " Dismissed "), .dismissed)
        XCTAssertEqual(ReviewBook.State(written: "上报"), .escalated)
        XCTAssertNil(ReviewBook.State(written: "maybe"))
        XCTAssertTrue(ReviewBook.State.isUndecided("待审核") && ReviewBook.State.isUndecided("new") && ReviewBook.State.isUndecided(""))
        XCTAssertEqual(Labels.reviewState("escalated"), "已上报")
        XCTAssertEqual(Labels.format("ccb_pos"), "建行POS对账单")
    }
}
