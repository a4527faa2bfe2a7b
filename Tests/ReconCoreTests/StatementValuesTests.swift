import SQLiteStore
import XCTest

@testable import ReconCore

/// recon's value types bound as the text the views show, formatted on the stack.
final class StatementValuesTests: XCTestCase {
    func testDatesIDsAndTimesAreBoundAsTheirText() throws {
        let c = try Connection(path: ":memory:")
        try c.execute("CREATE TABLE t (a TEXT, b TEXT, c TEXT, d TEXT)")
        let insert = try c.prepare("INSERT INTO t VALUES (?, ?, ?, ?)")
        insert.bind(1, IDNumber(body: 37040619900101123))
        insert.bind(2, LocalDate(year: 2024, month: 2, day: 29))
        insert.bind(3, LocalDateTime(date: LocalDate(year: 2023, month: 12, day: 31), hour: 23, minute: 5, second: 9))
        insert.bind(4, nil as LocalDate?)
        XCTAssertFalse(try insert.step())
        XCTAssertEqual(try c.prepare("SELECT a, b, c, d FROM t").query(),
                       [[.text("370406199001011233"), .text("2024-02-29"), .text("2023-12-31 23:05:09"), .null]])
    }
}
