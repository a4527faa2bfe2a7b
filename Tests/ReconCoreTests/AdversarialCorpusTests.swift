import ReconTestSupport
import Foundation
import ReconCore
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The adversarial corpus: hostile and broken arrivals, generated in the real formats into one
/// inbox beside good files, ingested once through the real ingest. Each case ends in a quarantine or
/// a rejected line with a precise reason, the good files still ingest, and the accounting holds over
/// the whole corpus: every arrival one `files_v1` row, every rejected line one `rejects_v1` row,
/// every good payment line one payment.
final class AdversarialCorpusTests: XCTestCase {
    /// What must become of one arrival.
    enum Expect {
        case quarantined(String)
        /// Ingested with exactly these rejected lines (line, reason) and this many data rows.
        case rejected(rows: Int, [(Int, String)])
        case ingested(rows: Int)
    }

    /// The corpus, written and ingested once for all the tests of this class.
    final class Corpus: @unchecked Sendable {
        let inbox = try! TestInbox()
        var expected: [String: Expect] = [:]
        /// Payment lines of ledger-only channels that are not rejected, per ingested ledger file.
        var ledgerPayments: [String: Int] = [:]
        var outside = ""
        var summary = IngestSummary()
        var secondRun = IngestSummary()
    }

    nonisolated(unsafe) static var built: Corpus?
    static let lock = NSLock()

    static func corpus() throws -> Corpus {
        lock.lock()
        defer { lock.unlock() }
        if let built { return built }
        let c = try build()
        built = c
        return c
    }

    /// Static state outlives the test run (XCTest exits without deinitialising it), so the corpus's
    /// folder is removed here or it stays in the temporary directory after every run.
    override class func tearDown() {
        lock.lock()
        defer { lock.unlock() }
        built = nil
        super.tearDown()
    }

    // MARK: building the corpus

    static func sampleLines(_ name: String, gbk: Bool = false) throws -> [String] {
        let bytes = try TestInbox.sample(name)
        let text = gbk ? TextDecoder(encoding: .gb18030).decode(bytes)! : String(decoding: bytes, as: UTF8.self)
        return text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map(String.init)
    }

    /// A gzip file of `count` copies of one member: a huge expansion made cheaply.
    static func repeatedMembers(_ chunk: [UInt8], _ count: Int) -> [UInt8] {
        let member = GzipWriter.compress(chunk, level: 9)
        var out: [UInt8] = []
        out.reserveCapacity(member.count * count)
        for _ in 0..<count { out += member }
        return out
    }

