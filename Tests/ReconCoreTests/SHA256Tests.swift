import Foundation
import ReconTestSupport
import XCTest
import ReconCore

final class SHA256Tests: XCTestCase {
    private func digest(_ s: String) -> String { SHA256.hexDigest(of: Array(s.utf8)) }

    func testKnownVectors() {
        XCTAssertEqual(digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(digest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
                       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    func testOneMillionA() {
        var h = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { h.update(chunk) }
        XCTAssertEqual(SHA256.hex(h.finalize()), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every split point around the padding boundaries gives the one-shot digest.
    func testIncrementalMatchesOneShot() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 129, 300] {
            let message = Array(bytes[..<length])
            let expected = SHA256.hexDigest(of: message)
            for split in stride(from: 0, through: length, by: max(1, length / 17)) {
                var h = SHA256()
                h.update(Array(message[..<split]))
                h.update([])
                message[split...].withUnsafeBytes { h.update($0) }
                XCTAssertEqual(SHA256.hex(h.finalize()), expected, "length \(length) split \(split)")
            }
            // Byte by byte.
            var h = SHA256()
            for b in message { h.update([b]) }
            XCTAssertEqual(SHA256.hex(h.finalize()), expected, "length \(length) bytewise")
        }
        // The 55/56/64-byte padding cases against known values.
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8](repeating: 0x61, count: 55)),
                       "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8](repeating: 0x61, count: 56)),
                       "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8](repeating: 0x61, count: 64)),
                       "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    func testMatchesSha256sumOnSampleFiles() throws {
        let dir = TestInbox.samples
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".gz") }.sorted()
        XCTAssertFalse(names.isEmpty)
        for name in names.prefix(8) + [names.last!] {
            let path = dir + "/" + name
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            p.arguments = [path]
            let pipe = Pipe()
            p.standardOutput = pipe
            try p.run()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            let expected = String(out.prefix(64))
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            XCTAssertEqual(SHA256.hexDigest(of: bytes), expected, name)
        }
    }

    func testHex() {
        XCTAssertEqual(SHA256.hex([0x00, 0x0f, 0xa5, 0xff]), "000fa5ff")
        XCTAssertEqual(SHA256.hex([]), "")
    }
}
