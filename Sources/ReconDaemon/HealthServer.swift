import ReconCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server for `GET /healthz`, `/readyz` and `/metrics` on a dedicated thread, with
/// plain POSIX sockets.
///
/// Why not hummingbird/NIO: three read-only endpoints over loopback need no event loop, and the cost
/// of one (most of a cold debug build, on every CI run) buys nothing here. A thread of its own also
/// means the answers never wait for the batch work: they are built from `Metrics`, in memory.
///
/// Slow or hostile clients cannot starve it: every connection is non-blocking and served from one
/// `poll(2)` loop, a request head must arrive within `requestSeconds` and fit in `maxHeadBytes`
/// (else 408 / 431), and beyond `maxClients` open connections the oldest is dropped so a new one is
/// always heard. One request per connection (`Connection: close`).
public final class HealthServer: @unchecked Sendable {
    public let host: String
    /// The port bound (the chosen one when 0 was asked for).
    public private(set) var port: Int
    let metrics: Metrics
    private var listener: Int32 = -1
    private let stopped = NSCondition()
    private var stopping = false
    private var finished = false
    static let maxHeadBytes = 8192
    static let maxClients = 64
    static let requestSeconds = 5.0

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

    /// One open connection: what it sent so far, or what is left to send it.
    private struct Client {
        let fd: Int32
        let deadline: Double
        var request: [UInt8] = []
        var response: [UInt8]? = nil
        var sent = 0
    }

    private func serve() {
        _ = fcntl(listener, F_SETFL, fcntl(listener, F_GETFL) | O_NONBLOCK)
        var clients: [Client] = []
        defer {
            for c in clients { close(c.fd) }
            close(listener)
            stopped.lock()
            finished = true
            stopped.broadcast()
            stopped.unlock()
        }
        var buf = [UInt8](repeating: 0, count: 4096)
        while !isStopping {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            for c in clients { fds.append(pollfd(fd: c.fd, events: Int16(c.response == nil ? POLLIN : POLLOUT), revents: 0)) }
            if poll(&fds, nfds_t(fds.count), 200) < 0 && errno != EINTR { continue }
            let now = ProcessInfo.processInfo.systemUptime
            var closing = Set<Int32>()
            for i in clients.indices where fds[i + 1].revents != 0 {
                if clients[i].response == nil {
                    let n = recv(clients[i].fd, &buf, buf.count, 0)
                    if n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) { closing.insert(clients[i].fd); continue }
                    if n > 0 { clients[i].request.append(contentsOf: buf[0..<n]) }
                    if clients[i].request.count > Self.maxHeadBytes {
                        clients[i].response = Self.response(431, "Request Header Fields Too Large", "text/plain; charset=utf-8",
                                                            "request head larger than \(Self.maxHeadBytes) bytes\n", head: true)
                    } else if HealthServer.headEnds(clients[i].request) {
                        clients[i].response = HealthServer.respond(to: clients[i].request, metrics: metrics)
                    }
                }
                if let response = clients[i].response {
                    let n = response.withUnsafeBytes {
                        send(clients[i].fd, $0.baseAddress! + clients[i].sent, response.count - clients[i].sent, Int32(MSG_NOSIGNAL))
                    }
                    if n > 0 { clients[i].sent += n }
                    if clients[i].sent >= response.count || (n < 0 && errno != EAGAIN && errno != EINTR) {
                        closing.insert(clients[i].fd)
                    }
                }
            }
            for c in clients where now > c.deadline && !closing.contains(c.fd) {
                // Too slow: a head still incomplete is told so (best effort), a response is abandoned.
                if c.response == nil {
                    let r = Self.response(408, "Request Timeout", "text/plain; charset=utf-8", "request timeout\n", head: true)
                    _ = r.withUnsafeBytes { send(c.fd, $0.baseAddress!, r.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
                }
                closing.insert(c.fd)
            }
            if !closing.isEmpty {
                for fd in closing { close(fd) }
                clients.removeAll { closing.contains($0.fd) }
            }
            if fds[0].revents != 0 {
                while true {
                    let fd = accept(listener, nil, nil)
                    if fd < 0 { break }
                    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                    if clients.count >= Self.maxClients {
                        close(clients[0].fd)
                        clients.removeFirst()
                    }
                    clients.append(Client(fd: fd, deadline: now + Self.requestSeconds))
                }
            }
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
            let (healthy, body) = metrics.healthResponse()
            return healthy ? response(200, "OK", "application/json", body, head: withBody)
                : response(503, "Service Unavailable", "application/json", body, head: withBody)
        case "/readyz":
            return metrics.isReady
                ? response(200, "OK", "application/json", "{\"ready\":true}\n", head: withBody)
                : response(503, "Service Unavailable", "application/json",
                           "{\"ready\":false,\"reason\":\"the first reconciliation since the start is not done\"}\n", head: withBody)
        case "/metrics":
            return response(200, "OK", "text/plain; version=0.0.4; charset=utf-8", metrics.prometheusText(), head: withBody)
        default:
            return response(404, "Not Found", "text/plain; charset=utf-8", "not found: GET /healthz, /readyz or /metrics\n", head: withBody)
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
