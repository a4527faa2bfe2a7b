import Foundation
import ReconCore
import XCTest
import ReconDaemon
import ReconTestSupport

/// Handled files move to archive/YYYY/MM/DD or to quarantine/ with a .reason; nothing is deleted or overwritten.
final class ArchiverTests: XCTestCase {
    func testStoredFilesGoToTheirDayAndNamesAreNeverOverwritten() throws {
        let t = try TestInbox()
        let a = Archiver(archive: t.root + "/archive", quarantine: t.root + "/quarantine")
        let day = try XCTUnwrap(LocalDate("2024-01-08"))
        try t.writeRaw("bank_402_2024010801_hp.txt.gz", [1])
        let first = try a.archive(t.inbox + "/bank_402_2024010801_hp.txt.gz", name: "bank_402_2024010801_hp.txt.gz", date: day)
        XCTAssertEqual(first, t.root + "/archive/2024/01/08/bank_402_2024010801_hp.txt.gz")
        // The same name again (a re-delivery): kept beside the first with a suffix.
        try t.writeRaw("bank_402_2024010801_hp.txt.gz", [2])
        let second = try a.archive(t.inbox + "/bank_402_2024010801_hp.txt.gz", name: "bank_402_2024010801_hp.txt.gz", date: day)
        XCTAssertEqual(second, first + ".1")
        XCTAssertEqual(FileManager.default.contents(atPath: first), Data([1]))
        XCTAssertEqual(FileManager.default.contents(atPath: second), Data([2]))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: t.inbox), [])
    }

    func testQuarantinedFilesGetAReasonFileWrittenBeforeTheMove() throws {
        let t = try TestInbox()
        let a = Archiver(archive: t.root + "/archive", quarantine: t.root + "/quarantine")
        try t.writeRaw("wx_1_20240101.csv.gz", [9, 9])
        let to = try a.quarantine(t.inbox + "/wx_1_20240101.csv.gz", name: "wx_1_20240101.csv.gz",
                                  reason: "gzip stream truncated", receivedAt: "2024-01-02 03:04:05")
        XCTAssertEqual(to, t.root + "/quarantine/wx_1_20240101.csv.gz")
        XCTAssertEqual(FileManager.default.contents(atPath: to), Data([9, 9]))
        XCTAssertEqual(try String(contentsOfFile: to + ".reason", encoding: .utf8),
                       "file: wx_1_20240101.csv.gz\nquarantined: 2024-01-02 03:04:05\nreason: gzip stream truncated\n")

        // A crash between the reason and the move leaves the file in the inbox: the next try reuses the name.
        try t.writeRaw("wx_1_20240102.csv.gz", [7])
        try "stale".write(toFile: t.root + "/quarantine/wx_1_20240102.csv.gz.reason", atomically: true, encoding: .utf8)
        let again = try a.quarantine(t.inbox + "/wx_1_20240102.csv.gz", name: "wx_1_20240102.csv.gz", reason: "summary lines missing")
        XCTAssertEqual(again, t.root + "/quarantine/wx_1_20240102.csv.gz")
        XCTAssertTrue(try String(contentsOfFile: again + ".reason", encoding: .utf8).contains("reason: summary lines missing"))

        // A name already quarantined: a suffix, with its own reason.
        try t.writeRaw("wx_1_20240101.csv.gz", [8])
        let third = try a.quarantine(t.inbox + "/wx_1_20240101.csv.gz", name: "wx_1_20240101.csv.gz", reason: "r2")
        XCTAssertEqual(third, to + ".1")
        XCTAssertTrue(FileManager.default.fileExists(atPath: third + ".reason"))
        XCTAssertEqual(FileManager.default.contents(atPath: to), Data([9, 9]))
    }
}
