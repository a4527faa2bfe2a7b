import Foundation
import ReconCore
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A real `recond run --config` process for tests: a folder with its configuration, inbox, archive,
/// quarantine and database; its stderr collected; HTTP GETs over a real socket to the port it bound.
package final class DaemonProcess: @unchecked Sendable {
    private let folder: TemporaryFolder
    package var root: String { folder.path }
    package var config: String { root + "/recond.toml" }
    package var inbox: String { root + "/inbox" }
    package var archive: String { root + "/archive" }
    package var quarantine: String { root + "/quarantine" }
    package var database: String { root + "/recon.sqlite" }
    private var process: Process?
    private let output = NSLock()
    private var stderrText = ""

    /// Makes the folder and writes a configuration with fast polling and `listen` on a free port.
    package init(extra: String = "", settle: Double = 0.3, stable: Double = 0.3) throws {
        folder = try TemporaryFolder("recond-test")
        try FileManager.default.createDirectory(atPath: folder.file("inbox"), withIntermediateDirectories: true)
        let text = """
            inbox      = "inbox"
            archive    = "archive"
            quarantine = "quarantine"
            database   = "recon.sqlite"
            listen     = "127.0.0.1:0"
            poll_seconds = 0.1
            stable_seconds = \(stable)
            settle_seconds = \(settle)
            \(extra)
            """
        try text.write(toFile: config, atomically: true, encoding: .utf8)
    }

    deinit {
        if let p = process, p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
    }

    package var stderr: String { output.lock(); defer { output.unlock() }; return stderrText }
    package var pid: Int32 { process?.processIdentifier ?? 0 }

    /// Variables added to recond's environment; `journalStream` sets `JOURNAL_STREAM` to its stderr pipe,
    /// as systemd does for a service logging to the journal.
    package var environment: [String: String] = [:]
    package var journalStream = false

    /// Starts recond; returns once it said it started (or failed to).
    package func start(waitForStart: Bool = true) throws {
        output.lock(); stderrText = ""; output.unlock()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ToolProcess.recond)
        p.arguments = ["run", "--config", config]
        let err = Pipe()
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if journalStream {
            var st = stat()
            fstat(err.fileHandleForWriting.fileDescriptor, &st)
            env["JOURNAL_STREAM"] = "\(st.st_dev):\(st.st_ino)"
        }
        p.environment = env
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        err.fileHandleForReading.readabilityHandler = { [weak self] h in
            let data = h.availableData
            guard let self, !data.isEmpty else { return }
            self.output.lock()
            self.stderrText += String(decoding: data, as: UTF8.self)
            self.output.unlock()
        }
        try p.run()
        process = p
        if waitForStart {
            XCTAssertTrue(DaemonProcess.waitUntil(60) { self.stderr.contains("recond started") || !p.isRunning }, stderr)
        }
    }

    /// The port from the "recond started … listen=127.0.0.1:PORT" line.
    package var port: Int? {
        guard let r = stderr.range(of: "listen=127.0.0.1:") else { return nil }
        return Int(stderr[r.upperBound...].prefix(while: { $0.isNumber }))
    }

    package func signal(_ sig: Int32) { if let p = process { kill(p.processIdentifier, sig) } }

    /// Waits for the process to end; its exit status, or nil if it is still running after `timeout`.
    package func waitForExit(_ timeout: Double = 60) -> (status: Int32, reason: Process.TerminationReason)? {
        guard let p = process else { return nil }
        guard DaemonProcess.waitUntil(timeout, { !p.isRunning }) else { return nil }
        p.waitUntilExit()
        // Let the last of stderr arrive.
        _ = DaemonProcess.waitUntil(1) { false }
        return (p.terminationStatus, p.terminationReason)
    }

    /// GET over a real TCP connection to the daemon's port: (status code, body).
    package func get(_ path: String, method: String = "GET") throws -> (status: Int, body: String) {
        guard let port else { throw NSError(domain: "test", code: 1, userInfo: [NSLocalizedDescriptionKey: "no port in: \(stderr)"]) }
        return try DaemonProcess.http(port: port, path: path, method: method)
    }

    package static func http(port: Int, path: String, method: String = "GET") throws -> (status: Int, body: String) {
        let r = try exchange(port: port, request: Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        return (r.status, r.body)
    }

    /// A TCP connection to 127.0.0.1:`port` (the caller closes it).
    package static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &a.sin_addr)
        let ok = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
        return fd
    }

    /// Sends `request` as it is and reads the response to its end: (status code, body).
    package static func exchange(port: Int, request: [UInt8]) throws -> (status: Int, body: String, head: String) {
        let fd = try connect(port: port)
        defer { close(fd) }
        var sent = 0
        while sent < request.count {
            let n = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }   // the server may answer (and close) before it has read everything
            sent += n
        }
        var response = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            response.append(contentsOf: buf[0..<n])
        }
        let text = String(decoding: response, as: UTF8.self)
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        let split = text.range(of: "\r\n\r\n")
        let body = split.map { String(text[$0.upperBound...]) } ?? ""
        return (status, body, split.map { String(text[..<$0.lowerBound]) } ?? text)
    }

    /// `/healthz` parsed.
    package func health() throws -> [String: Any] {
        let r = try get("/healthz")
        return (try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any]) ?? [:]
    }

    /// `/metrics` as sample name (with labels) → value.
    package func metrics() throws -> [String: Double] {
        var out: [String: Double] = [:]
        for line in try get("/metrics").body.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let v = Double(line[line.index(after: space)...]) else { continue }
            out[String(line[..<space])] = v
        }
        return out
    }

    /// Polls `condition` every 50 ms for up to `timeout` seconds.
    package static func waitUntil(_ timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// Puts a file into the inbox the way a careful sender does: written as `*.part`, then renamed.
    package func drop(_ name: String, bytes: [UInt8]) throws {
        let part = inbox + "/" + name + ".part"
        try Data(bytes).write(to: URL(fileURLWithPath: part))
        XCTAssertEqual(rename(part, inbox + "/" + name), 0)
    }

    /// Every file under a folder (relative paths), recursively.
    package static func files(under dir: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
        var out: [String] = []
        while let p = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + p, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
        }
        return out.sorted()
    }

    package func inboxFiles() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: inbox))?.sorted() ?? [] }
}
