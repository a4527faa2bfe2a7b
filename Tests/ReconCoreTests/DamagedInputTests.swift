import ReconCore
import XCTest
import ReconTestSupport

/// FORMATS.md "Damaged input": quarantine whole files, reject broken lines, lose nothing.
final class DamagedInputTests: XCTestCase {
    /// Decompressed sample text as lines (GB18030 decoded when `gbk`).
    func sampleLines(_ name: String, gbk: Bool = false) throws -> [String] {
        let bytes = try TestInbox.sample(name)
        let text = gbk ? TextDecoder(encoding: .gb18030).decode(bytes)! : String(decoding: bytes, as: UTF8.self)
        // "\r\n" is one Character in Swift: split on scalars.
        return text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map(String.init)
    }

    func assertQuarantined(_ t: TestInbox, _ name: String, _ reason: String, file: StaticString = #filePath,
                           line: UInt = #line) throws {
        let f = try XCTUnwrap(try t.file(name), "no files_v1 row for \(name)", file: file, line: line)
        XCTAssertEqual(f.status, "quarantined", file: file, line: line)
        XCTAssertTrue(f.error?.contains(reason) ?? false, "error '\(f.error ?? "nil")' lacks '\(reason)'",
                      file: file, line: line)
        XCTAssertEqual(try t.int("""
            SELECT count(*) FROM quarantined_bytes q JOIN files f ON f.id = q.file_id WHERE f.name = '\(name)'
            """), 1, "original bytes kept", file: file, line: line)
        XCTAssertEqual(try t.int("SELECT count(*) FROM payments_v1 WHERE source_file = '\(name)'"), 0,
                       "none of its rows count", file: file, line: line)
    }

    func testCorruptAndTruncatedGzip() throws {
        let t = try TestInbox()
        let good = Array(try Data(contentsOf: URL(fileURLWithPath: TestInbox.samples + "/jinsan_ledger_20231231.csv.gz")))
        var corrupt = good
        for i in 20..<40 { corrupt[i] ^= 0x5A }
        try t.writeRaw("jinsan_ledger_20231231.csv.gz", corrupt)
        try t.writeRaw("jinsan_ledger_20240101.csv.gz", Array(good.prefix(good.count / 2)))
        try t.writeRaw("jinsan_ledger_20240102.csv.gz", [])
        try t.ingest()
        try assertQuarantined(t, "jinsan_ledger_20231231.csv.gz", "corrupt")
        try assertQuarantined(t, "jinsan_ledger_20240101.csv.gz", "truncated")
        try assertQuarantined(t, "jinsan_ledger_20240102.csv.gz", "the file is empty (0 bytes)")
    }

    func testMultiMemberGzip() throws {
        let t = try TestInbox()
        let lines = try sampleLines("jinsan_ledger_20231231.csv.gz")
        let head = Array((lines[0...3].joined(separator: "\n") + "\n").utf8)
        let tail = Array((lines[4...].joined(separator: "\n") + "\n").utf8)
        try t.writeRaw("jinsan_ledger_20231231.csv.gz", GzipWriter.compress(head) + GzipWriter.compress(tail))
        try t.ingest()
        XCTAssertEqual(try t.file("jinsan_ledger_20231231.csv.gz")?.status, "ingested")
        XCTAssertEqual(try t.int("SELECT count(*) FROM ledger"), lines.count - 1)
    }

    func testMissingFootersAndTrailers() throws {
        let t = try TestInbox()
        let wx = try sampleLines("wx_1612345678_20231230.csv.gz")
        try t.write("wx_1612345678_20231230.csv.gz", lines: Array(wx.dropLast(2)), crlf: true, bom: false)
        let ali = try sampleLines("2088631234567890_20231230_业务明细.csv.gz", gbk: true)
        try t.write("2088631234567890_20231230_业务明细.csv.gz", lines: Array(ali.dropLast(4)), gbk: true, crlf: true)
        let ccb = try sampleLines("ccbpos_105370455110001_20231231.txt.gz", gbk: true)
        try t.write("ccbpos_105370455110001_20231231.txt.gz", lines: Array(ccb.dropLast()), gbk: true, crlf: true)
        try t.ingest()
        try assertQuarantined(t, "wx_1612345678_20231230.csv.gz", "summary lines missing")
        try assertQuarantined(t, "2088631234567890_20231230_业务明细.csv.gz", "footer lines missing")
        try assertQuarantined(t, "ccbpos_105370455110001_20231231.txt.gz", "T|END missing")
    }

