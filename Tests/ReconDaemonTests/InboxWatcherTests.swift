import Foundation
import ReconCore
import XCTest
import ReconDaemon
import ReconTestSupport

/// A file is offered only once complete: not while it grows, never while named *.part/*.tmp or hidden.
final class InboxWatcherTests: XCTestCase {
    func testAFileIsOfferedOnlyAfterItHeldStillForTheStablePeriod() throws {
        let t = try TestInbox()
        var w = InboxWatcher(directory: t.inbox, stableSeconds: 2)
        let path = t.inbox + "/wx_1_20240101.csv.gz"
        try t.writeRaw("wx_1_20240101.csv.gz", [1, 2, 3])

        var p = try w.poll(now: 0)
        XCTAssertEqual(p.ready, [])
        XCTAssertEqual(p.waiting, 1)
        XCTAssertTrue(p.changed)
        p = try w.poll(now: 1)
        XCTAssertEqual(p.ready, [], "unchanged for 1 s of the 2 asked")
        XCTAssertFalse(p.changed)

        // It grows: the clock starts again.
        let h = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        h.seekToEndOfFile()
        h.write(Data([4, 5]))
        try h.close()
        p = try w.poll(now: 2.5)
        XCTAssertEqual(p.ready, [])
        XCTAssertTrue(p.changed)
        p = try w.poll(now: 4)
        XCTAssertEqual(p.ready, [])
        p = try w.poll(now: 4.6)
        XCTAssertEqual(p.ready, [path])
        XCTAssertEqual(p.depth, 1)
    }

    func testPartialHiddenAndTemporaryFilesAreNeverOffered() throws {
        let t = try TestInbox()
        var w = InboxWatcher(directory: t.inbox, stableSeconds: 0)
        for n in ["a.csv.gz.part", "b.csv.gz.tmp", ".c.csv.gz"] { try t.writeRaw(n, [1]) }
        try FileManager.default.createDirectory(atPath: t.inbox + "/sub", withIntermediateDirectories: true)
        var p = try w.poll(now: 0)
        XCTAssertEqual(p.partial, 3)
        XCTAssertEqual(Set(p.newlySkipped.map(\.name)), ["a.csv.gz.part", "b.csv.gz.tmp", ".c.csv.gz"])
        XCTAssertEqual(p.refused, [], "a folder is refused once it held still too")
        p = try w.poll(now: 100)
        XCTAssertEqual(p.ready, [])
        XCTAssertEqual(p.refused.map(\.name), ["sub"], "a folder is offered for quarantine")
        XCTAssertEqual(p.refused.first?.reason, Inbox.directoryReason)
        XCTAssertEqual(p.newlySkipped, [], "reported once")
        XCTAssertEqual(p.partial, 3)

        // Renamed to its final name, it is a new file that must first hold still across two polls.
        XCTAssertEqual(rename(t.inbox + "/a.csv.gz.part", t.inbox + "/a.csv.gz"), 0)
        p = try w.poll(now: 101)
        XCTAssertEqual(p.ready, [])
        p = try w.poll(now: 101.1)
        XCTAssertEqual(p.ready, [t.inbox + "/a.csv.gz"])
    }

    func testAFileAboveTheSizeCapIsLeftAndReportedOnce() throws {
        let t = try TestInbox()
        var w = InboxWatcher(directory: t.inbox, stableSeconds: 0, maxBytes: 4)
        try t.writeRaw("big.gz", [1, 2, 3, 4, 5])
        var p = try w.poll(now: 0)
        XCTAssertEqual(p.newlySkipped.map(\.name), ["big.gz"])
        p = try w.poll(now: 1)
        XCTAssertEqual(p.ready, [])
        XCTAssertEqual(p.newlySkipped, [])
    }
}
