import Foundation
@testable import ReconCore
import XCTest
import SQLiteStore

/// What keeps the joined view (and so a run's peak memory) small: a city's view holds 4M payments,
/// ledger rows and roster rows.
final class ViewMemoryTests: XCTestCase {
    /// The per-row types stay within their budgets (see their storage comments): a regression here is
    /// tens of megabytes a county, hundreds a city.
    func testRowTypesStayWithinTheirBudgets() {
        XCTAssertLessThanOrEqual(MemoryLayout<ViewPayment>.stride, 80)
        XCTAssertLessThanOrEqual(MemoryLayout<LedgerEntry>.stride, 64)
        XCTAssertLessThanOrEqual(MemoryLayout<RosterEntry>.stride, 96)
    }

    /// The narrow stored fields read back what was put in, through the Int API.
    func testNarrowFieldsReadBackWhatWasStored() {
        var p = ViewPayment(recordID: 1 << 40, channel: .alipay, idBody: 12345, idValid: true, insurance: .medical,
                            year: 2024, amountFen: 38_000, paidAt: LocalDateTime(seconds: 1_700_000_000),
                            fileID: 123_456, line: 1_000_001)
        XCTAssertEqual([p.year, p.line, p.policyIndex], [2024, 1_000_001, -1])
        XCTAssertEqual(p.fileID, 123_456)
        XCTAssertEqual(p.recordID, 1 << 40)
        p.policyIndex = 3
        p.year = 2025
        XCTAssertEqual([p.year, p.policyIndex], [2025, 3])
        XCTAssertFalse(p.hasLedgerRow)
        XCTAssertTrue(p.hasPolicy)

        let l = LedgerEntry(ticketText: TextRef(offset: 0, length: 0), townText: TextRef(offset: 0, length: 0),
                            refEntry: 7, idBody: 1, idValid: true, insurance: .pension, year: 2024, amountFen: 20_000,
                            channel: .gov, paidAt: LocalDateTime(seconds: 0), fileID: 99, line: 420_001)
        XCTAssertEqual([l.year, l.line], [2024, 420_001])
        XCTAssertEqual(l.fileID, 99)
        let r = RosterEntry(idBody: 1, insurance: .medical, name: "张伟", household: "3704060010240544", townCode: "370406001",
                            villageCode: "370406001024", villageName: "刘岭社区", status: .normal, student: false,
                            line: 418_411)
        XCTAssertEqual(r.line, 418_411)
        XCTAssertEqual(r.household, "3704060010240544")
    }

    /// The reference map finds every key, per channel, through every growth (from 16 slots), with
    /// entries in insertion order; a second insert of a key finds the first.
    func testRefMapFindsEveryKeyThroughItsGrowth() {
        var map = RefMap()
        var keys: [(UInt8, String)] = [(0, "")]
        for i in 0..<20_000 { keys.append((UInt8(i % 3), "WX2023\(i * 7919 % 100_003)")) }
        keys.append((2, "WX20230"))   // the same bytes as channel 0's first key
        for (n, (ch, k)) in keys.enumerated() {
            var text = k
            let r = text.withUTF8 { map.insert(ch, UnsafeRawBufferPointer($0), value: Int32(n)) }
            XCTAssertEqual(r.entry, n, k)
            XCTAssertTrue(r.inserted, k)
        }
        XCTAssertEqual(map.count, keys.count)
        for (n, (ch, k)) in keys.enumerated() {
            XCTAssertEqual(map.find(ch, k), n, k)
            XCTAssertEqual(map.string(n), k)
            XCTAssertEqual(map.values[n], Int32(n))
            var text = k
            let again = text.withUTF8 { map.insert(ch, UnsafeRawBufferPointer($0), value: -1) }
            XCTAssertEqual(again.entry, n)
            XCTAssertFalse(again.inserted)
        }
        XCTAssertNil(map.find(1, "WX20230"))
        XCTAssertNil(map.find(0, "nothing"))
    }

    /// The sparse payment texts give back, per payment, exactly the texts appended for it.
    func testPaymentTextsReadBackPerPayment() {
        let appended = [PaymentText(rawID: nil, name: "张伟"), PaymentText(rawID: nil, name: nil),
                        PaymentText(rawID: "37040619900101123", name: nil), PaymentText(rawID: "X", name: "李娜"),
                        PaymentText(rawID: nil, name: "")]
        var texts = PaymentTexts()
        texts.reserveCapacity(appended.count)
        for t in appended { texts.append(t) }
        XCTAssertEqual(texts.count, appended.count)
        for (i, t) in appended.enumerated() {
            XCTAssertEqual(texts[i].rawID, t.rawID, "payment \(i)")
            XCTAssertEqual(texts[i].name, t.name, "payment \(i)")
            XCTAssertEqual(texts.name(i), t.name, "payment \(i)")
        }
    }

    /// `text(_:reusing:)` (repeated households and villages share one String) reads exactly what
    /// `text(_:)` reads, through runs, changes, empty text and NULL.
    func testReusedTextsAreTheColumnsTexts() throws {
        let db = try Connection(path: ":memory:")
        try db.execute("CREATE TABLE t(v TEXT)")
        let values: [String?] = ["3704060010240544", "3704060010240544", "3704060010240545", "", "", nil,
                                 "刘岭社区刘岭社区", "刘岭社区刘岭社区", "3704060010240544", nil, "x"]
        let insert = try db.prepare("INSERT INTO t(v) VALUES (?)")
        for v in values { try insert.run([v.map { .text($0) } ?? .null]) }
        let c = try RowCursor(db, "SELECT v FROM t ORDER BY rowid")
        var last = "", read: [String] = []
        while try c.step() { read.append(c.text(0, reusing: &last)) }
        XCTAssertEqual(read, values.map { $0 ?? "" })
    }

    /// A stored channel name reads as its index in `JoinedView.channels`; anything else, however
    /// close, as -1 (the view skips the row, as the SQL `CASE` it replaces did).
    func testStoredChannelNamesReadAsTheirIndex() throws {
        let db = try Connection(path: ":memory:")
        try db.execute("CREATE TABLE t(v TEXT)")
        let others: [String?] = ["", nil, "wechat ", "wechatx", "WECHAT", "ccbpos", "bank_", "gov\u{0}", "微信"]
        let values = Channel.allCases.map { Optional($0.rawValue) } + others
        let insert = try db.prepare("INSERT INTO t(v) VALUES (?)")
        for v in values { try insert.run([v.map { .text($0) } ?? .null]) }
        let c = try RowCursor(db, "SELECT v FROM t ORDER BY rowid")
        var read: [Int] = []
        while try c.step() { read.append(c.channel(0)) }
        XCTAssertEqual(read, Channel.allCases.map(JoinedView.channelIndex) + others.map { _ in -1 })
        XCTAssertEqual(Channel.allCases.map(JoinedView.channelIndex), Array(JoinedView.channels.indices))
    }
}
