import Foundation
import ReconCore
import SQLiteStore
import ReconTestSupport
import XCTest

/// FORMATS.md "Damaged input": a payment, reversal or ledger row above 10,000,000.00 yuan in absolute
/// value is a broken line — rejected where the file has no control totals, quarantining the file
/// where it has.
extension DamagedInputTests {
    /// A 爱山东 ledger row (a ledger-only channel: the row is a payment or, for 退费, a reversal).
    static func ledgerRow(_ ticket: String, _ amount: String, refundOf original: String = "") -> String {
        let type = original.isEmpty ? "个人缴费" : "退费"
        return "\(ticket),370406196904257265,孙兰婷,城乡居民基本养老保险费,2024,\(type),\(amount),爱山东,ASD-\(ticket),"
            + "2023-12-30 07:29:01,2023-12-31,370406106,\(original)"
    }

    func testALedgerRowAboveTheCapIsRejectedAndTheRestCounts() throws {
        let t = try TestInbox()
        try t.write("jinsan_ledger_20231231.csv.gz", lines: [
            LedgerFixture.header,
            Self.ledgerRow("T1", "46116860184273879.04"),
            Self.ledgerRow("T2", "46116860184273879.04"),
            Self.ledgerRow("T3", "10000000.00"),
            Self.ledgerRow("T4", "10000000.01"),
            Self.ledgerRow("T5", "-10000000.00", refundOf: "T3"),
            Self.ledgerRow("T6", "-10000000.01", refundOf: "T3"),
            Self.ledgerRow("T7", "380.00"),
        ])
        try t.ingest()
        let f = try XCTUnwrap(try t.file("jinsan_ledger_20231231.csv.gz"))
        XCTAssertEqual(f.status, "ingested")
        XCTAssertEqual(f.rows, 7)
        XCTAssertEqual(f.rejected, 4)
        XCTAssertEqual(try t.query("SELECT line_no, reason FROM rejects_v1 ORDER BY line_no"), [
            [.int(2), .text("金额: amount exceeds 10,000,000.00 yuan in absolute value: '46116860184273879.04'")],
            [.int(3), .text("金额: amount exceeds 10,000,000.00 yuan in absolute value: '46116860184273879.04'")],
            [.int(5), .text("金额: amount exceeds 10,000,000.00 yuan in absolute value: '10000000.01'")],
            [.int(7), .text("金额: amount exceeds 10,000,000.00 yuan in absolute value: '-10000000.01'")],
        ])
        XCTAssertEqual(try t.query("SELECT ticket, amount_fen FROM ledger ORDER BY ticket"), [
            [.text("T3"), .int(1_000_000_000)], [.text("T5"), .int(-1_000_000_000)], [.text("T7"), .int(38_000)],
        ])
        // The auditor's query works: the payment, its reversal (stored positive) and the small payment.
        XCTAssertEqual(try t.query("SELECT sum(amount_fen) FROM payments_v1"), [[.int(2_000_038_000)]])

        // And the rules run over what was stored: no finding carries more than the cap.
        let store = try Store(path: t.database)
        _ = try ReconcileRun(store: store).run()
        XCTAssertLessThanOrEqual(try t.int("SELECT coalesce(max(abs(amount_fen)), 0) FROM findings_v1"), 1_000_000_000)
    }

