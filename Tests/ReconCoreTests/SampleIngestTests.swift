import Foundation
@testable import ReconCore
import XCTest
import SQLiteStore
import ReconTestSupport

/// Every sample of Tests/Samples ingests, and payments_v1 holds what the files say.
final class SampleIngestTests: XCTestCase {
    func testEverySampleIngests() throws {
        let t = try TestInbox()
        try t.copySamples()
        let summary = try t.ingest()
        XCTAssertEqual(summary.filesQuarantined, 0)
        XCTAssertEqual(summary.filesIngested, summary.filesSeen)
        let bad = try t.query("SELECT name, status, error FROM files_v1 WHERE status <> 'ingested'")
        XCTAssertEqual(bad, [], "every sample is a good file")
        XCTAssertEqual(try t.int("SELECT count(*) FROM rejects_v1"), 0)

        // Counted independently with zcat | iconv | grep (see the commit adding this test).
        let expected: [String: (payments: Int, reversals: Int)] = [
            "wechat": (62, 2), "alipay": (16, 1), "unionpay": (10, 0), "ccb_pos": (15, 1), "bank": (54, 0),
            "aishandong": (8, 0), "etax": (6, 0), "gov": (44, 0),
        ]
        for (channel, e) in expected {
            XCTAssertEqual(try t.int("SELECT count(*) FROM payments_v1 WHERE channel = '\(channel)' AND kind = 'payment'"),
                           e.payments, channel)
            XCTAssertEqual(try t.int("SELECT count(*) FROM payments_v1 WHERE channel = '\(channel)' AND kind = 'reversal'"),
                           e.reversals, channel)
        }
        // unionpay's 2023-12-31 file repeats a 2023-11-20 payment: stored once, the later sighting kept as evidence.
        XCTAssertEqual(try t.query("SELECT r.channel, r.ref, f.name FROM records r JOIN files f ON f.id = r.file_id WHERE r.is_primary = 0"),
                       [[.text("unionpay"), .text("202311200000000003"), .text("INN23123188ZM_898370448160001.gz")]])
        XCTAssertEqual(try t.query("SELECT source_file FROM payments_v1 WHERE txn_ref = '202311200000000003'"),
                       [[.text("INN23112188ZM_898370448160001.gz")]])
        XCTAssertEqual(try t.int("SELECT count(*) FROM ledger"), 219)
        XCTAssertEqual(try t.int("SELECT count(*) FROM payments_v1 WHERE id_valid = 1 AND length(id_number) <> 18"), 0)
    }

