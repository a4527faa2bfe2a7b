import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// systemd's notification protocol (`sd_notify(3)`) without libsystemd: datagrams to the socket named
/// by `NOTIFY_SOCKET` (a path, or an abstract name when it starts with `@`). Does nothing when the
/// variable is not set, so the same binary runs under systemd and anywhere else.
public final class SystemdNotifier: @unchecked Sendable {
    private let address: [UInt8]?
    /// `WATCHDOG_USEC` for this process: how often systemd expects `WATCHDOG=1`.
    public let watchdogInterval: Double?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let socket = environment["NOTIFY_SOCKET"], !socket.isEmpty {
            var bytes = Array(socket.utf8)
            if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
            address = bytes
        } else {
            address = nil
        }
        // WATCHDOG_PID, when set, names the process the watchdog is for.
        let forUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if forUs, let usec = environment["WATCHDOG_USEC"].flatMap(Double.init), usec > 0 {
            watchdogInterval = usec / 1e6
        } else {
            watchdogInterval = nil
        }
    }

    public var isEnabled: Bool { address != nil }

    /// Sends one notification (`READY=1`, `WATCHDOG=1`, `STATUS=…`, several joined by newlines).
    @discardableResult
    public func notify(_ state: String) -> Bool {
        guard let address else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var a = sockaddr_un()
        a.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: a.sun_path)
        guard address.count < capacity else { return false }
        withUnsafeMutableBytes(of: &a.sun_path) { p in
            for (i, b) in address.enumerated() { p[i] = b }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + address.count)
        let bytes = Array(state.utf8)
        let sent = withUnsafePointer(to: &a) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), sa, length) }
            }
        }
        return sent == bytes.count
    }
}
