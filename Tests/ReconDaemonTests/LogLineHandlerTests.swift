import Foundation
import Logging
import ReconCore
import XCTest
import ReconDaemon

/// Log lines: human text or JSON, and never a full ID number (RULES.md: first 6 and last 4 shown).
final class LogLineHandlerTests: XCTestCase {
    func testIDNumbersAreMaskedInEveryShape() {
        XCTAssertEqual(IDMask.redact("id 11010519491231002X paid"), "id 110105********002X paid")
        XCTAssertEqual(IDMask.redact("old 110105491231002,"), "old 110105*****1002,")
        XCTAssertEqual(IDMask.redact("全角１１０１０５１９４９１２３１００２Ｘ"), "全角１１０１０５********００２Ｘ")
        XCTAssertEqual(IDMask.redact("a17 11010519491231002 b"), "a17 110105*******1002 b")
        // Not ID numbers: merchant numbers in file names, times, amounts, digests.
        for keep in ["ccbpos_105370455110001_20231120.txt.gz", "20240101120000", "INN23112188ZM_898370448160001.gz",
                     "3f2a9c0d8e7b6a5f4e3d2c1b0a998877665544332211", "1234567890123456789012"] {
            XCTAssertEqual(IDMask.redact(keep), keep)
        }
    }

    func testTextAndJSONLinesCarryMaskedMessageAndMetadata() throws {
        var lines: [String] = []
        let lock = NSLock()
        let sink = LogSink { l in lock.lock(); lines.append(l); lock.unlock() }
        let text = LogLineHandler(label: "t", format: .text, level: .info, sink: sink)
        let json = LogLineHandler(label: "t", format: .json, level: .info, sink: sink)
        let meta: Logger.Metadata = ["file": "wx_1_20240101.csv.gz", "reason": "line 3: ID 110105194912310021 not enrolled"]
        XCTAssertEqual(text.line(time: "2024-01-02 03:04:05", level: .warning, message: "file quarantined", metadata: meta),
                       "2024-01-02 03:04:05 warning file quarantined file=wx_1_20240101.csv.gz "
                        + "reason=\"line 3: ID 110105********0021 not enrolled\"")
        let j = json.line(time: "2024-01-02 03:04:05", level: .info, message: "for 110105194912310021", metadata: meta)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(j.utf8)) as? [String: String])
        XCTAssertEqual(object, ["ts": "2024-01-02 03:04:05", "level": "info", "msg": "for 110105********0021",
                                "file": "wx_1_20240101.csv.gz", "reason": "line 3: ID 110105********0021 not enrolled"])

        // Through swift-log: the level filters, the handler's metadata joins the event's.
        var logger = Logger(label: "t") { _ in json }
        logger[metadataKey: "pid"] = "7"
        logger.debug("hidden")
        logger.info("shown", metadata: ["id": "110105194912310021"])
        lock.lock(); defer { lock.unlock() }
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].contains("\"id\":\"110105********0021\""), lines[0])
        XCTAssertTrue(lines[0].contains("\"pid\":\"7\""), lines[0])
    }

    func testTimesAreRFC3339WithOffsetAndJSONValuesKeepTheirTypes() throws {
        XCTAssertEqual(BeijingClock.rfc3339(Date(timeIntervalSince1970: 1_704_135_845.25)), "2024-01-02T03:04:05.250+08:00")
        XCTAssertEqual(BeijingClock.rfc3339(Date(timeIntervalSince1970: 0)), "1970-01-01T08:00:00.000+08:00")
        var lines: [String] = []
        let lock = NSLock()
        let sink = LogSink { l in lock.lock(); lines.append(l); lock.unlock() }
        let logger = Logger(label: "t") { _ in LogLineHandler(label: "t", format: .json, level: .info, sink: sink) }
        logger.info("reconciled", metadata: [
            "run_id": .stringConvertible(7), "seconds": .stringConvertible(0.125), "ok": .stringConvertible(true),
            "file": "110105194912310021.gz", "list": .array([.stringConvertible(1), "a"]),
        ])
        lock.lock(); defer { lock.unlock() }
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        XCTAssertEqual(object["run_id"] as? Int, 7)
        XCTAssertEqual(object["seconds"] as? Double, 0.125)
        XCTAssertEqual(object["ok"] as? Bool, true)
        XCTAssertEqual(object["file"] as? String, "110105********0021.gz")
        XCTAssertEqual((object["list"] as? [Any])?.count, 2)
        let ts = try XCTUnwrap(object["ts"] as? String)
        XCTAssertNotNil(ts.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$"#, options: .regularExpression), ts)
    }

    func testUnderTheJournalEachLineCarriesItsSyslogPriority() {
        var lines: [String] = []
        let lock = NSLock()
        let sink = LogSink { l in lock.lock(); lines.append(l); lock.unlock() }
        let logger = Logger(label: "t") { _ in LogLineHandler(label: "t", format: .text, level: .debug, sink: sink, journald: true) }
        logger.debug("d"); logger.info("i"); logger.notice("n"); logger.warning("w"); logger.error("e"); logger.critical("c")
        lock.lock(); defer { lock.unlock() }
        XCTAssertEqual(lines.map { String($0.prefix(3)) }, ["<7>", "<6>", "<5>", "<4>", "<3>", "<2>"])
    }
}
