import Foundation
import Logging

/// The daemon's log level, shared by every `LogLineHandler` it makes, so a reloaded configuration
/// (SIGHUP) changes the level of loggers that already exist.
public final class LogLevelSetting: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Logger.Level

    public init(_ level: Logger.Level) { value = level }

    public var level: Logger.Level {
        get { lock.lock(); defer { lock.unlock() }; return value }
        set { lock.lock(); value = newValue; lock.unlock() }
    }
}