    func testWrongControlTotals() throws {
        let t = try TestInbox()
        var wx = try sampleLines("wx_1612345678_20231230.csv.gz")
        wx[wx.count - 1] = wx[wx.count - 1].replacingOccurrences(of: "`11,", with: "`12,")
        try t.write("wx_1612345678_20231230.csv.gz", lines: wx, crlf: true)
        var bank = try sampleLines("bank_402_2023123001_hp.txt.gz", gbk: true)
        bank[0] = bank[0].replacingOccurrences(of: "|1640.00|4|1640.00|", with: "|1640.00|4|1650.00|")
        try t.write("bank_402_2023123001_hp.txt.gz", lines: bank, gbk: true, crlf: true)
        var ccb = try sampleLines("ccbpos_105370455110001_20231231.txt.gz", gbk: true)
        ccb[0] = ccb[0].replacingOccurrences(of: "|2|", with: "|3|")
        try t.write("ccbpos_105370455110001_20231231.txt.gz", lines: ccb, gbk: true, crlf: true)
        var ali = try sampleLines("2088631234567890_20231230_业务明细.csv.gz", gbk: true)
        let i = try XCTUnwrap(ali.firstIndex(where: { $0.hasPrefix("#交易合计") }))
        ali[i] = ali[i].replacingOccurrences(of: "920.00", with: "930.00")
        try t.write("2088631234567890_20231230_业务明细.csv.gz", lines: ali, gbk: true, crlf: true)
        try t.ingest()
        try assertQuarantined(t, "wx_1612345678_20231230.csv.gz", "总交易单数")
        try assertQuarantined(t, "bank_402_2023123001_hp.txt.gz", "成功笔数/成功金额")
        try assertQuarantined(t, "ccbpos_105370455110001_20231231.txt.gz", "control totals disagree")
        try assertQuarantined(t, "2088631234567890_20231230_业务明细.csv.gz", "交易合计")
    }

    func testBrokenLineQuarantinesAFileWithTotals() throws {
        let t = try TestInbox()
        var bank = try sampleLines("bank_402_2023123001_hp.txt.gz", gbk: true)
        bank[2] = bank[2].replacingOccurrences(of: "|500.00|500.00|", with: "|500.00|5O0.00|")
        try t.write("bank_402_2023123001_hp.txt.gz", lines: bank, gbk: true, crlf: true)
        try t.ingest()
        try assertQuarantined(t, "bank_402_2023123001_hp.txt.gz", "line 3: 实缴金额: amount does not parse")
        XCTAssertEqual(try t.int("SELECT count(*) FROM rejects_v1"), 0, "named in the file's error, not in rejects")
    }

