import Foundation
import ReconTestSupport
import XCTest
@testable import ReconCore

/// ISA-L's igzip under `GzipReader` (`InflateEngine.igzip`), the engine files are read with: it
/// gives zlib's bytes for every stream zlib accepts, refuses every stream zlib refuses, and a file
/// it refuses is read again with zlib, so the verdict and the reason are zlib's.
final class IgzipEngineTests: XCTestCase {
    private func text(_ count: Int, seed: UInt64) -> [UInt8] {
        var rng = seed
        let words = ["证件号码", "370406", "20231", "wx", "养老", ",", "\n", "缴费", "0.00", "山亭区"].map { Array($0.utf8) }
        var out: [UInt8] = []
        while out.count < count {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            out += words[Int(rng >> 33) % words.count]
        }
        return Array(out.prefix(count))
    }

    /// The engines' verdicts on one stream: the same bytes, or both refusing it.
    private func assertSameVerdict(_ gz: [UInt8], _ what: String, limits: InflateLimits = .default,
                                   file: StaticString = #filePath, line: UInt = #line) {
        let zlib = Result { try GzipReader.inflate(gz, limits: limits, engine: .zlib) }
        let igzip = Result { try GzipReader.inflate(gz, limits: limits, engine: .igzip) }
        switch (zlib, igzip) {
        case (.success(let a), .success(let b)): XCTAssertEqual(a, b, what, file: file, line: line)
        case (.failure, .failure): break
        case (.success, .failure(let e)): XCTFail("\(what): igzip refused what zlib reads: \(e)", file: file, line: line)
        case (.failure(let e), .success): XCTFail("\(what): igzip read what zlib refuses (\(e))", file: file, line: line)
        }
    }

    func testEverySampleInflatesToZlibsBytes() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestInbox.samples).filter { $0.hasSuffix(".gz") }
        XCTAssertGreaterThan(names.count, 20)
        for name in names {
            let gz = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestInbox.samples + "/" + name)))
            assertSameVerdict(gz, name)
        }
    }

    func testMembersPaddingAndLevels() {
        let a = text(100_000, seed: 1), b = text(70_000, seed: 2)
        assertSameVerdict(GzipWriter.compress(a) + GzipWriter.compress([]) + GzipWriter.compress(b, level: 9)
                          + GzipWriter.compress(Array("tail\n".utf8)), "four members")
        assertSameVerdict(GzipWriter.compress(a, level: 0) + GzipWriter.compress(b, level: 1), "stored and fast")
        assertSameVerdict(GzipWriter.compress(a) + [0, 0, 0, 0], "padding")
        assertSameVerdict(GzipWriter.compress([]), "empty payload")
        XCTAssertEqual(try GzipReader.inflate(GzipWriter.compress(a) + GzipWriter.compress(b), engine: .igzip), a + b)
    }

    /// Damaged streams of every kind zlib refuses: flipped bytes anywhere, the header's method, the
    /// trailer's CRC and length, cuts, what follows a member.
    func testDamagedStreamsAreRefusedByBoth() {
        let gz = GzipWriter.compress(text(200_000, seed: 3))
        for position in stride(from: 0, to: gz.count, by: max(1, gz.count / 97)) + Array(gz.count - 8..<gz.count) {
            var bad = gz
            bad[position] ^= 0x5a
            assertSameVerdict(bad, "byte \(position) flipped")
        }
        for cut in [1, 2, 5, 10, 11, gz.count / 2, gz.count - 8, gz.count - 4, gz.count - 1] {
            assertSameVerdict(Array(gz[..<cut]), "cut at \(cut)")
        }
        assertSameVerdict(gz + Array("hello".utf8), "text after a member")
        assertSameVerdict(gz + [0, 0, 0, 7], "data after padding")
        assertSameVerdict(gz + [0x1f, 0x9c, 0, 0, 0, 0, 0, 0, 0, 0], "not a member after a member")
        let two = gz + GzipWriter.compress(text(1000, seed: 4))
        assertSameVerdict(Array(two[..<(gz.count + 15)]), "second member cut")
    }

    func testLimitsHoldUnderIgzip() {
        let zeros = [UInt8](repeating: 0, count: 5_000_000)
        let strict = InflateLimits(maxExpandedBytes: 1 << 30, maxRatio: 100, ratioGraceBytes: 1 << 20)
        XCTAssertThrowsError(try GzipReader.inflate(GzipWriter.compress(zeros), limits: strict, engine: .igzip)) { e in
            guard case .ratioExceeded? = e as? GzipError else { return XCTFail("\(e)") }
        }
        let capped = InflateLimits(maxExpandedBytes: 1 << 20, maxRatio: 1 << 20, ratioGraceBytes: 1 << 30)
        XCTAssertThrowsError(try GzipReader.inflate(GzipWriter.compress(zeros), limits: capped, engine: .igzip)) { e in
            XCTAssertEqual(e as? GzipError, .tooLarge(limit: 1 << 20))
        }
    }

    /// A file igzip refuses is read again with zlib: the reason quarantined is zlib's own.
    func testAFileIgzipRefusesGetsZlibsReason() throws {
        let t = try TestInbox()
        let lines = LedgerFixture.file(1, good: 500)
        try t.write("jinsan_ledger_20240110.csv.gz", lines: lines)
        var gz = [UInt8](try Data(contentsOf: URL(fileURLWithPath: t.inbox + "/jinsan_ledger_20240110.csv.gz")))
        let reader = FileReader()
        let good = reader.read(name: "jinsan_ledger_20240110.csv.gz", bytes: gz, sha256: "")
        XCTAssertFalse(good.isQuarantined)
        XCTAssertEqual(good.dataRows, lines.count - 1)
        gz[gz.count - 8] ^= 0x01   // the trailer's CRC
        let bad = reader.read(name: "jinsan_ledger_20240110.csv.gz", bytes: gz, sha256: "")
        XCTAssertTrue(bad.isQuarantined)
        guard case .quarantined(let error) = bad.outcome else { return XCTFail("not quarantined") }
        XCTAssertTrue("\(error)".contains("incorrect data check"), "\(error)")
        XCTAssertEqual(bad.dataRows, 0)
    }
}
