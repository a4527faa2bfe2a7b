import Foundation
import ReconTestSupport
import XCTest
import ReconCore

final class GB18030Tests: XCTestCase {
    private func invalidOffset(_ bytes: [UInt8]) -> Int? { GB18030.firstInvalidOffset(bytes) }

    // MARK: encoder

    func testEncodeKnownSequences() {
        XCTAssertEqual(GB18030.encode("中文"), [0xD6, 0xD0, 0xCE, 0xC4])
        XCTAssertEqual(GB18030.encode("€"), [0xA2, 0xE3])                 // two bytes in GB18030-2005
        XCTAssertEqual(GB18030.encode("𠀀"), [0x95, 0x32, 0x82, 0x36])     // U+20000: four bytes
        XCTAssertEqual(GB18030.encode("·"), [0xA1, 0xA4])
        XCTAssertEqual(GB18030.encode("abc,123\r\n"), Array("abc,123\r\n".utf8))
        XCTAssertEqual(GB18030.encode(""), [])
    }

    func testRoundTripWithFourByteSequences() throws {
        let text = "证件号码,姓名,资助类别\r\n370406199001011234,𠀀𪚥珺,特困人员 €¥\r\n" + String(repeating: "低保边缘家庭成员🙂", count: 500)
        let bytes = GB18030.encode(text)
        XCTAssertNil(invalidOffset(bytes))
        let decoder = TextDecoder(encoding: .gb18030)
        XCTAssertEqual(decoder.decode(bytes), text)
        // Reused decoder, smaller input afterwards.
        XCTAssertEqual(decoder.decode(GB18030.encode("张三")), "张三")
    }

    // MARK: validator

    func testValidatorOffsets() {
        XCTAssertNil(invalidOffset([]))
        XCTAssertNil(invalidOffset(Array("plain ascii, long enough for the word loop".utf8)))
        XCTAssertEqual(invalidOffset([0x41, 0x80]), 1)                      // lone 0x80
        XCTAssertEqual(invalidOffset([0x41, 0x42, 0xFF, 0x41]), 2)          // lone 0xFF
        XCTAssertEqual(invalidOffset([0xD6, 0xD0, 0xD6]), 2)                // cut after a lead byte
        XCTAssertEqual(invalidOffset([0x81, 0x30, 0x81]), 0)                // four-byte cut off
        XCTAssertEqual(invalidOffset([0x81, 0x30]), 0)
        XCTAssertEqual(invalidOffset([0xD6, 0x7F]), 0)                      // bad trail byte
        XCTAssertEqual(invalidOffset([0xD6, 0x20]), 0)
        XCTAssertEqual(invalidOffset([0xD6, 0xFF]), 0)
        XCTAssertEqual(invalidOffset([0x81, 0x30, 0x20, 0x30]), 0)          // bad third byte
        XCTAssertEqual(invalidOffset([0x81, 0x30, 0x81, 0x3A]), 0)          // bad fourth byte
        XCTAssertNil(invalidOffset([0x81, 0x30, 0x81, 0x30]))
        XCTAssertNil(invalidOffset([0x81, 0x40, 0xFE, 0xFE, 0xA1, 0x7E, 0xA1, 0x80]))
        // Offsets stay right after the eight-bytes-at-a-time ASCII skip.
        let prefix = Array("0123456789abcdefghij,".utf8)
        XCTAssertEqual(invalidOffset(prefix + GB18030.encode("中文") + [0x80] + prefix), prefix.count + 4)
        XCTAssertEqual(invalidOffset(prefix + [0xD6]), prefix.count)
    }

