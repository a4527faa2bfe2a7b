@testable import ReconCore
import XCTest

/// The texts of `FileError` and `LineError` are stored (`files_v1.error`, `rejects_v1.reason`) and
/// compared byte for byte outside the project: every case is pinned here. A new case does not
/// compile in `key` below until it is added, and the test fails until it has a row in the table.
final class ErrorTextTests: XCTestCase {
    static let fileErrors: [(FileError, String)] = [
        (.unrecognisedName, "unrecognised name"),
        (.symbolicLink, "symbolic link (never followed)"),
        (.directory, "a directory, not a file"),
        (.nameNotUTF8, "file name is not valid UTF-8 (stored with \\xNN escapes)"),
        (.notRegularFile, "not a regular file (a device, pipe or socket)"),
        (.gzip(.truncated), "gzip stream truncated before the end of member"),
        (.lineTooLong(line: 3, limit: 16_777_216), "line 3: longer than 16777216 bytes without a line end"),
        (.undecodable(line: 2, encoding: .gb18030, offset: 71),
         "line 2: cannot be decoded as GB18030 (invalid or cut-off byte sequence at byte 72)"),
        (.undecodable(line: 5, encoding: .utf8, offset: 0),
         "line 5: cannot be decoded as UTF-8 (invalid or cut-off byte sequence at byte 1)"),
        (.nulByte(line: 4, offset: 9), "line 4: NUL byte at byte 10 (binary data, not text)"),
        (.byteOrderMark(line: 7, offset: 0), "line 7: byte-order mark (EF BB BF) at byte 1, inside the file (files joined?)"),
        (.brokenLine(line: 7, .amountUnparsable(field: "订单金额（元）", why: .notANumber, got: "38O.00")),
         "line 7: 订单金额（元）: amount does not parse (not a number): '38O.00' (control totals cannot be verified)"),
        (.headerEmptyLine, "line 1: header missing (empty line)"),
        (.headerNotSpecified(line: 1, expected: ["证件号码", "姓名", "险种"]),
         "line 1: header is not the specified one (expected 证件号码,姓名,险种)"),
        (.emptyFileHeaderMissing, "empty file: header missing"),
        (.headerNotLayout(line: 1, layout: "wechat"), "line 1: header is not the wechat header"),
        (.headerFieldCount(line: 1, got: 8, expected: 9), "line 1: header line has 8 fields, expected 9"),
        (.emptyFile, "empty file"),
        (.headerMissing, "header missing"),
        (.summaryLinesMissing, "summary lines missing"),
        (.trailerMissing("T|END"), "trailer T|END missing (file truncated)"),
        (.alipayFooterMissing, "footer lines missing (#交易合计 / #退款合计)"),
        (.alipayFooterUnparsable, "footer totals do not parse"),
        (.bankBatchHeaderMalformed, "batch header missing or malformed"),
        (.ccbPosHeaderMissing, "header record H missing"),
        (.totalsCountUnparsable(what: "header", got: "12345678901234567890123"),
         "control totals: header count '12345678901234567890' does not parse"),
        (.totalsAmountUnparsable(what: "交易合计", got: "x"), "control totals: 交易合计 amount 'x' does not parse"),
        (.wechatCountUnparsable(got: "abc"), "summary: 总交易单数 'abc' does not parse"),
        (.wechatAmountUnparsable, "summary: an amount does not parse"),
        (.totalsMismatch(what: "成功笔数/成功金额 amount", declared: "41550.00", actual: "41170.00"),
         "control totals disagree with rows: 成功笔数/成功金额 amount declared 41550.00, rows give 41170.00"),
        (.unexpected("something else"), "something else"),
    ]