    /// Creates a file whose name is given as bytes (names that are not UTF-8).
    static func writeRawName(_ dir: String, _ name: [UInt8], _ bytes: [UInt8]) throws {
        let path = Array(dir.utf8) + [0x2F] + name + [0]
        let fd = path.withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
        }
        guard fd >= 0 else { throw NSError(domain: "open", code: Int(errno)) }
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    static func build() throws -> Corpus {
        let c = Corpus()
        let t = c.inbox
        func gz(_ name: String, _ lines: [String], gbk: Bool = false, crlf: Bool = false, expect: Expect) throws {
            try t.write(name, lines: lines, gbk: gbk, crlf: crlf)
            c.expected[name] = expect
        }
        func raw(_ name: String, _ bytes: [UInt8], expect: Expect) throws {
            try t.writeRaw(name, bytes)
            c.expected[name] = expect
        }
        func text(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }

        // Good files: the rest of the inbox, which must still ingest.
        try t.copySamples(["wx_1612345678_20231230.csv.gz", "enrollment_20240120.csv.gz", "deaths_20231105.csv.gz"])
        let wxRows = try sampleLines("wx_1612345678_20231230.csv.gz").count - 3   // header and two summary lines
        c.expected["wx_1612345678_20231230.csv.gz"] = .ingested(rows: wxRows)
        c.expected["enrollment_20240120.csv.gz"] = .ingested(rows: try sampleLines("enrollment_20240120.csv.gz").count - 1)
        c.expected["deaths_20231105.csv.gz"] = .ingested(rows: try sampleLines("deaths_20231105.csv.gz").count - 1)
        try gz("jinsan_ledger_20240110.csv.gz", LedgerFixture.file(1, good: 4), expect: .ingested(rows: 4))
        c.ledgerPayments["jinsan_ledger_20240110.csv.gz"] = 4

        // Gzip bomb: a valid header, then 10 GiB of empty lines in 10 MB (default caps: ratio 250 after 64 MiB).
        let bombHead = GzipWriter.compress(Array((LedgerFixture.header + "\n").utf8))
        try raw("jinsan_ledger_20240111.csv.gz", bombHead + repeatedMembers([UInt8](repeating: 0x0A, count: 64 << 20), 160),
                expect: .quarantined("compression ratio"))
        // One line of 300 MB without a newline (the 16 MiB line cap stops it long before).
        try raw("jinsan_ledger_20240112.csv.gz",
                bombHead + repeatedMembers([UInt8](repeating: 0x61, count: 1 << 20), 300),
                expect: .quarantined("line 2: longer than 16777216 bytes without a line end"))
        // NUL bytes inside a line.
        var nul = text(LedgerFixture.file(2))
        nul.insert(contentsOf: [0, 0, 0], at: nul.count - 20)
        try raw("jinsan_ledger_20240113.csv.gz", GzipWriter.compress(nul),
                expect: .quarantined("line 4: NUL byte at byte"))
        // Invalid GBK: a lead byte followed by a space, in an Alipay statement (GBK, control totals).
        var ali = GB18030.encode(try sampleLines("2088631234567890_20231230_业务明细.csv.gz", gbk: true).joined(separator: "\r\n") + "\r\n")
        let aliLine5 = ali.indices.filter { ali[$0] == 0x0A }[3] + 1
        let lead = try XCTUnwrap(ali[aliLine5...].firstIndex(where: { $0 >= 0x81 }))
        ali[lead + 1] = 0x20
        try raw("2088631234567890_20231230_业务明细.csv.gz", GzipWriter.compress(ali),
                expect: .quarantined("line 5: cannot be decoded as GB18030 (invalid or cut-off byte sequence at byte"))
        // Truncated GBK: a line of a GBK bank statement ends in the first byte of a character.
        var bank = try sampleLines("bank_402_2023123001_hp.txt.gz", gbk: true).map { GB18030.encode($0) }
        bank[2] = bank[2] + [0xD5]
        try raw("bank_402_2023123001_hp.txt.gz", GzipWriter.compress(Array(bank.map { $0 + [0x0D, 0x0A] }.joined())),
                expect: .quarantined("line 3: cannot be decoded as GB18030"))
        // A byte-order mark in the middle (two exports joined).
        var joined = LedgerFixture.file(3)
        joined[2] = "\u{FEFF}" + joined[2]
        try gz("jinsan_ledger_20240114.csv.gz", joined, expect: .quarantined("line 3: byte-order mark (EF BB BF) at byte 1, inside the file"))
        // Mixed CRLF and LF: read as lines either way.
        let mixed = LedgerFixture.file(4, good: 5)
        let mixedText = mixed.enumerated().map { $0.element + ($0.offset % 2 == 0 ? "\r\n" : "\n") }.joined()
        try raw("jinsan_ledger_20240115.csv.gz", GzipWriter.compress(Array(mixedText.utf8)), expect: .ingested(rows: 5))
        c.ledgerPayments["jinsan_ledger_20240115.csv.gz"] = 5
        // Thousands of fields on one line.
        try gz("jinsan_ledger_20240116.csv.gz",
               LedgerFixture.file(5, extra: [LedgerFixture.line(5, 90) + String(repeating: ",x", count: 5000), LedgerFixture.line(5, 91)]),
               expect: .rejected(rows: 5, [(5, "too many fields: more than 4096 (expected 13)")]))
        c.ledgerPayments["jinsan_ledger_20240116.csv.gz"] = 4
        // Amounts: beyond Int64, negative for a payment, too many decimals.
        try gz("jinsan_ledger_20240117.csv.gz",
               LedgerFixture.file(6, extra: [LedgerFixture.line(6, 90, amount: "99999999999999999999.00"), LedgerFixture.line(6, 91, amount: "-380.00"),
                                 LedgerFixture.line(6, 92, amount: "380.001"), LedgerFixture.line(6, 93)]),
               expect: .rejected(rows: 7, [
                   (5, "金额: amount does not parse (out of range): '99999999999999999999.00'"),
                   (6, "金额: sign does not fit 缴费类型 (must not be negative)"),
                   (7, "金额: amount does not parse (too many decimals): '380.001'"),
               ]))
        c.ledgerPayments["jinsan_ledger_20240117.csv.gz"] = 4
        // Dates that are no calendar dates: 30 February, month 13.
        try gz("jinsan_ledger_20240118.csv.gz",
               LedgerFixture.file(7, extra: [LedgerFixture.line(7, 90, paidAt: "2023-02-30 10:00:00"), LedgerFixture.line(7, 91, booked: "2023-13-01")]),
               expect: .rejected(rows: 5, [
                   (5, "缴款时间: time does not parse as yyyy-MM-dd HH:mm:ss: '2023-02-30 10:00:00'"),
                   (6, "入库日期: date does not parse: '2023-13-01'"),
               ]))
        c.ledgerPayments["jinsan_ledger_20240118.csv.gz"] = 3
        // SQL and quotes in fields: stored verbatim, harmless.
        try gz("jinsan_ledger_20240119.csv.gz",
               LedgerFixture.file(8, good: 1, extra: [LedgerFixture.line(8, 1, name: "'); DROP TABLE payments; --"),
                                          LedgerFixture.line(8, 2, name: "欧阳\"娜'娜\"")]),
               expect: .ingested(rows: 3))
        c.ledgerPayments["jinsan_ledger_20240119.csv.gz"] = 3
        // Empty content, a zero-byte file, a gzip header without a body.
        try raw("jinsan_ledger_20240120.csv.gz", GzipWriter.compress([]), expect: .quarantined("empty file: header missing"))
        try raw("jinsan_ledger_20240121.csv.gz", [], expect: .quarantined("gzip stream truncated"))
        try raw("jinsan_ledger_20240122.csv.gz", Array(GzipWriter.compress(text(LedgerFixture.file(9))).prefix(10)),
                expect: .quarantined("gzip stream truncated"))
        // Names: `..`, a newline, spaces (all still recognised), and bytes that are not UTF-8.
        try gz("jinsan_ledger_..20240123.csv.gz", LedgerFixture.file(10), expect: .quarantined("unrecognised name"))
        try gz("wx_..\n.._20240124.csv.gz", LedgerFixture.file(11), expect: .quarantined("line 1: header is not the wechat header"))
        try gz("jinsan ledger 20240125.csv.gz", LedgerFixture.file(12), expect: .quarantined("unrecognised name"))
        try writeRawName(t.inbox, Array("wx_".utf8) + [0xFF, 0xFE, 0x80] + Array("_20240126.csv.gz".utf8),
                         GzipWriter.compress(text(LedgerFixture.file(13))))
        c.expected["wx_\\xFF\\xFE\\x80_20240126.csv.gz"] = .quarantined(Inbox.badNameReason)
        // A link out of the inbox (never followed) and a folder where a file should be.
        c.outside = t.root + "/outside-secret.csv.gz"
        try Data(GzipWriter.compress(text(LedgerFixture.file(14)))).write(to: URL(fileURLWithPath: c.outside))
        try FileManager.default.createSymbolicLink(atPath: t.inbox + "/jinsan_ledger_20240127.csv.gz", withDestinationPath: c.outside)
        c.expected["jinsan_ledger_20240127.csv.gz"] = .quarantined(Inbox.symlinkReason)
        try FileManager.default.createDirectory(atPath: t.inbox + "/jinsan_ledger_20240128.csv.gz", withIntermediateDirectories: false)
        c.expected["jinsan_ledger_20240128.csv.gz"] = .quarantined(Inbox.directoryReason)

        let store = try Store(path: t.database)
        c.summary = try Ingestor(store: store).ingest(directory: t.inbox)
        c.secondRun = try Ingestor(store: store).ingest(directory: t.inbox)
        return c
    }

