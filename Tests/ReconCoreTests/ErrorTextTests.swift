@testable import ReconCore
import ReconTestSupport
import XCTest

/// The texts of `FileError` and `LineError` are stored (`files_v1.error`, `rejects_v1.reason`) and
/// compared byte for byte outside the project: every case is pinned here. A new case does not
/// compile in `key` below until it is added, and the test fails until it has a row in the table.
final class ErrorTextTests: XCTestCase {
    static let fileErrors = ErrorTextFixtures.fileErrors
    static let lineErrors = ErrorTextFixtures.lineErrors

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
