import Foundation
import Logging
import ReconCore

/// recon's swift-log handler: one line per event, human text or JSON, with every ID number masked
/// (RULES.md: first 6 and last 4 shown) in the message and in every metadata value.
///
/// Text: `2026-05-01T02:13:07.250+08:00 info file ingested file=wx_..._20240915.csv.gz rows=1200`
/// JSON: `{"file":"wx_...","level":"info","msg":"file ingested","rows":1200,"ts":"2026-05-01T02:13:07.250+08:00"}`
/// Times are RFC 3339 with milliseconds and the offset (Beijing time, the database's clock). In JSON,
/// metadata given as numbers or booleans (`.stringConvertible`) stay numbers and booleans.
///
/// Under systemd's journal (`journald`), each line starts with its syslog priority (`<3>` for an
/// error), so `journalctl -p err` finds the errors.
public struct LogLineHandler: LogHandler {

    public var metadata: Logger.Metadata = [:]
    /// The level: the shared setting's when there is one (see `LogLevelSetting`).
    public var logLevel: Logger.Level {
        get { shared?.level ?? fixedLevel }
        set { if let shared { shared.level = newValue } else { fixedLevel = newValue } }
    }
    private var fixedLevel: Logger.Level
    private let shared: LogLevelSetting?
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let format: LogFormat
    let sink: LogSink
    let journald: Bool

    /// - Parameters:
    ///   - sink: where lines go (standard error by default).
    ///   - journald: prefix each line with its syslog priority (see `standardErrorIsJournal`).
    public init(label: String, format: LogFormat, level: Logger.Level, sink: LogSink = .standardError,
                journald: Bool = false, shared: LogLevelSetting? = nil) {
        self.label = label
        self.format = format
        self.fixedLevel = level
        self.shared = shared
        self.sink = sink
        self.journald = journald
    }

    /// Whether standard error is systemd's journal: `JOURNAL_STREAM` names its device and inode.
    public static var standardErrorIsJournal: Bool {
        guard let stream = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] else { return false }
        let parts = stream.split(separator: ":")
        var st = stat()
        guard parts.count == 2, fstat(2, &st) == 0 else { return false }
        return UInt64(parts[0]) == UInt64(st.st_dev) && UInt64(parts[1]) == UInt64(st.st_ino)
    }

    /// The syslog priority journald reads from a `<N>` prefix.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let m = event.metadata { all.merge(m) { $1 } }
        let text = line(time: BeijingClock.rfc3339(), level: event.level, message: event.message.description, metadata: all)
        sink.write(journald ? "<\(Self.priority(event.level))>" + text : text)
    }

    /// A metadata value as JSON: numbers and booleans typed, text masked.
    static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let s): return .string(IDMask.redact(s))
        case .stringConvertible(let v):
            switch v {
            case let b as Bool: return .bool(b)
            case let i as any BinaryInteger: return Int64(exactly: i).map(JSONValue.int) ?? .string(v.description)
            case let d as Double: return .number(d)
            default: return .string(IDMask.redact(v.description))
            }
        case .array(let a): return .array(a.map(json))
        case .dictionary(let d): return .object(d.mapValues(json))
        }
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
                object[k] = Self.json(metadata[k]!)
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
