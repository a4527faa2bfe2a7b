import Foundation

/// Tells systemd how the daemon is doing (`Type=notify`), from a thread of its own that reads the loop's
/// heartbeat in `Metrics`:
/// - `READY=1` once the first reconciliation since the start has run (with its outcome in `STATUS=`);
///   until then, `EXTEND_TIMEOUT_USEC` while the loop makes progress, so a long first run of a large
///   county is not killed by the start timeout but a stuck one is;
/// - `WATCHDOG=1` every half watchdog interval as long as the loop's heartbeat is fresh
///   (`stall_seconds`): a loop stuck on a hung inbox or run stops the pings and systemd restarts it.
final class ServiceWatch: @unchecked Sendable {
    private let metrics: Metrics
    private let notifier: SystemdNotifier
    private let stopped = NSCondition()
    private var stopping = false

    init(metrics: Metrics, notifier: SystemdNotifier) {
        self.metrics = metrics
        self.notifier = notifier
    }

    func start() {
        guard notifier.isEnabled else { return }
        let thread = Thread { [self] in run() }
        thread.name = "recon-systemd"
        thread.start()
    }

    func stop() {
        stopped.lock()
        stopping = true
        stopped.broadcast()
        stopped.unlock()
    }

    private func run() {
        let tick = min(1.0, (notifier.watchdogInterval ?? 2) / 2)
        var ready = false
        var lastPing = 0.0
        stopped.lock()
        defer { stopped.unlock() }
        while !stopping {
            stopped.unlock()
            let now = ProcessInfo.processInfo.systemUptime
            let health = metrics.health(now: now)
            if !ready, let run = metrics.lastRun {
                ready = true
                notifier.notify("READY=1\nSTATUS=" + (run.ok ? "first reconciliation done" : "first reconciliation failed; retrying"))
            } else if !ready, health != .stalled {
                notifier.notify("EXTEND_TIMEOUT_USEC=\(Int(tick * 4e6))")
            }
            if let interval = notifier.watchdogInterval, health != .stalled, now - lastPing >= interval / 2 {
                notifier.notify("WATCHDOG=1")
                lastPing = now
            }
            stopped.lock()
            if !stopping { _ = stopped.wait(until: Date().addingTimeInterval(tick)) }
        }
    }
}