    /// A database written before the cap may hold a larger row: the run stops with where it is, in
    /// process and through `recond`, instead of summing it (which could overflow and trap).
    func testAStoredRowAboveTheCapStopsTheRunNamingItsFileAndLine() throws {
        let t = try TestInbox()
        // Line 2 a 爱山东 row (a payment record), line 3 a WeChat row (the ledger's side of a statement payment).
        let wechat = Self.ledgerRow("T2", "390.00").replacingOccurrences(of: ",爱山东,ASD-T2,", with: ",微信,WX-T2,")
        try t.write("jinsan_ledger_20231231.csv.gz", lines: [LedgerFixture.header, Self.ledgerRow("T1", "380.00"), wechat])
        try t.ingest()
        for (table, column, line) in [("ledger", "ticket = 'T2'", 3), ("records", "ref = 'ASD-T1'", 2)] {
            let db = try Connection(path: t.database)
            try db.execute("UPDATE \(table) SET amount_fen = 4611686018427387904 WHERE \(column)")
            let store = try Store(path: t.database)
            XCTAssertThrowsError(try ReconcileRun(store: store).run()) { e in
                XCTAssertEqual(e as? ViewError, .amountAboveCap(table: table, file: "jinsan_ledger_20231231.csv.gz",
                                                                line: line, amountFen: 4_611_686_018_427_387_904))
            }
            let r = try ToolProcess.recond(["run", "--once", "--inbox", t.inbox, "--db", t.database])
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains("\(table) row of jinsan_ledger_20231231.csv.gz line \(line) holds "
                                            + "46116860184273879.04 yuan, above the 10000000.00 yuan"), r.stderr)
            try db.execute("UPDATE \(table) SET amount_fen = 39000 WHERE \(column)")
        }
        XCTAssertEqual(try ToolProcess.recond(["run", "--once", "--inbox", t.inbox, "--db", t.database]).status, 0)
    }

    /// The first wechat sample with its first data row's 应结订单金额 and 订单金额 set to `amount`, and the
    /// summary adjusted, so that only the amount can be wrong with the file.
    func wechatWithFirstRow(_ amount: String) throws -> [String] {
        var wx = try sampleLines("wx_1612345678_20231230.csv.gz")
        func fen(_ v: String) throws -> Int64 { try Money.fen(fromYuan: Array(v.dropFirst().utf8)).get() }
        var row = wx[1].components(separatedBy: ",")
        let delta = try fen("`" + amount) - fen(row[24])
        row[12] = "`" + amount
        row[24] = "`" + amount
        wx[1] = row.joined(separator: ",")
        var summary = wx[wx.count - 1].components(separatedBy: ",")
        for i in [1, 5] { summary[i] = "`" + Money.yuan(try fen(summary[i]) + delta) }
        wx[wx.count - 1] = summary.joined(separator: ",")
        return wx
    }

    func testAWeChatRowAboveTheCapQuarantinesItsFile() throws {
        let t = try TestInbox()
        try t.write("wx_1612345678_20231230.csv.gz", lines: try wechatWithFirstRow("10000000.01"), crlf: true)
        try t.write("wx_1612345678_20231231.csv.gz", lines: try wechatWithFirstRow("46116860184273879.04"), crlf: true)
        try t.ingest()
        try assertQuarantined(t, "wx_1612345678_20231230.csv.gz",
                              "line 2: 订单金额: amount exceeds 10,000,000.00 yuan in absolute value: '10000000.01' (control totals cannot be verified)")
        XCTAssertEqual(try t.file("wx_1612345678_20231231.csv.gz")?.error,
                       "line 2: 订单金额: amount exceeds 10,000,000.00 yuan in absolute value: '46116860184273879.04' (control totals cannot be verified)")
        XCTAssertEqual(try t.int("SELECT count(*) FROM rejects_v1"), 0, "named in the file's error, not in rejects")
    }

    func testAWeChatRowOfExactlyTheCapCounts() throws {
        let t = try TestInbox()
        let wx = try wechatWithFirstRow("10000000.00")
        try t.write("wx_1612345678_20231230.csv.gz", lines: wx, crlf: true)
        try t.ingest()
        XCTAssertEqual(try t.file("wx_1612345678_20231230.csv.gz")?.status, "ingested")
        XCTAssertEqual(try t.int("SELECT count(*) FROM payments_v1 WHERE amount_fen = 1000000000"), 1)
        XCTAssertEqual(try t.int("SELECT count(*) FROM payments_v1"), wx.count - 3)
    }

    /// A column summed for the control totals that no cap bounds (wechat 应结订单金额 beside a capped
    /// 订单金额) cannot overflow the totals either: the file is quarantined at the line where the sum
    /// would leave Int64, instead of the sum wrapping (-Ounchecked) or trapping (-O).
    func testControlTotalsThatWouldOverflowQuarantineTheFile() throws {
        let t = try TestInbox()
        var wx = try sampleLines("wx_1612345678_20231230.csv.gz")
        for i in 1...2 {
            var row = wx[i].components(separatedBy: ",")
            row[12] = "`46116860184273879.04"
            wx[i] = row.joined(separator: ",")
        }
        try t.write("wx_1612345678_20231230.csv.gz", lines: wx, crlf: true)
        try t.ingest()
        try assertQuarantined(t, "wx_1612345678_20231230.csv.gz",
                              "line 3: 应结订单金额: the sum over the rows is out of range (control totals cannot be verified)")
    }

    func testAUnionPayAmountInFenAboveTheCapIsRejected() throws {
        let t = try TestInbox()
        var lines = try TestInbox.sample("INN23112188ZM_898370448160001.gz").split(separator: 0x0A).map(Array.init)
        // 交易金额: bytes 67–78 of the line (fen, 12 digits).
        lines[0].replaceSubrange(66..<78, with: Array("001000000001".utf8))
        lines[1].replaceSubrange(66..<78, with: Array("001000000000".utf8))
        try t.writeRaw("INN23112188ZM_898370448160001.gz", GzipWriter.compress(Array(lines.joined(separator: [0x0A])) + [0x0A]))
        try t.ingest()
        XCTAssertEqual(try t.query("SELECT line_no, reason FROM rejects_v1"), [
            [.int(1), .text("交易金额: amount exceeds 10,000,000.00 yuan in absolute value: '001000000001'")],
        ])
        XCTAssertEqual(try t.query("SELECT source_line, amount_fen FROM payments_v1 ORDER BY source_line"),
                       [[.int(2), .int(1_000_000_000)], [.int(3), .int(38_000)]])
    }
}
