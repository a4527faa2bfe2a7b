import ReconDaemon
import ReconTestSupport
import Foundation
import ReconCore
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// One recond per database: a second one is refused with a message naming the first one's pid.
final class InstanceLockTests: XCTestCase {
    func testASecondLockIsRefusedNamingTheHolderAndFreedOnRelease() throws {
        let t = try TestInbox()
        let first = try InstanceLock(database: t.database)
        XCTAssertThrowsError(try InstanceLock(database: t.database)) { error in
            XCTAssertEqual(error as? InstanceLockError,
                           .held(database: t.database, lock: t.database + ".lock", pid: ProcessInfo.processInfo.processIdentifier))
            XCTAssertTrue("\(error)".contains("pid \(ProcessInfo.processInfo.processIdentifier)"), "\(error)")
        }
        first.release()
        let again = try InstanceLock(database: t.database)
        again.release()
    }

    func testASecondDaemonAndARunOnceAreRefusedWhileOneRuns() throws {
        let d = try DaemonProcess()
        try d.start()
        // Same configuration, same database: refused, exit 1, and the message says who holds it.
        let second = try ToolProcess.recond(["run", "--config", d.config])
        XCTAssertEqual(second.status, 1, second.stderr)
        XCTAssertTrue(second.stderr.contains("already running on \(d.database)"), second.stderr)
        XCTAssertTrue(second.stderr.contains("pid \(d.pid)"), second.stderr)
        let once = try ToolProcess.recond(["run", "--once", "--inbox", d.inbox, "--db", d.database])
        XCTAssertEqual(once.status, 1, once.stderr)
        XCTAssertTrue(once.stderr.contains("pid \(d.pid)"), once.stderr)

        // The first one is unharmed and answers.
        XCTAssertEqual(try d.get("/healthz").status, 200)
        d.signal(SIGTERM)
        XCTAssertEqual(d.waitForExit()?.status, 0, d.stderr)
        // Its lock went with it (even a kill -9 frees a flock): a new one starts.
        try d.start()
        XCTAssertEqual(try d.get("/healthz").status, 200, d.stderr)
        d.signal(SIGKILL)
        _ = d.waitForExit()
        try d.start()
        XCTAssertEqual(try d.get("/healthz").status, 200, d.stderr)
        d.signal(SIGTERM)
        XCTAssertEqual(d.waitForExit()?.status, 0, d.stderr)
    }
}