    /// The large-file path (a larger page cache for the file's transaction; threshold lowered to 0
    /// here) stores exactly what the ordinary path stores, and gives the connection its cache back.
    func testLargeFilePathStoresTheSameAndRestoresTheCache() throws {
        let t = try TestInbox()
        try t.copySamples()
        _ = try t.ingest()
        let large = try Store(path: t.root + "/large.sqlite")
        let cache = try large.db.scalarInt("PRAGMA cache_size")
        let writer = try StoreWriter(store: large)
        writer.largeFileRows = 0
        let reader = FileReader()
        for name in try FileManager.default.contentsOfDirectory(atPath: t.inbox).sorted() {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: t.inbox + "/" + name)))  // gzip'd, as received
            try writer.write(reader.read(name: name, bytes: bytes, sha256: SHA256.hexDigest(of: bytes)),
                             receivedAt: "2024-01-10 02:00:00", runID: nil)
            XCTAssertEqual(try large.db.scalarInt("PRAGMA cache_size"), cache, name)
        }
        XCTAssertEqual(try large.db.scalarInt("SELECT count(*) FROM files WHERE status = 'ingested'"),
                       Int64(try t.int("SELECT count(*) FROM files WHERE status = 'ingested'")))
        let payments = "SELECT * FROM payments_v1 ORDER BY channel, txn_ref, kind, source_file, source_line"
        XCTAssertEqual(try large.db.prepare(payments, persistent: false).query(), try t.query(payments))
        XCTAssertEqual(try large.db.scalarInt("SELECT count(*) FROM ledger"), 219)
        XCTAssertEqual(try large.db.scalarInt("SELECT count(*) FROM enrollment"), Int64(try t.int("SELECT count(*) FROM enrollment")))
    }

    /// A roster snapshot read with `keepRows: false` (an older one a newer good one supersedes) is
    /// checked and counted as when its rows are kept — same line count, same rejects — and holds no rows.
    func testACheckedRosterCountsAndRejectsAsAKeptOne() throws {
        var text = try TestInbox.sample("enrollment_20230928.csv.gz")
        text += Array("370406X,张三,男\n".utf8)
        let bytes = GzipWriter.compress(text)
        let reader = FileReader()
        let kept = reader.read(name: "enrollment_20230928.csv.gz", bytes: bytes, sha256: "k")
        let checked = reader.read(name: "enrollment_20230928.csv.gz", bytes: bytes, sha256: "c", keepRows: false)
        guard case .content(.enrollment(let rows)) = kept.outcome, case .content(.enrollment(let none)) = checked.outcome else {
            return XCTFail("both read as rosters: \(kept.outcome) \(checked.outcome)")
        }
        XCTAssertGreaterThan(rows.count, 10)
        XCTAssertEqual(none.count, 0)
        XCTAssertEqual(checked.dataRows, kept.dataRows)
        XCTAssertEqual(checked.dataRows, rows.count + 1)
        XCTAssertEqual(checked.rejects, kept.rejects)
        XCTAssertEqual(checked.rejects.count, 1)
    }

    /// Households, towns, villages and village names shared between consecutive rows (one String per
    /// run of equal texts) read exactly as written, through runs, changes back, empty and quoted fields.
    func testRepeatedRosterTextsReadAsWritten() throws {
        let lines = String(decoding: try TestInbox.sample("enrollment_20230928.csv.gz"), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        let households = ["3704060010010001", "3704060010010001", "3704060010010002", "3704060010010001", "",
                          "", "\"3704060010010002\"", "3704060010010002", "3704060010010003"]
        let villageNames = ["黄河社区", "黄河社区", "", "长江社区", "长江社区", "黄河社区", "\"黄河,社区\"", "黄河,社区", "x"]
        var text = lines[0] + "\n"
        for (k, line) in lines[1...households.count].enumerated() {
            var f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[4] = households[k]
            f[7] = villageNames[k] == "黄河,社区" ? "\"黄河,社区\"" : villageNames[k]
            text += f.joined(separator: ",") + "\n"
        }
        let file = FileReader().read(name: "enrollment_20231001.csv.gz", bytes: GzipWriter.compress(Array(text.utf8)),
                                     sha256: "r")
        guard case .content(.enrollment(let rows)) = file.outcome else { return XCTFail("\(file.outcome)") }
        XCTAssertEqual(file.rejects, [])
        XCTAssertEqual(rows.map(\.household), households.map { $0.replacingOccurrences(of: "\"", with: "") })
        XCTAssertEqual(rows.map(\.villageName), villageNames.map { $0.replacingOccurrences(of: "\"", with: "") })
        XCTAssertEqual(rows.map(\.villageCode), Array(repeating: "370406001001", count: households.count))
    }

    func testFieldsOfOneRowPerFormat() throws {
        let t = try TestInbox()
        try t.copySamples()
        try t.ingest()
        func row(_ channel: String, _ ref: String) throws -> [SQLValue] {
            let r = try t.query("""
                SELECT id_number, insurance, year, amount_fen, paid_at, payer_key, name FROM payments_v1
                WHERE channel = '\(channel)' AND txn_ref = '\(ref)'
                """)
            XCTAssertEqual(r.count, 1, "\(channel) \(ref)")
            return r.first ?? []
        }
        // wechat: backticks stripped, 商品名称 gives insurance and year, 商户数据包 the ID.
        XCTAssertEqual(try row("wechat", "SW2023123000000047"),
                       [.text("370406196904257265"), .text("medical"), .int(2024), .int(38000),
                        .text("2023-12-30 07:29:01"), .text("otzaUs-zUT2X8aZftMhjsP9kwbo3"), .null])
        // alipay: GBK, trailing tabs gone, payer key is the masked account at the day.
        XCTAssertEqual(try row("alipay", "ZFB2023123000000012"),
                       [.text("37040619650120103X"), .text("pension"), .int(2024), .int(35000),
                        .text("2023-12-30 01:38:47"), .text("**成(132******14)@2023-12-30"), .null])
        // ccb_pos: date + time columns, YB2024:ID in 备注, payer = card/terminal@day.
        XCTAssertEqual(try row("ccb_pos", "330000000004"),
                       [.text("370406197509134964"), .text("medical"), .int(2024), .int(38000),
                        .text("2023-12-31 17:40:18"), .text("622848******7408/50000022@2023-12-31"), .null])
        // bank: name kept, payer is the account.
        XCTAssertEqual(try row("bank", "202312308000000013"),
                       [.text("370406198101137832"), .text("medical"), .int(2024), .int(38000),
                        .text("2023-12-30 10:22:36"), .text("6230593703518857841"), .text("孙伟洋")])
        // unionpay: fen amounts, MMddHHmmss with the year of the file name.
        XCTAssertEqual(try row("unionpay", "202312300000000009"),
                       [.text("370406195809250722"), .text("medical"), .int(2024), .int(19000),
                        .text("2023-12-30 12:17:01"), .text("623059******6349@2023-12-30"), .null])
    }
}

