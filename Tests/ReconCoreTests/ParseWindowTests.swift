import Foundation
@testable import ReconCore
import XCTest

/// The parsers' look-ahead: bounded by files and gzip'd bytes, always room for one, and a close
/// that frees a waiting feeder.
final class ParseWindowTests: XCTestCase {
    func testFilesAndBytesBoundTheWindowAndOneAlwaysFits() {
        let w = ParseWindow(maxFiles: 3, maxBytes: 100)
        XCTAssertTrue(w.enter(size: 500), "a file larger than the budget parses alone")
        XCTAssertFalse(w.hasRoom(for: 1), "… and nothing beside it")
        w.leave(size: 500)
        XCTAssertTrue(w.enter(size: 40))
        XCTAssertTrue(w.enter(size: 40))
        XCTAssertFalse(w.hasRoom(for: 40), "120 bytes > 100")
        XCTAssertTrue(w.enter(size: 20))
        XCTAssertFalse(w.hasRoom(for: 0), "3 files")
        w.leave(size: 40)
        XCTAssertTrue(w.hasRoom(for: 40))
        XCTAssertTrue(w.enter(size: 40))
    }

    func testAWaitingFeederGoesOnWhenTheWriterTakesAFileAndStopsOnClose() {
        let w = ParseWindow(maxFiles: 1, maxBytes: 10)
        XCTAssertTrue(w.enter(size: 5))
        let entered = expectation(description: "entered after leave")
        DispatchQueue.global().async { if w.enter(size: 5) { entered.fulfill() } }
        Thread.sleep(forTimeInterval: 0.05)
        w.leave(size: 5)
        wait(for: [entered], timeout: 5)

        let refused = expectation(description: "refused after close")
        DispatchQueue.global().async { if !w.enter(size: 5) { refused.fulfill() } }
        Thread.sleep(forTimeInterval: 0.05)
        w.close()
        wait(for: [refused], timeout: 5)
        XCTAssertFalse(w.enter(size: 0), "closed for good")
    }
}