    func testBrokenLinesAreRejectedWhereThereAreNoTotals() throws {
        let t = try TestInbox()
        var zm = try TestInbox.sample("INN23112188ZM_898370448160001.gz")
        let firstLF = try XCTUnwrap(zm.firstIndex(of: 0x0A))
        zm.insert(0x20, at: firstLF)          // line 1 is now 608 bytes wide
        try t.writeRaw("INN23112188ZM_898370448160001.gz", GzipWriter.compress(zm))
        var ledger = try sampleLines("jinsan_ledger_20231231.csv.gz")
        ledger[3] = ledger[3].replacingOccurrences(of: ",380.00,", with: ",38O.00,")
        try t.write("jinsan_ledger_20231231.csv.gz", lines: ledger)
        var roster = try sampleLines("enrollment_20240120.csv.gz")
        roster[5] = roster[5].replacingOccurrences(of: ",医疗,", with: ",医保,")
        try t.write("enrollment_20240120.csv.gz", lines: roster)
        try t.ingest()

        let zmFile = try XCTUnwrap(try t.file("INN23112188ZM_898370448160001.gz"))
        XCTAssertEqual(zmFile.status, "ingested")
        XCTAssertEqual(zmFile.rejected, 1)
        let zmLines = try TestInbox.sample("INN23112188ZM_898370448160001.gz").filter { $0 == 0x0A }.count
        XCTAssertEqual(try t.int("SELECT count(*) FROM payments_v1 WHERE source_file LIKE 'INN%'"), zmLines - 1)
        let rejects = try t.query("SELECT file_name, line_no, reason FROM rejects_v1 ORDER BY file_name")
        XCTAssertEqual(rejects, [
            [.text("INN23112188ZM_898370448160001.gz"), .int(1), .text("wrong line width: expected 607 bytes, got 608")],
            [.text("enrollment_20240120.csv.gz"), .int(6), .text("险种: insurance '医保' is not one of 养老 / 医疗")],
            [.text("jinsan_ledger_20231231.csv.gz"), .int(4), .text("金额: amount does not parse (not a number): '38O.00'")],
        ])
        XCTAssertEqual(try t.int("SELECT count(*) FROM ledger"), ledger.count - 2)
        XCTAssertEqual(try t.int("SELECT count(*) FROM enrollment"), roster.count - 2)
        XCTAssertEqual(try t.query("SELECT raw FROM rejects_v1 WHERE file_name LIKE 'enroll%'"), [[.text(roster[5])]])
    }

    func testBadGBKBytesQuarantine() throws {
        let t = try TestInbox()
        var bytes = try TestInbox.sample("assistance_20231031.csv.gz")
        let secondLine = try XCTUnwrap(bytes.firstIndex(of: 0x0A)) + 1
        let chinese = try XCTUnwrap(bytes[secondLine...].firstIndex(where: { $0 >= 0x81 }))
        bytes[chinese + 1] = 0x20        // a lead byte followed by a space is no GB18030 sequence
        try t.writeRaw("assistance_20231031.csv.gz", GzipWriter.compress(bytes))
        try t.ingest()
        try assertQuarantined(t, "assistance_20231031.csv.gz", "line 2: cannot be decoded as GB18030")
    }

    func testDuplicateDeliveryUnrecognisedNameAndBadHeader() throws {
        let t = try TestInbox()
        try t.copySamples(["bank_103_2023112001_hp.txt.gz"])
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: TestInbox.samples + "/bank_103_2023112001_hp.txt.gz")))
        try t.writeRaw("bank_103_2023112002_hp.txt.gz", bytes)
        try t.writeRaw("statement_of_account.csv.gz", GzipWriter.compress(Array("a,b\n".utf8)))
        var deaths = try sampleLines("deaths_20231105.csv.gz")
        deaths[0] = "证件号码,姓名,死亡日期,来源,通报日期"
        try t.write("deaths_20231105.csv.gz", lines: deaths)
        let first = try t.ingest()
        XCTAssertEqual(first.filesDuplicate, 1)
        XCTAssertEqual(try t.file("bank_103_2023112001_hp.txt.gz")?.status, "ingested")
        XCTAssertEqual(try t.file("bank_103_2023112002_hp.txt.gz")?.status, "duplicate")
        try assertQuarantined(t, "statement_of_account.csv.gz", "unrecognised name")
        try assertQuarantined(t, "deaths_20231105.csv.gz", "header is not the specified one")

        // Running again over the same inbox changes nothing.
        let before = try t.query("SELECT * FROM files_v1 ORDER BY name")
        let again = try t.ingest()
        XCTAssertEqual(again.filesAlreadyReceived, 4)
        XCTAssertEqual(try t.query("SELECT * FROM files_v1 ORDER BY name"), before)
    }

    func testUnionPayYearAcrossNewYear() throws {
        let t = try TestInbox()
        try t.copySamples(["INN24010188ZM_898370448160001.gz"])
        try t.ingest()
        // The file of 2024-01-01 holds 31 December transactions: MMDD 1231 > 0101, so the year is 2023.
        let times = try t.query("SELECT paid_at FROM payments_v1 ORDER BY paid_at").map { $0[0] }
        XCTAssertFalse(times.isEmpty)
        for case .text(let s) in times { XCTAssertTrue(s.hasPrefix("2023-12-31"), s) }
    }

    func testUnionPayWidthsAreBytesWithChineseText() throws {
        let line = try TestInbox.sample("INN23112188ZM_898370448160001.gz").split(separator: 0x0A)[0]
        XCTAssertEqual(line.count, 607)
        let text = TextDecoder(encoding: .gb18030).decode(Array(line))!
        XCTAssertLessThan(text.count, 607, "二级商户简称 holds Chinese: fewer characters than bytes")
    }
}

