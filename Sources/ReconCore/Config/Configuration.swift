import Foundation

/// recond's configuration (TOML). Every key has a default except where noted; relative paths are
/// relative to the configuration file.
///
/// ```toml
/// inbox      = "inbox"
/// archive    = "archive"
/// quarantine = "quarantine"
/// database   = "recon.sqlite"
/// listen     = "127.0.0.1:9464"   # GET /healthz and GET /metrics
/// log_level  = "info"             # trace, debug, info, notice, warning, error, critical
/// log_format = "text"             # or "json"
/// reconcile_at = "06:00"          # daily reconcile time (Beijing), besides after each burst
/// settle_seconds = 5              # a burst of arrivals is reconciled once it settles
/// max_expanded_mb = 8192          # decompression bomb caps
/// max_ratio = 250
/// max_line_mb = 16
///
/// [patterns]                      # override the built-in file-name patterns
/// wechat = "wx_*_{date}.csv.gz"
///
/// [[format]]                      # declare a new channel layout (see DeclaredFormat)
/// [[policy]]                      # a coverage year's policy (see PolicySet)
/// ```
public struct Configuration: Sendable {
    public var inbox = "inbox"
    public var archive = "archive"
    public var quarantine = "quarantine"
    public var database = "recon.sqlite"
    public var listen = "127.0.0.1:9464"
    public var logLevel = "info"
    public var logFormat = "text"
    public var reconcileAt: String?
    public var settleSeconds = 5
    public var limits = InflateLimits.default
    public var maxLineBytes = 16 << 20
    public var registry = FormatRegistry.builtin
    /// `[[policy]]` tables, read by the rule engine.
    public var policyTables: [TOMLTable] = []

    public init() {}

    static let keys: Set<String> = [
        "inbox", "archive", "quarantine", "database", "listen", "log_level", "log_format", "reconcile_at",
        "settle_seconds", "max_expanded_mb", "max_ratio", "max_line_mb", "patterns", "format", "policy",
    ]

    /// Reads and checks a configuration file; errors say the file, line and key.
    public static func load(path: String) throws -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, "cannot read the configuration file")
        }
        let table: TOMLTable
        do {
            table = try TOMLParser.parse(utf8: Array(data))
        } catch let e as TOMLError {
            throw ConfigError(file: path, line: e.line, "\(e.message) (column \(e.column))")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            return try parse(table, base: base)
        } catch var e as ConfigError {
            e.file = path
            throw e
        }
    }

    /// Reads a parsed configuration; relative paths are resolved against `base`.
    public static func parse(_ table: TOMLTable, base: String) throws -> Configuration {
        let t = TableReader(table: table, path: "")
        try t.rejectUnknown(keys)
        var c = Configuration()
        func path(_ key: String, _ value: String) throws -> String {
            let v = try t.string(key) ?? value
            guard !v.isEmpty else { throw t.fail(key, "must not be empty") }
            return v.hasPrefix("/") ? v : base + "/" + v
        }
        c.inbox = try path("inbox", c.inbox)
        c.archive = try path("archive", c.archive)
        c.quarantine = try path("quarantine", c.quarantine)
        c.database = try path("database", c.database)
        c.listen = try t.string("listen") ?? c.listen
        guard let colon = c.listen.lastIndex(of: ":"), let port = Int(c.listen[c.listen.index(after: colon)...]),
              (1...65535).contains(port) else {
            throw t.fail("listen", "'\(c.listen)' is not HOST:PORT")
        }
        c.logLevel = try t.string("log_level") ?? c.logLevel
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        guard levels.contains(c.logLevel) else { throw t.fail("log_level", "must be one of \(levels.joined(separator: ", "))") }
        c.logFormat = try t.string("log_format") ?? c.logFormat
        guard ["text", "json"].contains(c.logFormat) else { throw t.fail("log_format", "must be text or json") }
        if let at = try t.string("reconcile_at") {
            let parts = at.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else {
                throw t.fail("reconcile_at", "'\(at)' is not HH:MM")
            }
            c.reconcileAt = at
        }
        if let s = try t.int("settle_seconds") {
            guard s >= 0 else { throw t.fail("settle_seconds", "must not be negative") }
            c.settleSeconds = s
        }
        if let mb = try t.int("max_expanded_mb") {
            guard mb > 0 else { throw t.fail("max_expanded_mb", "must be positive") }
            c.limits.maxExpandedBytes = Int64(mb) << 20
        }
        if let r = try t.int("max_ratio") {
            guard r > 1 else { throw t.fail("max_ratio", "must be above 1") }
            c.limits.maxRatio = Int64(r)
        }
        if let mb = try t.int("max_line_mb") {
            guard mb > 0 else { throw t.fail("max_line_mb", "must be positive") }
            c.maxLineBytes = mb << 20
        }
        if let patterns = try t.table("patterns") {
            for entry in patterns.table {
                guard let s = entry.value.stringValue, let p = FilePattern(s) else {
                    throw patterns.fail(entry.key, "expected a pattern string (*, {date}, {date6})")
                }
                guard c.registry.setPattern(p, for: entry.key) else {
                    throw patterns.fail(entry.key, "no format of that name")
                }
            }
        }
        if let v = table["format"] {
            guard let list = v.arrayValue else { throw t.fail("format", "use [[format]] tables") }
            var declared: [FileFormat] = []
            for (i, e) in list.enumerated() {
                guard let ft = e.tableValue else { throw t.fail("format", "use [[format]] tables") }
                let f = try DeclaredFormat.read(TableReader(table: ft, path: "format[\(i + 1)]"))
                if c.registry.formats.contains(where: { $0.name == f.name }) || declared.contains(where: { $0.name == f.name }) {
                    throw ConfigError(line: ft.line(of: "name"), key: "format[\(i + 1)].name", "'\(f.name)' is already a format")
                }
                declared.append(f)
            }
            // Declared formats are tried first: a specific new layout wins over a broad default pattern.
            c.registry.formats = declared + c.registry.formats
        }
        if let v = table["policy"] {
            guard let list = v.arrayValue else { throw t.fail("policy", "use [[policy]] tables") }
            c.policyTables = try list.map { e in
                guard let pt = e.tableValue else { throw t.fail("policy", "use [[policy]] tables") }
                return pt
            }
        }
        return c
    }

    /// The file reader these settings describe.
    public var fileReader: FileReader {
        FileReader(registry: registry, limits: limits, maxLineBytes: maxLineBytes)
    }
}