    func testSampleGBKFilesAreValid() throws {
        let dir = TestInbox.samples
        let decoder = TextDecoder(encoding: .gb18030)
        var checked = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: dir)
        where name.hasPrefix("assistance_") || name.hasPrefix("bank_") || name.hasPrefix("INN") || name.hasPrefix("ccbpos_") {
            let raw = try GzipReader.inflate([UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))))
            XCTAssertNil(invalidOffset(raw), name)
            let text = try XCTUnwrap(decoder.decode(raw), name)
            XCTAssertEqual(GB18030.encode(text), raw, name)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 5)
    }

    /// Where glibc and the structural validator agree and where they differ (documented
    /// on `firstInvalidOffset`): every two-byte sequence is accepted by both; of the
    /// 39,420 BMP four-byte codes glibc refuses exactly 18 (the ones GB18030-2022 made
    /// duplicates of two-byte codes); well-formed four-byte sequences in the unassigned
    /// gap and beyond U+10FFFF pass the validator but not glibc.
    func testValidatorAgreesWithGlibc() {
        let decoder = TextDecoder(encoding: .gb18030)
        var rejectedTwoByte: [[UInt8]] = []
        for lead in UInt8(0x81)...0xFE {
            for trail in UInt8(0x40)...0xFE where trail != 0x7F {
                let seq = [lead, trail]
                XCTAssertNil(invalidOffset(seq))
                if decoder.decode(seq) == nil { rejectedTwoByte.append(seq) }
            }
        }
        XCTAssertEqual(rejectedTwoByte, [], "two-byte sequences glibc refuses")

        // Every BMP four-byte code: 81 30 81 30 ... 84 31 A4 39.
        var rejectedFour: [String] = []
        var bmp = 0
        outer: for b0 in UInt8(0x81)...0x84 {
            for b1 in UInt8(0x30)...0x39 {
                for b2 in UInt8(0x81)...0xFE {
                    for b3 in UInt8(0x30)...0x39 {
                        let seq = [b0, b1, b2, b3]
                        if seq.lexicographicallyPrecedes([0x84, 0x31, 0xA5, 0x30]) == false { break outer }
                        bmp += 1
                        XCTAssertNil(invalidOffset(seq))
                        if decoder.decode(seq) == nil { rejectedFour.append(SHA256.hex(seq)) }
                    }
                }
            }
        }
        XCTAssertEqual(bmp, 39420)
        XCTAssertEqual(rejectedFour, [
            "82359037", "82359038", "82359039", "82359130", "82359131", "82359132", "82359133", "82359134",
            "84318236", "84318237", "84318238", "84318239", "84318330", "84318331", "84318332", "84318333",
            "84318334", "84318335",
        ])

        // Supplementary planes: first and last.
        XCTAssertEqual(decoder.decode([0x90, 0x30, 0x81, 0x30]), "\u{10000}")
        XCTAssertEqual(decoder.decode([0xE3, 0x32, 0x9A, 0x35]), "\u{10FFFF}")
        // Well formed but unassigned: the validator accepts, glibc refuses.
        for seq: [UInt8] in [[0x84, 0x31, 0xA5, 0x30], [0x8F, 0x39, 0xFE, 0x39], [0xE3, 0x32, 0x9A, 0x36], [0xFE, 0x39, 0xFE, 0x39]] {
            XCTAssertNil(invalidOffset(seq))
            XCTAssertNil(decoder.decode(seq), "\(seq)")
        }
        // Both refuse what is structurally broken.
        for seq: [UInt8] in [[0x80], [0xFF], [0xD6], [0x81, 0x7F], [0x81, 0x30, 0x81]] {
            XCTAssertNotNil(invalidOffset(seq))
            XCTAssertNil(decoder.decode(seq), "\(seq)")
        }
    }

    // MARK: decoder

    func testGB18030DecoderRejectsInvalidAndRecovers() {
        let decoder = TextDecoder(encoding: .gb18030)
        XCTAssertNil(decoder.decode([0x80]))                           // Windows GBK's €; glibc refuses
        XCTAssertNil(decoder.decode(GB18030.encode("中") + [0xD6]))     // truncated at the end
        XCTAssertNil(decoder.decode([0x81, 0x30, 0x81]))
        XCTAssertEqual(decoder.decode(GB18030.encode("参保")), "参保")   // state reset after failures
        XCTAssertEqual(decoder.decode([]), "")
        XCTAssertEqual(decoder.decode(Array("ascii only".utf8)), "ascii only")
        XCTAssertEqual(decoder.encoding, .gb18030)
    }

    func testUTF8Decoder() {
        let decoder = TextDecoder(encoding: .utf8)
        XCTAssertEqual(decoder.decode(Array("城乡居民 𠀀".utf8)), "城乡居民 𠀀")
        XCTAssertEqual(decoder.decode(Array("plain".utf8)), "plain")
        XCTAssertNil(decoder.decode([0x41, 0xC3]))                 // truncated
        XCTAssertNil(decoder.decode([0xC0, 0x80]))                 // overlong NUL
        XCTAssertNil(decoder.decode([0xED, 0xA0, 0x80]))           // surrogate
        XCTAssertNil(decoder.decode(GB18030.encode("中文")))        // GBK bytes are not UTF-8
        // A BOM is preserved: stripping it is the format reader's decision.
        XCTAssertEqual(decoder.decode([0xEF, 0xBB, 0xBF, 0x41])?.unicodeScalars.first, "\u{FEFF}")
    }

    func testEncodingRawValues() throws {
        XCTAssertEqual(TextEncoding(rawValue: "gb18030"), .gb18030)
        XCTAssertEqual(TextEncoding(rawValue: "utf8"), .utf8)
        XCTAssertNil(TextEncoding(rawValue: "gbk"))
        let json = try JSONEncoder().encode([TextEncoding.gb18030])
        XCTAssertEqual(String(decoding: json, as: UTF8.self), "[\"gb18030\"]")
    }
}