    static let lineErrors: [(LineError, String)] = [
        (.fieldCount(expected: 13, got: 12), "wrong field count: expected 13, got 12"),
        (.width(expected: 607, got: 606), "wrong line width: expected 607 bytes, got 606"),
        (.tooManyFields, "too many fields"),
        (.tooManyCSVFields(limit: 4096, expected: 13), "too many fields: more than 4096 (expected 13)"),
        (.malformedQuoting, "malformed quoting"),
        (.unterminatedQuotedField, "unterminated quoted field"),
        (.undecodable(field: "姓名"), "姓名: cannot be decoded"),
        (.empty(field: "电子税票号码"), "电子税票号码: empty"),
        (.amountUnparsable(field: "金额", why: .empty, got: ""), "金额: amount does not parse (empty): ''"),
        (.amountUnparsable(field: "金额", why: .notANumber, got: "1?0.00"), "金额: amount does not parse (not a number): '1?0.00'"),
        (.amountUnparsable(field: "金额", why: .tooManyDecimals, got: "1.001"), "金额: amount does not parse (too many decimals): '1.001'"),
        (.amountUnparsable(field: "金额", why: .overflow, got: "99999999999999999999"),
         "金额: amount does not parse (out of range): '99999999999999999999'"),
        (.amountOverCap(field: "金额", got: "46116860184273879.04"),
         "金额: amount exceeds 10,000,000.00 yuan in absolute value: '46116860184273879.04'"),
        (.sumOutOfRange(field: "应结订单金额"), "应结订单金额: the sum over the rows is out of range"),
        (.notWholeNumber(field: "所属年度", got: "20x4"), "所属年度: not a whole number: '20x4'"),
        (.dateUnparsable(field: "入库日期", got: "2024-13-01"), "入库日期: date does not parse: '2024-13-01'"),
        (.timeUnparsable(field: "缴款时间", format: TimeFormat("yyyy-MM-dd HH:mm:ss")!, got: "2024-01-01 25:00:00"),
         "缴款时间: time does not parse as yyyy-MM-dd HH:mm:ss: '2024-01-01 25:00:00'"),
        (.timeUnparsable(field: "交易日期+交易时间", format: TimeFormat("yyyyMMddHHmmss")!, got: nil),
         "交易日期+交易时间: time does not parse as yyyyMMddHHmmss"),
        (.notOneOf(field: "险种", what: "insurance", got: "工伤保险工伤保险工伤保险工伤保险工伤保险工伤", listed: ["养老", "医疗"]),
         "险种: insurance '工伤保险工伤保险工伤保险工伤保险工伤保险' is not one of 养老 / 医疗"),
        (.recordType(expected: "D"), "record type is not D"),
        (.kindNotListed(field: "交易状态", got: "CLOSED"), "交易状态: kind value 'CLOSED' is not one the format lists"),
        (.negativePayment(field: "订单金额（元）"), "订单金额（元）: a payment amount cannot be negative"),
        (.patternMismatch(field: "备注", pattern: "{insurance}{year}:{id}"), "备注: does not fit the pattern {insurance}{year}:{id}"),
        (.insuranceNotListed(field: "险种", got: "工伤"), "险种: insurance '工伤' is not one the format lists"),
        (.coverageMissing, "the line does not name the ID number, insurance and year"),
        (.ledgerSign(refund: true), "金额: sign does not fit 缴费类型 退费 (must be negative)"),
        (.ledgerSign(refund: false), "金额: sign does not fit 缴费类型 (must not be negative)"),
        (.assistanceCategory(got: "五保"), "资助类别: '五保' is not a listed category"),
        (.disbursementCategory(got: "缴费补贴", insurance: .medical), "补助类别: '缴费补贴' is not a category of 医疗"),
    ]

    func testEveryFileErrorSaysTodaysText() {
        for (e, text) in Self.fileErrors { XCTAssertEqual(e.description, text) }
        XCTAssertEqual(Set(Self.fileErrors.map { Self.key($0.0) }).count, Self.fileErrorCases, "a case has no row")
    }

    func testEveryLineErrorSaysTodaysText() {
        for (e, text) in Self.lineErrors { XCTAssertEqual(e.description, text) }
        XCTAssertEqual(Set(Self.lineErrors.map { Self.key($0.0) }).count, Self.lineErrorCases, "a case has no row")
    }

    static let fileErrorCases = 30
    static let lineErrorCases = 24

    /// The case of an error, without its values (exhaustive: no default).
    static func key(_ e: FileError) -> Int {
        switch e {
        case .unrecognisedName: 0
        case .symbolicLink: 1
        case .directory: 2
        case .nameNotUTF8: 3
        case .notRegularFile: 4
        case .gzip: 5
        case .lineTooLong: 6
        case .undecodable: 7
        case .nulByte: 8
        case .byteOrderMark: 9
        case .brokenLine: 10
        case .headerEmptyLine: 11
        case .headerNotSpecified: 12
        case .emptyFileHeaderMissing: 13
        case .headerNotLayout: 14
        case .headerFieldCount: 15
        case .emptyFile: 16
        case .headerMissing: 17
        case .summaryLinesMissing: 18
        case .trailerMissing: 19
        case .alipayFooterMissing: 20
        case .alipayFooterUnparsable: 21
        case .bankBatchHeaderMalformed: 22
        case .ccbPosHeaderMissing: 23
        case .totalsCountUnparsable: 24
        case .totalsAmountUnparsable: 25
        case .wechatCountUnparsable: 26
        case .wechatAmountUnparsable: 27
        case .totalsMismatch: 28
        case .unexpected: 29
        }
    }

    static func key(_ e: LineError) -> Int {
        switch e {
        case .fieldCount: 0
        case .width: 1
        case .tooManyFields: 2
        case .tooManyCSVFields: 3
        case .malformedQuoting: 4
        case .unterminatedQuotedField: 5
        case .undecodable: 6
        case .empty: 7
        case .amountUnparsable: 8
        case .notWholeNumber: 9
        case .dateUnparsable: 10
        case .timeUnparsable: 11
        case .notOneOf: 12
        case .recordType: 13
        case .kindNotListed: 14
        case .negativePayment: 15
        case .patternMismatch: 16
        case .insuranceNotListed: 17
        case .coverageMissing: 18
        case .ledgerSign: 19
        case .assistanceCategory: 20
        case .disbursementCategory: 21
        case .amountOverCap: 22
        case .sumOutOfRange: 23
        }
    }
}