    // MARK: checking one case

    func check(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let c = try Self.corpus()
        let t = c.inbox
        let expect = try XCTUnwrap(c.expected[name], "no such case", file: file, line: line)
        let rows = try t.query("SELECT status, error, rows, rejected_rows FROM files_v1 WHERE name = '\(name.replacingOccurrences(of: "'", with: "''"))'")
        XCTAssertEqual(rows.count, 1, "exactly one files_v1 row for \(name)", file: file, line: line)
        guard let row = rows.first, case .text(let status) = row[0] else { return }
        let error: String? = { if case .text(let e) = row[1] { return e }; return nil }()
        let rejects = try t.query("SELECT line_no, reason FROM rejects_v1 WHERE file_name = '\(name.replacingOccurrences(of: "'", with: "''"))' ORDER BY line_no")
            .map { r -> (Int, String) in
                guard case .int(let l) = r[0], case .text(let s) = r[1] else { return (0, "") }
                return (Int(l), s)
            }
        switch expect {
        case .quarantined(let reason):
            XCTAssertEqual(status, "quarantined", "\(name): \(error ?? "")", file: file, line: line)
            XCTAssertTrue(error?.contains(reason) ?? false, "\(name): error '\(error ?? "nil")' lacks '\(reason)'", file: file, line: line)
            XCTAssertTrue(rejects.isEmpty, file: file, line: line)
        case .rejected(let n, let lines):
            XCTAssertEqual(status, "ingested", "\(name): \(error ?? "")", file: file, line: line)
            XCTAssertEqual(row[2], .int(Int64(n)), "rows of \(name)", file: file, line: line)
            XCTAssertEqual(row[3], .int(Int64(lines.count)), file: file, line: line)
            XCTAssertEqual(rejects.map(\.0), lines.map(\.0), file: file, line: line)
            XCTAssertEqual(rejects.map(\.1), lines.map(\.1), file: file, line: line)
        case .ingested(let n):
            XCTAssertEqual(status, "ingested", "\(name): \(error ?? "")", file: file, line: line)
            XCTAssertEqual(row[2], .int(Int64(n)), "rows of \(name)", file: file, line: line)
            XCTAssertTrue(rejects.isEmpty, "\(rejects)", file: file, line: line)
        }
    }

    // MARK: one test per case

    func testGzipBombIsStoppedByTheRatioCap() throws { try check("jinsan_ledger_20240111.csv.gz") }
    func testLineOfHundredsOfMegabytesWithoutNewline() throws { try check("jinsan_ledger_20240112.csv.gz") }
    func testNULBytes() throws { try check("jinsan_ledger_20240113.csv.gz") }
    func testInvalidGBKSequence() throws { try check("2088631234567890_20231230_业务明细.csv.gz") }
    func testTruncatedGBKSequence() throws { try check("bank_402_2023123001_hp.txt.gz") }
    func testByteOrderMarkInTheMiddle() throws { try check("jinsan_ledger_20240114.csv.gz") }
    func testMixedCRLFAndLF() throws { try check("jinsan_ledger_20240115.csv.gz") }
    func testThousandsOfFields() throws { try check("jinsan_ledger_20240116.csv.gz") }
    func testAmountsOverflowingNegativeAndWithTooManyDecimals() throws { try check("jinsan_ledger_20240117.csv.gz") }
    func testFebruary30AndMonth13() throws { try check("jinsan_ledger_20240118.csv.gz") }
    func testEmptyFile() throws { try check("jinsan_ledger_20240120.csv.gz") }
    func testZeroByteFile() throws { try check("jinsan_ledger_20240121.csv.gz") }
    func testHeaderOnlyGzip() throws { try check("jinsan_ledger_20240122.csv.gz") }
    func testNameWithDotDot() throws { try check("jinsan_ledger_..20240123.csv.gz") }
    func testNameWithNewline() throws { try check("wx_..\n.._20240124.csv.gz") }
    func testNameWithSpaces() throws { try check("jinsan ledger 20240125.csv.gz") }
    func testNameNotUTF8() throws {
        try check("wx_\\xFF\\xFE\\x80_20240126.csv.gz")
        // Its bytes are kept like any quarantined file's.
        let c = try Self.corpus()
        XCTAssertEqual(try c.inbox.int("""
            SELECT length(q.bytes) FROM quarantined_bytes q JOIN files f ON f.id = q.file_id
            WHERE f.name = 'wx_\\xFF\\xFE\\x80_20240126.csv.gz'
            """), GzipWriter.compress(Array((LedgerFixture.file(13).joined(separator: "\n") + "\n").utf8)).count)
    }

    func testSymlinkOutOfTheInboxIsNeverFollowed() throws {
        try check("jinsan_ledger_20240127.csv.gz")
        let c = try Self.corpus()
        XCTAssertEqual(try c.inbox.int("""
            SELECT length(q.bytes) FROM quarantined_bytes q JOIN files f ON f.id = q.file_id
            WHERE f.name = 'jinsan_ledger_20240127.csv.gz'
            """), 0, "nothing read through the link")
        XCTAssertEqual(try c.inbox.int("SELECT count(*) FROM ledger WHERE ticket LIKE '314%'"), 0)
    }

    func testDirectoryWhereAFileIsExpected() throws { try check("jinsan_ledger_20240128.csv.gz") }

    func testQuotesAndSQLInFieldsAreStoredVerbatim() throws {
        try check("jinsan_ledger_20240119.csv.gz")
        let c = try Self.corpus()
        let names = try c.inbox.query("SELECT name FROM payments_v1 WHERE source_file = 'jinsan_ledger_20240119.csv.gz' ORDER BY source_line")
        XCTAssertEqual(names, [[.text("孙兰婷")], [.text("'); DROP TABLE payments; --")], [.text("欧阳\"娜'娜\"")]])
    }

    func testTheRestOfTheInboxStillIngests() throws {
        for name in ["wx_1612345678_20231230.csv.gz", "enrollment_20240120.csv.gz", "deaths_20231105.csv.gz",
                     "jinsan_ledger_20240110.csv.gz"] {
            try check(name)
        }
    }

    /// A file that grows while it is read is not stored torn: it is left for the next run.
    func testFileChangingWhileReadIsLeftForTheNextRun() throws {
        let t = try TestInbox()
        try t.write("jinsan_ledger_20240110.csv.gz", lines: LedgerFixture.file(1))
        let path = t.inbox + "/jinsan_ledger_20240110.csv.gz"
        XCTAssertThrowsError(try Inbox.read(rawPath: Array(path.utf8), shownAs: path, afterOpen: {
            let h = FileHandle(forWritingAtPath: path)!
            h.seekToEndOfFile()
            h.write(Data([0x1F, 0x8B]))
            try? h.close()
        })) { error in
            XCTAssertTrue("\(error)".contains("changed while it was read (still being written)"), "\(error)")
        }
        // Once it holds still, it is read whole.
        XCTAssertEqual(try Inbox.read(path).count, Int(try FileManager.default.attributesOfItem(atPath: path)[.size] as! UInt64))
    }

    // MARK: the accounting over the whole corpus

    func testEveryArrivalIsAccountedForExactlyOnce() throws {
        let c = try Self.corpus()
        let t = c.inbox
        // Every arrival: exactly one files_v1 row with a status, and nothing else.
        let files = try t.query("SELECT name, status FROM files_v1")
        var byName: [String: Int] = [:]
        for r in files { if case .text(let n) = r[0] { byName[n, default: 0] += 1 } }
        XCTAssertEqual(Set(byName.keys), Set(c.expected.keys))
        XCTAssertEqual(byName.values.filter { $0 != 1 }, [])
        XCTAssertEqual(try t.int("SELECT count(*) FROM files_v1 WHERE status NOT IN ('ingested', 'duplicate', 'quarantined')"), 0)
        XCTAssertEqual(c.summary.filesSeen, c.expected.count)
        XCTAssertEqual(c.summary.skipped, [], "nothing left unaccounted in the inbox")
        // Every rejected line: one rejects_v1 row, counted in its file's rejected_rows.
        XCTAssertEqual(try t.int("SELECT count(*) FROM rejects_v1"), try t.int("SELECT sum(rejected_rows) FROM files_v1"))
        let expectedRejects = c.expected.values.reduce(0) { n, e in
            if case .rejected(_, let l) = e { return n + l.count }
            return n
        }
        XCTAssertEqual(try t.int("SELECT count(*) FROM rejects_v1"), expectedRejects)
        // Quarantined files contribute no row anywhere, and keep their bytes.
        for table in ["records", "ledger", "enrollment", "deaths", "rejects"] {
            XCTAssertEqual(try t.int("SELECT count(*) FROM \(table) x JOIN files f ON f.id = x.file_id WHERE f.status <> 'ingested'"), 0, table)
        }
        XCTAssertEqual(try t.int("SELECT count(*) FROM quarantined_bytes"), try t.int("SELECT count(*) FROM files_v1 WHERE status = 'quarantined'"))
        // Payments: the good payment lines of the statement and the ledger-only rows of the ledgers, once each.
        let goodLedgerPayments = c.ledgerPayments.values.reduce(0, +)
        let wx = try t.int("SELECT rows - rejected_rows FROM files_v1 WHERE name = 'wx_1612345678_20231230.csv.gz'")
        XCTAssertEqual(try t.int("SELECT count(*) FROM payments_v1"), wx + goodLedgerPayments)
        XCTAssertEqual(try t.int("SELECT count(*) FROM records"), wx + goodLedgerPayments, "no sighting twice")
        // Every good data line of an ingested file is stored once.
        for (name, e) in c.expected {
            guard case .ingested(let rows) = e, name.hasPrefix("jinsan") else { continue }
            XCTAssertEqual(try t.int("SELECT count(*) FROM ledger l JOIN files f ON f.id = l.file_id WHERE f.name = '\(name)'"), rows, name)
        }
        // A second run over the same inbox adds nothing.
        XCTAssertEqual(c.secondRun.filesAlreadyReceived, c.expected.count)
        XCTAssertEqual(c.secondRun.filesIngested + c.secondRun.filesQuarantined + c.secondRun.filesDuplicate, 0)
    }
}
