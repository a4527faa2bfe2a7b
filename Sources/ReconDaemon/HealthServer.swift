import ReconCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server for `GET /healthz` and `GET /metrics` on a dedicated thread, with plain
/// POSIX sockets.
///
/// Why not hummingbird/NIO: two read-only endpoints over loopback need no event loop, and the cost
/// of one (most of a cold debug build, on every CI run) buys nothing here. A thread of its own also
/// means the answers never wait for the batch work: they are built from `Metrics`, in memory.
/// One connection at a time, one request per connection (`Connection: close`), with read and write
/// timeouts so a stuck client cannot hold the server.
public final class HealthServer: @unchecked Sendable {
    public let host: String
    /// The port bound (the chosen one when 0 was asked for).
    public private(set) var port: Int
    let metrics: Metrics
    private var listener: Int32 = -1
    private let stopped = NSCondition()
    private var stopping = false
    private var finished = false

    /// Binds and listens; `start()` then serves.
    public init(host: String, port: Int, metrics: Metrics) throws {
        self.host = host
        self.port = port
        self.metrics = metrics
        try bind()
    }

    private func bind() throws {
        let name = host == "localhost" ? "127.0.0.1" : host
        let v6 = name.contains(":")
        let fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HealthServerError.socket("socket", errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var ok: Int32
        if v6 {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET6, name, &a.sin6_addr) == 1 else { close(fd); throw HealthServerError.address(host) }
            ok = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET, name, &a.sin_addr) == 1 else { close(fd); throw HealthServerError.address(host) }
            ok = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        guard ok == 0 else { let e = errno; close(fd); throw HealthServerError.socket("bind \(host):\(port)", e) }
        guard listen(fd, 16) == 0 else { let e = errno; close(fd); throw HealthServerError.socket("listen", e) }
        // The port actually bound (port 0 asks the kernel for a free one).
        var bound = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        if v6 {
            port = withUnsafePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) } }
        } else {
            port = withUnsafePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) } }
        }
        listener = fd
    }

    /// Serves on a thread of its own until `stop()`.
    public func start() {
        let thread = Thread { [self] in serve() }
        thread.name = "recon-health"
        thread.start()
    }

    /// Stops accepting and waits (briefly) for the serving thread to let the socket go.
    public func stop() {
        stopped.lock()
        stopping = true
        let deadline = Date().addingTimeInterval(2)
        while !finished, stopped.wait(until: deadline) {}
        stopped.unlock()
    }

    private var isStopping: Bool {
        stopped.lock()
        defer { stopped.unlock() }
        return stopping
    }

    private func serve() {
        defer {
            close(listener)
            stopped.lock()
            finished = true
            stopped.broadcast()
            stopped.unlock()
        }
        while !isStopping {
            var p = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let n = poll(&p, 1, 200)
            if n <= 0 { continue }
            let client = accept(listener, nil, nil)
            if client < 0 { continue }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            handle(client)
            close(client)
        }
    }

    private func handle(_ fd: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 4096)
        // Read the request head (the endpoints take no body).
        while request.count < 16384 {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            request.append(contentsOf: buf[0..<n])
            if HealthServer.headEnds(request) { break }
        }
        let response = HealthServer.respond(to: request, metrics: metrics)
        var sent = 0
        while sent < response.count {
            let n = response.withUnsafeBytes { send(fd, $0.baseAddress! + sent, response.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }
            sent += n
        }
    }

    /// Whether the bytes hold a blank line (the end of a request head).
    static func headEnds(_ b: [UInt8]) -> Bool {
        guard b.count >= 4 else { return false }
        for i in 3..<b.count where b[i] == 10 && b[i - 1] == 13 && b[i - 2] == 10 && b[i - 3] == 13 { return true }
        return false
    }

    /// The whole HTTP response to a request head.
    static func respond(to request: [UInt8], metrics: Metrics) -> [UInt8] {
        let head = String(decoding: request, as: UTF8.self)
        let line = head.split(separator: "\r\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let parts = line.split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else {
            return response(400, "Bad Request", "text/plain; charset=utf-8", "bad request\n", head: true)
        }
        let method = parts[0]
        let path = parts[1].split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        guard method == "GET" || method == "HEAD" else {
            return response(405, "Method Not Allowed", "text/plain; charset=utf-8", "only GET\n", head: true,
                            extra: "Allow: GET, HEAD\r\n")
        }
        let withBody = method == "GET"
        switch path {
        case "/healthz":
            return response(200, "OK", "application/json", metrics.healthJSON(), head: withBody)
        case "/metrics":
            return response(200, "OK", "text/plain; version=0.0.4; charset=utf-8", metrics.prometheusText(), head: withBody)
        default:
            return response(404, "Not Found", "text/plain; charset=utf-8", "not found: GET /healthz or /metrics\n", head: withBody)
        }
    }

    static func response(_ code: Int, _ reason: String, _ type: String, _ body: String, head withBody: Bool,
                         extra: String = "") -> [UInt8] {
        let bytes = Array(body.utf8)
        let header = "HTTP/1.1 \(code) \(reason)\r\nContent-Type: \(type)\r\nContent-Length: \(bytes.count)\r\n"
            + "Cache-Control: no-store\r\nConnection: close\r\n\(extra)\r\n"
        return Array(header.utf8) + (withBody ? bytes : [])
    }
}

/// Why the health server could not listen.
enum HealthServerError: Error, CustomStringConvertible {
    case address(String)
    case socket(String, Int32)

    var description: String {
        switch self {
        case .address(let h): return "'\(h)' is not an IP address (use e.g. 127.0.0.1, ::1 or localhost)"
        case .socket(let what, let e): return "cannot \(what): \(String(cString: strerror(e)))"
        }
    }
}
