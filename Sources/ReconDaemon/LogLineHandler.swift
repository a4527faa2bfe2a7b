import Foundation
import Logging
import ReconCore

/// recon's swift-log handler: one line per event, human text or JSON, with every ID number masked
/// (RULES.md: first 6 and last 4 shown) in the message and in every metadata value.
///
/// Text: `2026-05-01 02:13:07 info file ingested file=wx_..._20240915.csv.gz rows=1200`
/// JSON: `{"file":"wx_...","level":"info","msg":"file ingested","rows":"1200","ts":"2026-05-01 02:13:07"}`
/// Times are Beijing time, as in the database.
public struct LogLineHandler: LogHandler {
    /// How lines are written.

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let format: LogFormat
    let sink: LogSink

    /// - Parameters:
    ///   - sink: where lines go (standard error by default).
    public init(label: String, format: LogFormat, level: Logger.Level, sink: LogSink = .standardError) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let m = event.metadata { all.merge(m) { $1 } }
        sink.write(line(time: BeijingClock.now(), level: event.level, message: event.message.description, metadata: all))
    }

    /// One formatted, masked line (without the newline).
    public func line(time: String, level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        let msg = IDMask.redact(message)
        let keys = metadata.keys.sorted()
        switch format {
        case .text:
            var out = "\(time) \(level.rawValue) \(msg.unicodeScalars.contains { $0.value < 0x20 } ? JSONValue.string(msg).text : msg)"
            for k in keys {
                let v = IDMask.redact(metadata[k]!.description)
                // Quote values a reader would otherwise split wrongly; control characters (a newline in a
                // file name) are escaped, so that no value can forge a log line of its own.
                let needsQuotes = v.isEmpty || v.unicodeScalars.contains(where: {
                    $0 == " " || $0 == "\"" || $0 == "=" || $0.value < 0x20 || $0.value == 0x7F
                })
                out += " \(k)=" + (needsQuotes ? JSONValue.string(v).text : v)
            }
            return out
        case .json:
            var object: [String: JSONValue] = ["ts": .string(time), "level": .string(level.rawValue), "msg": .string(msg)]
            for k in keys where object[k] == nil {
                object[k] = .string(IDMask.redact(metadata[k]!.description))
            }
            return JSONValue.object(object).text
        }
    }
}

/// Where log lines go: one `write(2)` per line, serialised, so lines from threads never interleave.
public final class LogSink: @unchecked Sendable {
    private let lock = NSLock()
    private let write: (String) -> Void

    public init(_ write: @escaping (String) -> Void) { self.write = write }

    public func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        write(line)
    }

    public static let standardError = LogSink { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension Logger.Level {
    /// The swift-log level of a configured `log_level` (the same names).
    public init(_ level: LogLevel) {
        switch level {
        case .trace: self = .trace
        case .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }
}
