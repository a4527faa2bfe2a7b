import Foundation
import Hummingbird
import Logging
import ReconCore

/// The review desk served beside the daemon (`web = "HOST:PORT"`): hummingbird's server in a task of
/// its own on Swift's concurrency pool, while the daemon's loop keeps its own thread. It stops when the
/// daemon stops (the daemon handles the signals).
public final class DeskService: @unchecked Sendable {
    private var task: Task<Void, any Error>?
    private let port = Locked<Int?>(nil)

    public init() {}

    /// Starts serving; `onRunning` gets the bound port (the one the kernel chose for port 0).
    public func start(database: String, policies: PolicySet, host: String, port: Int, logger: Logger,
                      onRunning: @escaping @Sendable (Int) -> Void) throws {
        let desk = try ReviewDesk(database: database, policies: policies)
        let bound = self.port
        let app = desk.application(host: host, port: port, logger: logger) { p in
            bound.withLock { $0 = p }
            onRunning(p)
        }
        task = Task { try await app.runService(gracefulShutdownSignals: []) }
    }

    /// The bound port once running.
    public var boundPort: Int? { port.withLock { $0 } }

    public func stop() { task?.cancel() }
}
