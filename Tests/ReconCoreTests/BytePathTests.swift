@testable import ReconCore
import XCTest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parsers' fast paths on bytes read what the general paths read: each is compared with its
/// general counterpart over many generated inputs (seeded, so a failure repeats).
final class BytePathTests: XCTestCase {
    /// A small deterministic generator (SplitMix64).
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Bytes drawn mostly from `alphabet`, sometimes any byte.
    func bytes(_ count: Int, _ alphabet: [UInt8], _ rng: inout Seeded) -> [UInt8] {
        (0..<count).map { _ in Int.random(in: 0..<10, using: &rng) == 0 ? UInt8.random(in: 0...255, using: &rng)
                                                                          : alphabet.randomElement(using: &rng)! }
    }

    func testEighteenByteIDsReadAsTheGeneralPathReadsThem() {
        var rng = Seeded(state: 1)
        let digits = Array("0123456789".utf8), tail = Array("0123456789Xx ".utf8)
        for n in 0..<200_000 {
            var raw = bytes(17, digits, &rng) + bytes(1, tail, &rng)
            if n % 3 == 0 {  // a real one: its check character, sometimes lower-case
                raw[17] = IDNumber.checkByte(forDigits: raw[0..<17])
                if raw[17] == 0x58, n % 2 == 0 { raw[17] = 0x78 }
            }
            if n % 5 == 0 { raw.replaceSubrange(6..<10, with: Array(["1950", "2000", "1899", "2024"][n % 4].utf8)) }
            // A leading space is trimmed, and makes the general path read the same 18 bytes.
            let fast = raw.withUnsafeBytes { IDNumber.parse($0) }
            let general = ([0x20] + raw).withUnsafeBytes { IDNumber.parse($0) }
            XCTAssertEqual(fast, general, "\(raw)")
        }
    }

    func testUTF8CheckFindsWhatSwiftsValidationFinds() {
        var rng = Seeded(state: 2)
        let alphabet = Array("a,1 ".utf8) + Array("养老é€😀".utf8) + [0x80, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xA0, 0x9F]
        for _ in 0..<100_000 {
            let line = bytes(Int.random(in: 0..<40, using: &rng), alphabet, &rng)
            let got = line.withUnsafeBytes { LineCheck.firstInvalidUTF8($0) }
            var expected: Int? = nil
            if String(validating: line, as: UTF8.self) == nil {
                var it = line.makeIterator(), parser = Unicode.UTF8.ForwardParser(), offset = 0
                loop: while true {
                    switch parser.parseScalar(from: &it) {
                    case .valid(let e): offset += e.count
                    case .emptyInput, .error: expected = offset; break loop
                    }
                }
            }
            XCTAssertEqual(got, expected, "\(line)")
        }
    }

    func testHighOrNULScanFindsTheFirstSuchByte() {
        var rng = Seeded(state: 3)
        for _ in 0..<50_000 {
            let line = bytes(Int.random(in: 0..<40, using: &rng), Array("abc,;1 ".utf8) + [0x01, 0x7F], &rng)
            XCTAssertEqual(line.withUnsafeBytes { LineCheck.firstHighOrNUL($0) }, line.firstIndex { $0 >= 0x80 || $0 == 0 },
                           "\(line)")
        }
    }

    func testSplittingFindsEveryDelimiter() {
        var rng = Seeded(state: 4)
        var fields = Fields()
        for n in 0..<50_000 {
            let line = bytes(Int.random(in: 0..<70, using: &rng), Array("a,-+ `\t".utf8), &rng)
            let limit = n % 2 == 0 ? 4096 : 5
            let done = line.withUnsafeBytes { fields.split($0, delimiter: 0x2C, strip: Strip(prefix: 0x60), limit: limit) }
            // Plain splitting, then the same padding removed.
            var expected: [[UInt8]] = []
            var complete = true
            for (k, part) in line.split(separator: 0x2C, omittingEmptySubsequences: false).enumerated() {
                if k > limit { complete = false; break }
                var f = Array(part)
                while f.first == 0x20 { f.removeFirst() }
                while f.last == 0x20 { f.removeLast() }
                if f.first == 0x60 { f.removeFirst() }
                while f.first == 0x20 { f.removeFirst() }
                expected.append(f)
            }
            XCTAssertEqual(done, complete, "\(line)")
            if complete {
                let got = line.withUnsafeBytes { _ in (0..<fields.count).map { fields.withField($0) { Array($0) } } }
                XCTAssertEqual(got, expected, "\(line)")
            }
        }
    }