/// The current roster is the newest good snapshot, whether snapshots arrive together or apart.
final class RosterSnapshotTests: XCTestCase {
    func testNewestGoodSnapshotIsTheRoster() throws {
        let t = try TestInbox()
        try t.copySamples(["enrollment_20230928.csv.gz", "enrollment_20240120.csv.gz"])
        let newest = try TestInbox.sample("enrollment_20240120.csv.gz").filter { $0 == 0x0A }.count - 1
        try t.ingest()
        XCTAssertEqual(try t.int("SELECT count(*) FROM enrollment"), newest)
        XCTAssertEqual(try t.int("SELECT count(*) FROM files_v1 WHERE status = 'ingested'"), 2)
        XCTAssertEqual(try t.int("""
            SELECT count(DISTINCT e.file_id) FROM enrollment e JOIN files f ON f.id = e.file_id
            WHERE f.name = 'enrollment_20240120.csv.gz'
            """), 1)
    }

    func testAQuarantinedNewerSnapshotLeavesTheOlderOne() throws {
        let t = try TestInbox()
        try t.copySamples(["enrollment_20230928.csv.gz"])
        try t.write("enrollment_20240120.csv.gz", lines: ["证件号码,姓名", "1,2"])
        let older = try TestInbox.sample("enrollment_20230928.csv.gz").filter { $0 == 0x0A }.count - 1
        try t.ingest()
        XCTAssertEqual(try t.file("enrollment_20240120.csv.gz")?.status, "quarantined")
        XCTAssertEqual(try t.int("SELECT count(*) FROM enrollment"), older)
        // An older snapshot arriving after a newer one does not replace it.
        let t2 = try TestInbox()
        try t2.copySamples(["enrollment_20240120.csv.gz"])
        try t2.ingest()
        try t2.copySamples(["enrollment_20230928.csv.gz"])
        try t2.ingest()
        let newest = try TestInbox.sample("enrollment_20240120.csv.gz").filter { $0 == 0x0A }.count - 1
        XCTAssertEqual(try t2.int("SELECT count(*) FROM enrollment"), newest)
    }
}
