import Foundation
import ReconTestSupport
import XCTest
@testable import ReconCore

final class GzipReaderTests: XCTestCase {
    static let samples = TestInbox.samples

    // MARK: helpers

    /// Deterministic pseudo-random text-like bytes (compressible, but not trivially).
    private func textBytes(_ count: Int, seed: UInt64 = 42) -> [UInt8] {
        var state = seed
        var out = [UInt8]()
        out.reserveCapacity(count)
        let alphabet = Array("0123456789,.-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop \n".utf8)
        while out.count < count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            out.append(alphabet[Int((state >> 33) % UInt64(alphabet.count))])
        }
        return out
    }

    /// Incompressible bytes.
    private func randomBytes(_ count: Int, seed: UInt64 = 7) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    private func readAll(_ reader: GzipReader, maxChunk: inout Int) throws -> [UInt8] {
        var out: [UInt8] = []
        while try reader.next({ chunk in
            maxChunk = max(maxChunk, chunk.count)
            out.append(contentsOf: chunk)
        }) {}
        return out
    }

    private func expectError(_ data: [UInt8], limits: InflateLimits = .default,
                             file: StaticString = #filePath, line: UInt = #line) -> GzipError? {
        do {
            _ = try GzipReader.inflate(data, limits: limits)
            XCTFail("expected an error", file: file, line: line)
            return nil
        } catch let e as GzipError {
            return e
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return nil
        }
    }

    private func tempFile(_ bytes: [UInt8]) throws -> String {
        let folder = try TemporaryFolder("gzr")
        let path = folder.file("t.gz")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder.path) }
        return path
    }

    private func run(_ tool: String, _ args: [String]) throws -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "\(tool) \(args) failed")
        return [UInt8](data)
    }

    private func sampleFiles() throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.samples)
        return names.filter { $0.hasSuffix(".gz") }.sorted().map { Self.samples + "/" + $0 }
    }

    // MARK: round trips

    func testRoundTripSmallAndCounters() throws {
        let data = Array("证件号码,姓名\n110101199003074514,张三\n".utf8)
        let gz = GzipWriter.compress(data)
        XCTAssertEqual(Array(gz.prefix(2)), [0x1f, 0x8b])
        let reader = GzipReader(compressed: gz)
        var max = 0
        XCTAssertEqual(try readAll(reader, maxChunk: &max), data)
        XCTAssertEqual(reader.expandedBytes, Int64(data.count))
        XCTAssertEqual(reader.compressedBytes, Int64(gz.count))
        // The end is sticky and does not call the body again.
        XCTAssertFalse(try reader.next { _ in XCTFail("body called after the end") })
    }

    func testEmptyPayloadIsValid() throws {
        XCTAssertEqual(try GzipReader.inflate(GzipWriter.compress([])), [])
    }

    func testLargeOutputIsChunked() throws {
        let data = textBytes(3 << 20 + 12345)
        let gz = GzipWriter.compress(data, level: 1)
        let reader = GzipReader(compressed: gz)
        var maxChunk = 0
        var chunks = 0
        var out: [UInt8] = []
        while try reader.next({ out.append(contentsOf: $0); maxChunk = max(maxChunk, $0.count); chunks += 1 }) {}
        XCTAssertEqual(out, data)
        XCTAssertLessThanOrEqual(maxChunk, GzipReader.outputChunkSize)
        XCTAssertGreaterThanOrEqual(chunks, 4)
    }

    func testFromPathAcrossInputChunks() throws {
        // Incompressible: the compressed file spans several 1 MiB input reads.
        let data = randomBytes(3 << 20)
        let path = try tempFile(GzipWriter.compress(data))
        let reader = try GzipReader(path: path)
        var max = 0
        XCTAssertEqual(try readAll(reader, maxChunk: &max), data)
        XCTAssertGreaterThan(reader.compressedBytes, Int64(3 << 20))
    }

    func testSamplesMatchZcat() throws {
        let files = try sampleFiles()
        XCTAssertGreaterThan(files.count, 20)
        for path in files {
            let expected = try run("/usr/bin/gzip", ["-dc", path])
            let reader = try GzipReader(path: path)
            var max = 0
            let got = try readAll(reader, maxChunk: &max)
            XCTAssertEqual(got, expected, path)
            XCTAssertFalse(got.isEmpty, path)
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
            XCTAssertEqual(reader.compressedBytes, Int64(size), path)
        }
    }

    func testSampleLedgerWithTwoMembers() throws {
        let path = Self.samples + "/jinsan_ledger_20231120.csv.gz"
        let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        // Find where the second member starts by inflating the first one alone with a
        // copy cut just before each candidate header.
        var secondStart: Int?
        for i in 10..<(raw.count - 10) where raw[i] == 0x1f && raw[i + 1] == 0x8b && raw[i + 2] == 0x08 {
            if (try? GzipReader.inflate(Array(raw[..<i]))) != nil { secondStart = i; break }
        }
        let split = try XCTUnwrap(secondStart, "sample should have two members")
        let first = try GzipReader.inflate(Array(raw[..<split]))
        let second = try GzipReader.inflate(Array(raw[split...]))
        let whole = try GzipReader.inflate(raw)
        XCTAssertEqual(whole, first + second)
        XCTAssertEqual(whole, try run("/usr/bin/zcat", [path]))
        XCTAssertFalse(second.isEmpty)
    }

    func testConcatenatedMembers() throws {
        let a = textBytes(100_000, seed: 1), b = textBytes(70_000, seed: 2), c = Array("tail\n".utf8)
        let gz = GzipWriter.compress(a) + GzipWriter.compress([]) + GzipWriter.compress(b, level: 9) + GzipWriter.compress(c)
        XCTAssertEqual(try GzipReader.inflate(gz), a + b + c)
        let reader = try GzipReader(path: try tempFile(gz))
        var max = 0
        XCTAssertEqual(try readAll(reader, maxChunk: &max), a + b + c)
    }

    /// The second member's magic bytes straddle the 1 MiB read boundary.
    func testMemberHeaderSplitAcrossReads() throws {
        let target = GzipReader.inputChunkSize - 1
        var n = target - 200
        var first = GzipWriter.compress(randomBytes(n), level: 0)
        for _ in 0..<10 where first.count != target {
            n += target - first.count
            first = GzipWriter.compress(randomBytes(n), level: 0)
        }
        XCTAssertEqual(first.count, target)
        let b = textBytes(5000)
        let path = try tempFile(first + GzipWriter.compress(b))
        let reader = try GzipReader(path: path)
        var max = 0
        XCTAssertEqual(try readAll(reader, maxChunk: &max), randomBytes(n) + b)
    }

    func testTrailingZeroPaddingIsTolerated() throws {
        let a = textBytes(10_000)
        XCTAssertEqual(try GzipReader.inflate(GzipWriter.compress(a) + [0, 0, 0, 0]), a)
        // Padding spanning several reads from disk.
        let path = try tempFile(GzipWriter.compress(a) + [UInt8](repeating: 0, count: (2 << 20) + 17))
        let reader = try GzipReader(path: path)
        var max = 0
        XCTAssertEqual(try readAll(reader, maxChunk: &max), a)
    }

    func testGarbageAfterMemberIsCorrupt() throws {
        let gz = GzipWriter.compress(textBytes(1000))
        guard case .corrupt(let msg)? = expectError(gz + Array("hello".utf8)) else {
            return XCTFail("expected corrupt")
        }
        XCTAssertTrue(msg.contains("offset \(gz.count)"), msg)
        // Zero padding followed by something else.
        guard case .corrupt? = expectError(gz + [0, 0, 0, 7]) else { return XCTFail("expected corrupt") }
        // A second "member" that is not gzip (zlib format).
        guard case .corrupt? = expectError(gz + [0x1f, 0x9c, 0, 0, 0, 0, 0, 0, 0, 0]) else {
            return XCTFail("expected corrupt")
        }
    }

    // MARK: damaged input

    func testFlippedDeflateBytesAreCorrupt() throws {
        let data = textBytes(200_000)
        let gz = GzipWriter.compress(data)
        for position in [20, gz.count / 3, gz.count / 2, gz.count - 12] {
            var bad = gz
            bad[position] ^= 0xff
            let err = expectError(bad)
            guard case .corrupt(let msg)? = err else {
                XCTFail("flip at \(position): expected corrupt, got \(String(describing: err))")
                continue
            }
            XCTAssertTrue(msg.contains("offset"), msg)
        }
    }

    func testDamagedHeaderAndTrailer() throws {
        let gz = GzipWriter.compress(textBytes(5000))
        var method = gz
        method[2] = 7   // compression method must be 8 (deflate)
        guard case .corrupt? = expectError(method) else { return XCTFail("bad method") }
        var crc = gz
        crc[gz.count - 8] ^= 0x01
        guard case .corrupt(let crcMsg)? = expectError(crc) else { return XCTFail("bad crc") }
        XCTAssertTrue(crcMsg.contains("incorrect data check"), crcMsg)
        var length = gz
        length[gz.count - 4] ^= 0x01
        guard case .corrupt(let lenMsg)? = expectError(length) else { return XCTFail("bad length") }
        XCTAssertTrue(lenMsg.contains("incorrect length check"), lenMsg)
    }

    func testTruncated() throws {
        let gz = GzipWriter.compress(textBytes(300_000))
        for cut in [1, 2, 5, 10, gz.count / 2, gz.count - 8, gz.count - 1] {
            XCTAssertEqual(expectError(Array(gz[..<cut])), .truncated, "cut at \(cut)")
        }
        // Second member cut off.
        let two = gz + GzipWriter.compress(textBytes(1000))
        XCTAssertEqual(expectError(Array(two[..<(gz.count + 15)])), .truncated)
        // From disk.
        let reader = try GzipReader(path: try tempFile(Array(gz[..<(gz.count - 3)])))
        XCTAssertThrowsError(try { while try reader.next({ _ in }) {} }()) { error in
            XCTAssertEqual(error as? GzipError, .truncated)
        }
    }

    func testNotGzip() throws {
        XCTAssertEqual(expectError(Array("证件号码,姓名\n".utf8)), .notGzip)
        XCTAssertEqual(expectError([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]), .notGzip) // zlib format
        XCTAssertEqual(expectError([0x50]), .notGzip)
    }

    func testEmptyInputIsEmptyNotTruncated() throws {
        XCTAssertEqual(expectError([]), .empty)
        let reader = try GzipReader(path: try tempFile([]))
        XCTAssertThrowsError(try reader.next { _ in }) { XCTAssertEqual($0 as? GzipError, .empty) }
        XCTAssertTrue(GzipError.empty.description.contains("0 bytes"), GzipError.empty.description)
    }

    func testMissingFileIsIOError() {
        XCTAssertThrowsError(try GzipReader(path: "/nonexistent/dir/x.gz")) { error in
            guard case .io(let msg)? = error as? GzipError else { return XCTFail("\(error)") }
            XCTAssertTrue(msg.contains("No such file"), msg)
        }
    }

    func testErrorIsSticky() throws {
        let reader = GzipReader(compressed: Array("plain".utf8))
        XCTAssertThrowsError(try reader.next { _ in })
        XCTAssertThrowsError(try reader.next { _ in }) { XCTAssertEqual($0 as? GzipError, .notGzip) }
    }

    // MARK: bombs

    /// 200 MB of zeros in one member (~200 KB compressed).
    private static let bomb: [UInt8] = GzipWriter.compress([UInt8](repeating: 0, count: 200_000_000))

    func testBombStoppedByAbsoluteCap() throws {
        let bomb = Self.bomb
        XCTAssertLessThan(bomb.count, 1_000_000)
        let cap: Int64 = 20 << 20
        let reader = GzipReader(compressed: bomb, limits: InflateLimits(maxExpandedBytes: cap, maxRatio: 1_000_000))
        var delivered: Int64 = 0
        XCTAssertThrowsError(try { while try reader.next({ delivered += Int64($0.count) }) {} }()) { error in
            XCTAssertEqual(error as? GzipError, .tooLarge(limit: cap))
        }
        // Stopped within one output chunk of the cap; nothing beyond the cap was handed out.
        XCTAssertLessThanOrEqual(reader.expandedBytes, cap + Int64(GzipReader.outputChunkSize))
        XCTAssertLessThanOrEqual(delivered, cap)
    }

    func testBombStoppedByRatio() throws {
        let reader = GzipReader(compressed: Self.bomb)  // default: ratio 250 after 64 MiB
        XCTAssertThrowsError(try { while try reader.next({ _ in }) {} }()) { error in
            guard case .ratioExceeded(let ratio, let limit)? = error as? GzipError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(limit, 250)
            XCTAssertGreaterThan(ratio, 250)
        }
        XCTAssertLessThanOrEqual(reader.expandedBytes, (64 << 20) + Int64(GzipReader.outputChunkSize))
        XCTAssertGreaterThan(reader.expandedBytes, 64 << 20)
    }

    func testSmallHighlyCompressibleFileIsAllowed() throws {
        // Ratio ~1000 but far below the 64 MiB grace.
        let zeros = [UInt8](repeating: 0, count: 5 << 20)
        XCTAssertEqual(try GzipReader.inflate(GzipWriter.compress(zeros)).count, zeros.count)
        // Without grace, the same file trips the ratio.
        let strict = InflateLimits(maxRatio: 250, ratioGraceBytes: 0)
        guard case .ratioExceeded? = expectError(GzipWriter.compress(zeros), limits: strict) else {
            return XCTFail("expected ratioExceeded")
        }
    }

    func testErrorDescriptions() {
        XCTAssertEqual(GzipError.truncated.description, "gzip stream truncated before the end of member")
        XCTAssertEqual(GzipError.tooLarge(limit: 100).description,
                       "expanded size exceeds the cap of 100 bytes (decompression bomb?)")
        XCTAssertTrue(GzipError.ratioExceeded(ratio: 900, limit: 250).description.contains("900"))
        XCTAssertTrue(GzipError.notGzip.description.contains("not gzip"))
        XCTAssertTrue(GzipError.corrupt("invalid distance too far back at compressed offset 12").description
            .contains("invalid distance too far back"))
        XCTAssertEqual(InflateLimits.default.maxExpandedBytes, 8 * 1024 * 1024 * 1024)
        XCTAssertEqual(InflateLimits.default.maxRatio, 250)
        XCTAssertEqual(InflateLimits.default.ratioGraceBytes, 64 * 1024 * 1024)
    }
}
