import Foundation
import ReconCore
import ReconSynth
import ReconTestSupport
import SQLiteStore
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// recond under a service manager, on the real process: systemd's notify protocol over a test socket
/// (READY=1 after the first reconciliation, WATCHDOG=1 while the loop makes progress, STOPPING=1),
/// SIGHUP re-reading the configuration, SIGPIPE ignored, and the unit file checked by systemd's tools.
final class ServiceTests: XCTestCase {
    /// A datagram socket bound where `NOTIFY_SOCKET` points, collecting what recond sends.
    final class NotifySocket {
        let path: String
        let fd: Int32

        init(_ folder: TemporaryFolder) throws {
            path = folder.file("notify.sock")
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var a = sockaddr_un()
            a.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &a.sun_path) { p in for (i, b) in path.utf8.enumerated() { p[i] = b } }
            let ok = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
            guard ok == 0 else { throw POSIXError(.EADDRINUSE) }
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(fd) }

        /// Messages received until `seconds` pass or `until` holds for the messages so far.
        func receive(for seconds: Double, until: ([String]) -> Bool = { _ in false }) -> [String] {
            var got: [String] = []
            var buf = [UInt8](repeating: 0, count: 4096)
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline && !until(got) {
                let n = recv(fd, &buf, buf.count, 0)
                if n > 0 { got.append(String(decoding: buf[0..<n], as: UTF8.self)) }
            }
            return got
        }
    }

    func testNotifyReadyAfterTheFirstRunWatchdogWhileAliveAndStopping() throws {
        let d = try DaemonProcess()
        let folder = try TemporaryFolder("recon-notify")
        let socket = try NotifySocket(folder)
        d.environment = ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "400000"]
        try d.start()
        let first = socket.receive(for: 30) { $0.contains { $0.hasPrefix("READY=1") } }
        let ready = try XCTUnwrap(first.first { $0.hasPrefix("READY=1") }, "\(first)\n\(d.stderr)")
        XCTAssertTrue(ready.contains("STATUS=first reconciliation done"), ready)
        XCTAssertTrue(d.stderr.contains("reconciled"), "READY=1 comes after the first run")
        let later = socket.receive(for: 1.5)
        XCTAssertGreaterThanOrEqual(later.filter { $0 == "WATCHDOG=1" }.count, 3, "\(later)")
        d.signal(SIGTERM)
        let stopping = socket.receive(for: 10) { $0.contains("STOPPING=1") }
        XCTAssertTrue(stopping.contains("STOPPING=1"), "\(stopping)")
        XCTAssertEqual(d.waitForExit()?.status, 0, d.stderr)
    }

    func testSIGHUPReloadsAGoodConfigurationKeepsTheRunningOneOnABadOneAndSIGPIPEIsIgnored() throws {
        let d = try DaemonProcess()
        try d.start()
        XCTAssertTrue(DaemonProcess.waitUntil(30) { d.stderr.contains("reconciled") }, d.stderr)
        let original = try String(contentsOfFile: d.config, encoding: .utf8)

        // A bad file: logged as an error, the daemon goes on with the running configuration.
        try (original + "\nsettle_seconds = \"soon\"\n").write(toFile: d.config, atomically: true, encoding: .utf8)
        d.signal(SIGHUP)
        XCTAssertTrue(DaemonProcess.waitUntil(10) { d.stderr.contains("configuration not reloaded; the running one stays") }, d.stderr)
        XCTAssertTrue(d.stderr.contains("settle_seconds"), d.stderr)
        XCTAssertEqual(try d.get("/healthz").status, 200)

        // A good one: the new log level applies at once; a changed database waits for a restart.
        try (original.replacingOccurrences(of: "database   = \"recon.sqlite\"", with: "database   = \"other.sqlite\"")
             + "\nlog_level = \"debug\"\n").write(toFile: d.config, atomically: true, encoding: .utf8)
        d.signal(SIGHUP)
        XCTAssertTrue(DaemonProcess.waitUntil(10) { d.stderr.contains("configuration reloaded") }, d.stderr)
        XCTAssertTrue(d.stderr.contains("needs_restart=database"), d.stderr)
        // The reload reconciles (policies may have changed), and at debug level its stages are logged.
        XCTAssertTrue(DaemonProcess.waitUntil(30) { d.stderr.contains("run stages") }, d.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: d.root + "/other.sqlite"))

        kill(d.pid, SIGPIPE)
        usleep(300_000)
        XCTAssertEqual(try d.get("/healthz").status, 200, "SIGPIPE must not kill recond")
        d.signal(SIGTERM)
        XCTAssertEqual(d.waitForExit()?.status, 0, d.stderr)
    }

    /// The unit as installed, checked by systemd's own tools where they are installed (`systemd-analyze
    /// verify`, and `security --offline` for the exposure); the settings the issue names are there either way.
    func testTheUnitFileVerifiesAndIsHardened() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let unit = try String(contentsOf: repo.appendingPathComponent("deploy/recond.service"), encoding: .utf8)
        for line in ["Type=notify", "WatchdogSec=", "StateDirectory=recon", "LogsDirectory=recon", "ExecReload=/bin/kill -HUP $MAINPID",
                     "SystemCallFilter=@system-service", "CapabilityBoundingSet=\n", "ProtectKernelTunables=yes",
                     "ProtectKernelModules=yes", "ProtectControlGroups=yes", "RestrictNamespaces=yes", "LockPersonality=yes",
                     "IPAddressAllow=localhost", "IPAddressDeny=any", "UMask=0077"] {
            XCTAssertTrue(unit.contains(line), line)
        }
        let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let analyze else { return }
        // The unit with this build's recond in place of /usr/local/bin (verify checks that it exists).
        let folder = try TemporaryFolder("recon-unit")
        let copy = folder.file("recond.service")
        try unit.replacingOccurrences(of: "/usr/local/bin/recond", with: ToolProcess.recond)
            .replacingOccurrences(of: "man:recond(1) ", with: "")
            .write(toFile: copy, atomically: true, encoding: .utf8)
        let verify = try ToolProcess.run(analyze, ["verify", copy])
        XCTAssertEqual(verify.status, 0, verify.err + verify.out)
        let security = try ToolProcess.run(analyze, ["security", "--offline=true", copy])
        let exposure = security.out.range(of: #"Overall exposure level for recond.service: ([0-9.]+)"#, options: .regularExpression)
            .map { String(security.out[$0]).split(separator: " ").last.map(String.init) ?? "" }
        XCTAssertLessThanOrEqual(Double(exposure ?? "") ?? 10, 2.0, security.out + security.err)
    }

    /// `web = "HOST:PORT"`: the daemon serves the review desk too, beside its own health endpoint.
    func testTheDaemonServesTheReviewDeskWhenTheConfigurationSaysWhere() throws {
        let d = try DaemonProcess(extra: "web = \"127.0.0.1:0\"")
        try d.start()
        XCTAssertTrue(DaemonProcess.waitUntil(30) { d.stderr.contains("review desk listening") }, d.stderr)
        let log = d.stderr
        let r = try XCTUnwrap(log.range(of: "web=127.0.0.1:"))
        let port = try XCTUnwrap(Int(log[r.upperBound...].prefix { $0.isNumber }))
        let root = try DaemonProcess.exchange(port: port, request: Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        XCTAssertEqual(root.status, 302)
        let login = try DaemonProcess.exchange(port: port, request: Array("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        XCTAssertEqual(login.status, 200)
        XCTAssertTrue(login.body.contains("name=\"password\""), login.body)
        XCTAssertEqual(try d.get("/healthz").status, 200, "the health endpoint stays on its own server")
        d.signal(SIGTERM)
        XCTAssertEqual(d.waitForExit()?.status, 0, d.stderr)
    }

    /// Reads never block the night: while the daemon ingests and reconciles a district delivered at
    /// once, the review desk it serves answers logged-in pages (WAL readers, their own connection).
    func testTheDeskAnswersWhileARunIsInProgress() throws {
        let d = try DaemonProcess(extra: "web = \"127.0.0.1:0\"")
        try d.start()
        XCTAssertTrue(DaemonProcess.waitUntil(30) { d.stderr.contains("review desk listening") && d.stderr.contains("reconciled") }, d.stderr)
        let log = d.stderr
        let port = try XCTUnwrap(log.range(of: "web=127.0.0.1:").flatMap { Int(log[$0.upperBound...].prefix { $0.isNumber }) })
        let add = try ToolProcess.run(ToolProcess.recond, ["user", "add", "tax", "--role", "tax", "--db", d.database, "--password-file", "-"],
                                      input: Array("tax clerk password\n".utf8))
        XCTAssertEqual(add.status, 0, add.err)

        func request(_ method: String, _ path: String, cookie: String = "", body: String = "") throws -> (status: Int, body: String, head: String) {
            var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            if !cookie.isEmpty { head += "Cookie: \(cookie)\r\n" }
            if !body.isEmpty { head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n" }
            return try DaemonProcess.exchange(port: port, request: Array((head + "\r\n" + body).utf8))
        }
        func cookie(_ head: String, _ name: String) -> String? {
            head.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("set-cookie: \(name)=") }
                .map { String($0.dropFirst("set-cookie: \(name)=".count).prefix { $0 != ";" }) }
        }
        let form = try request("GET", "/login")
        let token = try XCTUnwrap(cookie(form.head, "recon_login"))
        let login = try request("POST", "/login", cookie: "recon_login=\(token)", body: "csrf=\(token)&username=tax&password=tax+clerk+password")
        XCTAssertEqual(login.status, 302, login.body)
        let session = try XCTUnwrap(cookie(login.head, "recon_session"))

        // A district delivered at once; pages read while it is ingested and reconciled.
        let t = try TestInbox()
        _ = try DistrictGenerator(options: .init(scale: 0.05, seed: 3)).generate(into: t.root)
        for name in try FileManager.default.contentsOfDirectory(atPath: t.inbox) {
            try FileManager.default.copyItem(atPath: t.inbox + "/" + name, toPath: d.inbox + "/" + name)
        }
        var busyAnswers = 0, slowest = 0.0
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let phase = (try? d.health())?["phase"] as? String ?? ""
            let started = Date()
            let page = try request("GET", "/findings", cookie: "recon_session=\(session)")
            let seconds = Date().timeIntervalSince(started)
            XCTAssertEqual(page.status, 200)
            if phase == "ingesting" || phase == "reconciling" {
                busyAnswers += 1
                slowest = max(slowest, seconds)
            } else if busyAnswers > 0 && d.inboxFiles().isEmpty {
                break
            }
            usleep(100_000)
        }
        XCTAssertGreaterThan(busyAnswers, 0, "no page was asked for during the run")
        XCTAssertLessThan(slowest, 2.0, "a page waited for the run")
        let done = try request("GET", "/findings", cookie: "recon_session=\(session)")
        XCTAssertTrue(done.body.contains("发现清单"))
        // The run itself was not disturbed: every file stored, reconciled, the database whole.
        XCTAssertTrue(DaemonProcess.waitUntil(60) { d.stderr.components(separatedBy: "reconciled").count - 1 >= 2 }, d.stderr)
        XCTAssertFalse(d.stderr.contains("failed"), d.stderr)
        let db = try Connection(path: d.database, readOnly: true)
        XCTAssertEqual(try db.scalarText("PRAGMA integrity_check"), "ok")
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM files_v1"),
                       Int64(try FileManager.default.contentsOfDirectory(atPath: t.inbox).count))
        d.signal(SIGTERM)
        XCTAssertEqual(d.waitForExit()?.status, 0, d.stderr)
    }
}