    /// glibc's converter alone, as every GB18030 field was decoded before the two-byte table.
    func iconvDecode(_ bytes: [UInt8]) -> String? {
        let cd = iconv_open("UTF-8", "GB18030")
        defer { iconv_close(cd) }
        var source = bytes
        var out = [UInt8](repeating: 0, count: bytes.count * 4 + 8)
        let written: Int? = source.withUnsafeMutableBytes { src in
            out.withUnsafeMutableBytes { dst in
                var inPtr = src.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = src.count
                var outPtr = dst.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = dst.count
                let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                return rc == -1 || inLeft != 0 ? nil : dst.count - outLeft
            }
        }
        return written.map { String(decoding: out[..<$0], as: UTF8.self) }
    }

    func testGB18030FieldsDecodeAsIconvDecodesThem() {
        var rng = Seeded(state: 6)
        let decoder = TextDecoder(encoding: .gb18030)
        // glibc takes every two-byte code (GB18030Tests): the table has all of them but the few whose
        // characters are beyond the BMP (four bytes of UTF-8; six with glibc 2.36), which go through iconv.
        XCTAssertGreaterThan(GB18030.twoByteUTF8.filter { $0 != 0 }.count, 126 * 190 - 20)
        // Every two-byte code (and the byte pairs around their ranges) on its own and between ASCII.
        for lead in UInt8(0x80)...0xFF {
            for trail in UInt8(0x30)...0xFF {
                for field in [[lead, trail], [0x41, lead, trail, 0x42]] {
                    XCTAssertEqual(field.withUnsafeBytes { decoder.decode($0) }, iconvDecode(field), "\(field)")
                }
            }
        }
        // Mixed fields: ASCII, two-byte and four-byte codes, cut-off and refused sequences.
        let pieces: [[UInt8]] = [[0x41], [0x20], [0xC4, 0xE3], [0xA3, 0xB1], [0x81, 0x40], [0xFE, 0xFE], [0x81, 0x30, 0x81, 0x30],
                                 [0x84, 0x31, 0xA5, 0x30], [0x82, 0x35, 0x90, 0x37], [0xE3, 0x32, 0x9A, 0x36], [0x95, 0x32, 0x82, 0x36],
                                 [0x81], [0x80], [0xFF], [0x81, 0x7F], [0xA1, 0xA1]]
        for _ in 0..<50_000 {
            let field = (0..<Int.random(in: 1...6, using: &rng)).flatMap { _ in pieces.randomElement(using: &rng)! }
            XCTAssertEqual(field.withUnsafeBytes { decoder.decode($0) }, iconvDecode(field), "\(field)")
        }
    }

    func testDatesReadDirectlyAsThroughTheirTime() {
        var rng = Seeded(state: 5)
        let formats = [TimeFormat.isoDate, TimeFormat.standard, TimeFormat("MMddHHmmss")!, TimeFormat("yyyyMMddHHmmss")!]
        let reference = LocalDate(year: 2024, month: 2, day: 29)
        for n in 0..<100_000 {
            let format = formats[n % formats.count]
            var text = Array(format.description.utf8).map { c -> UInt8 in
                "yMdHms".utf8.contains(c) ? UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &rng) : c
            }
            if n % 7 == 0 { text[Int.random(in: 0..<text.count, using: &rng)] = UInt8.random(in: 0x2D...0x3A, using: &rng) }
            let viaTime = text.withUnsafeBytes { format.parse(bytes: $0, referenceDate: reference)?.date }
            let direct = text.withUnsafeBytes { format.parseDate(bytes: $0, referenceDate: reference) }
            XCTAssertEqual(direct, viaTime, String(decoding: text, as: UTF8.self))
        }
    }
}
