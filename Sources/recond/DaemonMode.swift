import ReconDaemon
import ArgumentParser
import Dispatch
import Foundation
import Logging
import ReconCore
import ReconWeb
#if canImport(Glibc)
import Glibc
#endif

/// `recond run --config FILE`: the daemon's process around `ReconCore.Daemon` — configuration,
/// logging, signals and exit codes (0 stopped cleanly, 1 could not run, 2 bad configuration).
enum DaemonMode {
    /// How long after SIGTERM/SIGINT the process is gone, whatever it was doing: a stop is over within
    /// 10 s, well inside systemd's 90 s stop timeout; an unfinished transaction rolls back and its file
    /// stays in the inbox.
    static let stopDeadline = 9.0

    /// Loads a configuration or exits 2 with the file, line and key of the problem.
    static func loadConfiguration(_ path: String) throws -> Configuration {
        do {
            return try Configuration.load(path: path)
        } catch {
            Terminal.error("recond: bad configuration: \(error)")
            throw ExitCode(2)
        }
    }

    static func run(configPath: String) throws {
        let c = try loadConfiguration(configPath)
        let format = c.logFormat
        let level = LogLevelSetting(Logger.Level(c.logLevel))
        let journald = LogLineHandler.standardErrorIsJournal
        LoggingSystem.bootstrap { label in
            LogLineHandler(label: label, format: format, level: level.level, journald: journald, shared: level)
        }
        let logger = Logger(label: "recond")
        let daemon = Daemon(configuration: c, logger: logger)

        // A reader that went away (a pipe into `head`, a closed log collector) must not kill the daemon.
        signal(SIGPIPE, SIG_IGN)

        // Signals become a stop request handled on a queue of their own (not the default action).
        var sources: [DispatchSourceSignal] = []
        let signals = DispatchQueue(label: "recon.signals")
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: signals)
            source.setEventHandler {
                logger.notice("stop requested", metadata: ["signal": "\(sig == SIGTERM ? "SIGTERM" : "SIGINT")"])
                daemon.stop()
                // The current file's transaction normally ends long before; if not, leaving is safe:
                // an uncommitted transaction is rolled back and its file is still in the inbox.
                signals.asyncAfter(deadline: .now() + stopDeadline) {
                    logger.warning("did not stop in time; exiting (the unfinished transaction is rolled back)")
                    _exit(0)
                }
            }
            source.resume()
            sources.append(source)
        }

        // SIGHUP: read the configuration again; a bad one is logged and the running one stays.
        signal(SIGHUP, SIG_IGN)
        let hangup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: signals)
        hangup.setEventHandler {
            do {
                let new = try Configuration.load(path: configPath)
                let restart = daemon.reload(new)
                level.level = Logger.Level(new.logLevel)
                var meta: Logger.Metadata = ["file": "\(configPath)"]
                if !restart.isEmpty { meta["needs_restart"] = "\(restart.joined(separator: ","))" }
                logger.notice("configuration reloaded", metadata: meta)
            } catch {
                logger.error("configuration not reloaded; the running one stays", metadata: ["file": "\(configPath)", "error": "\(error)"])
            }
        }
        hangup.resume()
        sources.append(hangup)

        do {
            try daemon.start()
        } catch {
            logger.critical("recond cannot start", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
        // The review desk beside it, when the configuration names an address for it.
        let desk = DeskService()
        if let web = c.web {
            do {
                try desk.start(database: c.database, policies: c.policies, host: web.host, port: web.port, logger: logger) { port in
                    logger.info("review desk listening", metadata: ["web": "\(web.host):\(port)"])
                }
            } catch {
                logger.error("the review desk cannot start; the daemon goes on without it", metadata: ["error": "\(error)"])
            }
        }
        daemon.wait()
        desk.stop()
        withExtendedLifetime(sources) {}
    }
}