/// Caps and inbox safety at the file level.
final class InboxSafetyTests: XCTestCase {
    func testDecompressionBombIsQuarantinedWithItsReason() throws {
        let t = try TestInbox()
        // 64 MiB of zeros in a ledger-named file: a ratio of ~1000.
        let bomb = GzipWriter.compress([UInt8](repeating: 0x30, count: 64 << 20), level: 9)
        try t.writeRaw("jinsan_ledger_20231231.csv.gz", bomb)
        try t.copySamples(["jinsan_ledger_20240101.csv.gz"])
        let limits = InflateLimits(maxExpandedBytes: 1 << 30, maxRatio: 100, ratioGraceBytes: 1 << 20)
        let store = try Store(path: t.database)
        let summary = try Ingestor(store: store, reader: FileReader(limits: limits)).ingest(directory: t.inbox)
        XCTAssertEqual(summary.filesQuarantined, 1)
        XCTAssertEqual(summary.filesIngested, 1, "the rest of the inbox still ingests")
        let f = try XCTUnwrap(try t.file("jinsan_ledger_20231231.csv.gz"))
        XCTAssertEqual(f.status, "quarantined")
        XCTAssertTrue(f.error?.contains("ratio") ?? false, f.error ?? "")

        let small = InflateLimits(maxExpandedBytes: 1 << 20, maxRatio: 100_000, ratioGraceBytes: 1 << 30)
        let t2 = try TestInbox()
        try t2.writeRaw("jinsan_ledger_20231231.csv.gz", bomb)
        _ = try Ingestor(store: try Store(path: t2.database), reader: FileReader(limits: small)).ingest(directory: t2.inbox)
        XCTAssertTrue(try t2.file("jinsan_ledger_20231231.csv.gz")?.error?.contains("exceeds the cap") ?? false)
    }

    func testSymlinksDirectoriesAndPartialFilesAreNotRead() throws {
        let t = try TestInbox()
        try t.copySamples(["deaths_20231105.csv.gz"])
        let outside = t.root + "/secret.csv.gz"
        try Data(GzipWriter.compress(Array("x\n".utf8))).write(to: URL(fileURLWithPath: outside))
        try FileManager.default.createSymbolicLink(atPath: t.inbox + "/deaths_20231201.csv.gz", withDestinationPath: outside)
        try FileManager.default.createDirectory(atPath: t.inbox + "/deaths_20231202.csv.gz", withIntermediateDirectories: false)
        try t.copySamples(["employee_insured_20231015.csv.gz"])
        try FileManager.default.moveItem(atPath: t.inbox + "/employee_insured_20231015.csv.gz",
                                         toPath: t.inbox + "/employee_insured_20231015.csv.gz.part")
        let summary = try t.ingest()
        XCTAssertEqual(summary.filesIngested, 1)
        // The link and the folder arrived but can never be ingested: quarantined, never read; the
        // partial file is not complete yet and waits.
        XCTAssertEqual(summary.filesQuarantined, 2)
        XCTAssertEqual(Set(summary.skipped.map(\.name)), ["employee_insured_20231015.csv.gz.part"])
        XCTAssertEqual(try t.query("SELECT name, status, error, sha256 FROM files_v1 WHERE status = 'quarantined' ORDER BY name"), [
            [.text("deaths_20231201.csv.gz"), .text("quarantined"), .text(Inbox.symlinkReason), .text("")],
            [.text("deaths_20231202.csv.gz"), .text("quarantined"), .text(Inbox.directoryReason), .text("")],
        ])
    }
}
