import Foundation
import ReconCore
import ReconTestSupport
import SQLiteStore
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The review desk as an auditor uses it: a real `recon-report serve` on loopback, headless Chromium
/// driven by Selenium (`Tests/Support/desk_walk.py`): log in, filter, open a finding, review it with a
/// note, bulk-review five, log out. The database then holds the six decisions in a valid chain, and
/// a screenshot of each page is kept beside the database.
final class ReviewDeskBrowserTests: XCTestCase {
    func testAnAuditorWalksTheDeskInChromium() throws {
        guard let python = TestPython.path else {
            return XCTFail("no Python with selenium: run scripts/test.sh, which makes .build/openpyxl-venv")
        }
        let t = try TestInbox()
        _ = try ToolProcess.recond(["demo", "--scale", "0.01", "--seed", "4", "--out", t.root + "/demo"])
        let db = t.root + "/demo/recon.sqlite"
        let add = try ToolProcess.run(ToolProcess.recond, ["user", "add", "李审计", "--role", "auditor", "--db", db, "--password-file", "-"],
                                      input: Array("auditor password\n".utf8))
        XCTAssertEqual(add.status, 0, add.err)

        let server = Process()
        server.executableURL = URL(fileURLWithPath: ToolProcess.path("recon-report"))
        server.arguments = ["serve", "--db", db, "--listen", "127.0.0.1:0"]
        let out = Pipe()
        server.standardOutput = out
        server.standardError = out
        let log = Locked("")
        out.fileHandleForReading.readabilityHandler = { h in
            let d = h.availableData
            if !d.isEmpty { log.withLock { $0 += String(decoding: d, as: UTF8.self) } }
        }
        try server.run()
        defer { if server.isRunning { kill(server.processIdentifier, SIGTERM); server.waitUntilExit() } }
        XCTAssertTrue(DaemonProcess.waitUntil(30) { log.withLock { $0.contains("listening on 127.0.0.1:") } }, log.withLock { $0 })
        let text = log.withLock { $0 }
        let port = try XCTUnwrap(text.range(of: "listening on 127.0.0.1:").map { Int(text[$0.upperBound...].prefix { $0.isNumber }) ?? 0 })

        let shots = t.root + "/screenshots"
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/desk_walk.py").path
        let walk = try ToolProcess.run(python, [script, "http://127.0.0.1:\(port)", "李审计", "auditor password", shots])
        XCTAssertEqual(walk.status, 0, walk.err)
        let seen = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(walk.out.utf8)) as? [String: Any], walk.out)
        XCTAssertEqual(seen["redirected_to"] as? String, "http://127.0.0.1:\(port)/login")
        XCTAssertTrue((seen["filtered"] as? String ?? "").contains("severity=high"))
        XCTAssertTrue((seen["finding"] as? String ?? "").contains("/findings/"))
        XCTAssertTrue((seen["history"] as? String ?? "").contains("<script>alert(1)</script>"), "the note shows as text")
        XCTAssertEqual(seen["bulk"] as? String, "已审核 5 条发现")
        XCTAssertEqual(seen["after_logout_findings"] as? String, "http://127.0.0.1:\(port)/login")
        for page in ["1-login", "2-findings", "3-filtered", "4-finding", "5-reviewed", "6-bulk"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(shots)/\(page).png"), page)
        }

        let c = try Connection(path: db, readOnly: true)
        XCTAssertEqual(try c.scalarInt("SELECT count(*) FROM reviews_v1 WHERE reviewer = '李审计' AND state = 'dismissed'"), 1)
        XCTAssertEqual(try c.scalarInt("SELECT count(*) FROM reviews_v1 WHERE reviewer = '李审计' AND state = 'escalated'"), 5)
        let verify = try ToolProcess.run(ToolProcess.path("recon-report"), ["verify-trail", "--db", db])
        XCTAssertEqual(verify.status, 0, verify.err)
        XCTAssertTrue(verify.out.hasPrefix("ok: 6 review decisions"), verify.out)
    }
}
