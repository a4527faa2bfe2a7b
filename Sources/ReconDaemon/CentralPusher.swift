import Foundation
import Logging
import ReconCentral
import ReconCore

/// The daemon's pushes to the central store (`[central]`): after each successful run, on a thread of
/// their own, so a slow or absent central server never holds up the county's own work. A failed push
/// is logged, shown in `/healthz` and the metrics, and tried again after 30 s, then after twice as
/// long each time up to 10 minutes; a push asked for while one runs follows it once.
final class CentralPusher: @unchecked Sendable {
    private let queue = DispatchQueue(label: "recon.central-push")
    private let lock = NSLock()
    private var running = false
    private var again = false
    private var retryAt: Date?
    private var backoff: TimeInterval = 30
    private let settings: @Sendable () -> (CentralSettings, String)?
    private let metrics: Metrics
    private let logger: Logger

    /// `settings` gives the configuration in force (it may change on a reload) and the database path.
    init(settings: @escaping @Sendable () -> (CentralSettings, String)?, metrics: Metrics, logger: Logger) {
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
    }

    /// Asks for a push (after a run, or a reload); nothing happens without `[central]`.
    func request() {
        guard settings() != nil else { return }
        lock.lock()
        if running { again = true; lock.unlock(); return }
        running = true
        retryAt = nil
        lock.unlock()
        queue.async { self.push() }
    }

    /// Called by the loop: asks again once a failed push's wait is over.
    func retryIfDue(now: Date = Date()) {
        lock.lock()
        let due = retryAt.map { now >= $0 } ?? false
        lock.unlock()
        if due { request() }
    }

    private func push() {
        while let (central, database) = settings() {
            let started = Date()
            do {
                let o = try CountyPush(settings: central, database: database).run()
                metrics.pushFinished(ok: true, error: nil, at: Date())
                logger.info("pushed to the central store", metadata: [
                    "county": "\(central.county)", "push_id": .stringConvertible(o.pushID), "payments": .stringConvertible(o.payments),
                    "findings": .stringConvertible(o.findings), "seconds": "\(String(format: "%.3f", Date().timeIntervalSince(started)))",
                ])
                lock.lock(); backoff = 30; lock.unlock()
            } catch {
                metrics.pushFinished(ok: false, error: "\(error)", at: Date())
                lock.lock()
                let wait = backoff
                retryAt = Date().addingTimeInterval(wait)
                backoff = min(backoff * 2, 600)
                lock.unlock()
                logger.error("push to the central store failed; the county's own work is not affected", metadata: [
                    "county": "\(central.county)", "error": "\(error)", "retry_in_seconds": .stringConvertible(Int(wait)),
                ])
            }
            lock.lock()
            if again && retryAt == nil {
                again = false
                lock.unlock()
                continue
            }
            again = false
            running = false
            lock.unlock()
            return
        }
        lock.lock(); running = false; lock.unlock()
    }
}
