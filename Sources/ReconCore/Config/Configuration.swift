import TOML
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// recond's configuration (TOML). Every key has a default except where noted; relative paths are
/// relative to the configuration file.
///
/// ```toml
/// inbox      = "inbox"
/// archive    = "archive"
/// quarantine = "quarantine"
/// database   = "recon.sqlite"
/// listen     = "127.0.0.1:9464"   # GET /healthz and GET /metrics
/// web        = "127.0.0.1:8080"   # the review desk (left out: not served by the daemon)
/// log_level  = "info"             # trace, debug, info, notice, warning, error, critical
/// log_format = "text"             # or "json"
/// reconcile_at = "06:00"          # daily reconcile time (Beijing), besides after each burst
/// settle_seconds = 5              # a burst of arrivals is reconciled once it settles
/// poll_seconds = 1                # how often the inbox is looked at
/// stable_seconds = 2              # a file is taken once its size and mtime held this long
/// stall_seconds = 900             # /healthz says 503 (and systemd's watchdog restarts) after the
///                                 # daemon loop has made no progress this long
/// max_expanded_mb = 8192          # decompression bomb caps
/// max_ratio = 250
/// max_line_mb = 16
/// max_file_mb = 2048              # a larger (compressed) file is left in the inbox with a warning
/// workers = 0                     # parse threads; 0 = one per core
/// policy_files = ["policy-2025.toml"]   # more [[policy]] tables, one file per year if wished
///
/// [patterns]                      # override the built-in file-name patterns
/// wechat = "wx_*_{date}.csv.gz"
///
/// [[format]]                      # declare a new channel layout (see DeclaredFormat)
/// [[policy]]                      # a coverage year's policy (see PolicySet)
/// [central]                       # push to a city's or province's store (see CentralSettings)
/// ```
public struct Configuration: Sendable {
    public var inbox = "inbox"
    public var archive = "archive"
    public var quarantine = "quarantine"
    public var database = "recon.sqlite"
    public var listen = ListenAddress(host: "127.0.0.1", port: 9464, description: "127.0.0.1:9464")
    /// Where the daemon serves the review desk (nil: it does not; `recon-report serve` can).
    public var web: ListenAddress?
    public var logLevel = LogLevel.info
    public var logFormat = LogFormat.text
    public var reconcileAt: DailySchedule?
    public var settleSeconds = 5.0
    public var pollSeconds = 1.0
    public var stableSeconds = 2.0
    /// How long the daemon loop may go without progress before it counts as stuck.
    public var stallSeconds = 900.0
    public var limits = InflateLimits.default
    public var maxLineBytes = 16 << 20
    public var maxFileBytes = 2048 << 20
    /// Parse threads; 0 means one per core.
    public var workers = 0
    public var registry = FormatRegistry.builtin
    /// `[[policy]]` tables, read by the rule engine.
    public var policyTables: [TOMLTable] = []
    /// Files of further `[[policy]]` tables (absolute paths).
    var policyFiles: [String] = []
    /// The coverage-year policies: 2024 built in, then `[[policy]]` tables, then `policy_files`.
    public var policies = PolicySet.builtin
    /// Where the county pushes after each run and on `recond push` (nil: nowhere).
    public var central: CentralSettings?

    /// `listen` split into host and port (port 0: any free port).
    public var listenAddress: (host: String, port: Int) { (listen.host, listen.port) }

    public init() {}

    static let keys: Set<String> = [
        "inbox", "archive", "quarantine", "database", "listen", "web", "log_level", "log_format", "reconcile_at",
        "settle_seconds", "poll_seconds", "stable_seconds", "stall_seconds", "max_expanded_mb", "max_ratio", "max_line_mb",
        "max_file_mb", "workers", "policy_files", "patterns", "format", "policy", "central",
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
            if e.file == nil { e.file = path }
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
        func address(_ key: String, _ text: String, example: String) throws -> ListenAddress {
            guard let colon = text.lastIndex(of: ":"), colon > text.startIndex,
                  let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
                throw t.fail(key, "'\(text)' is not HOST:PORT (e.g. \(example); port 0 picks a free one)")
            }
            var host = String(text[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard host == "localhost" || Configuration.isIPAddress(host) else {
                throw t.fail(key, "'\(host)' is not an IP address or localhost (e.g. \(example), [::1]:\(example.split(separator: ":").last!))")
            }
            return ListenAddress(host: host, port: port, description: text)
        }
        c.listen = try address("listen", try t.string("listen") ?? c.listen.description, example: "127.0.0.1:9464")
        if let web = try t.string("web") { c.web = try address("web", web, example: "127.0.0.1:8080") }
        if let level = try t.string("log_level") {
            guard let l = LogLevel(rawValue: level) else {
                throw t.fail("log_level", "must be one of \(LogLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            c.logLevel = l
        }
        if let format = try t.string("log_format") {
            guard let f = LogFormat(rawValue: format) else { throw t.fail("log_format", "must be text or json") }
            c.logFormat = f
        }
        if let at = try t.string("reconcile_at") {
            guard let schedule = DailySchedule(at) else { throw t.fail("reconcile_at", "'\(at)' is not a time HH:MM (00:00 to 23:59)") }
            c.reconcileAt = schedule
        }
        if let s = try t.seconds("settle_seconds") {
            guard s >= 0 else { throw t.fail("settle_seconds", "must not be negative") }
            c.settleSeconds = s
        }
        if let s = try t.seconds("poll_seconds") {
            guard s >= 0.05, s <= 3600 else { throw t.fail("poll_seconds", "must be between 0.05 and 3600") }
            c.pollSeconds = s
        }
        if let s = try t.seconds("stable_seconds") {
            guard s >= 0 else { throw t.fail("stable_seconds", "must not be negative") }
            c.stableSeconds = s
        }
        if let s = try t.seconds("stall_seconds") {
            guard s >= 1 else { throw t.fail("stall_seconds", "must be at least 1") }
            c.stallSeconds = s
        }
        if let mb = try t.int("max_file_mb") {
            guard mb > 0, mb <= 1 << 20 else { throw t.fail("max_file_mb", "must be positive") }
            c.maxFileBytes = mb << 20
        }
        if let n = try t.int("workers") {
            guard (0...256).contains(n) else { throw t.fail("workers", "must be 0 (one per core) to 256") }
            c.workers = n
        }
        // The daemon moves files out of the inbox: a folder used twice would lose track of them.
        let folders = [("inbox", c.inbox), ("archive", c.archive), ("quarantine", c.quarantine)]
        for (i, a) in folders.enumerated() {
            for b in folders[(i + 1)...] where standardised(a.1) == standardised(b.1) {
                throw t.fail(b.0, "is the same folder as \(a.0) ('\(b.1)')")
            }
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
        if let central = try t.table("central") { c.central = try CentralSettings.read(central, base: base) }
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
        c.policies = try PolicySet.load(tables: c.policyTables)
        for file in try t.strings("policy_files") ?? [] {
            let full = file.hasPrefix("/") ? file : base + "/" + file
            guard let data = FileManager.default.contents(atPath: full) else {
                throw t.fail("policy_files", "cannot read '\(full)'")
            }
            do {
                c.policies = try PolicySet.load(text: String(decoding: data, as: UTF8.self), base: c.policies)
            } catch var e as ConfigError {
                e.file = full   // the error is in the policy file, not in this one
                throw e
            }
            c.policyFiles.append(full)
        }
        return c
    }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    static func standardised(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// `listen`, read at load: where the health server listens.
    public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        /// 0: any free port.
        public var port: Int
        /// As the configuration says it (`[::1]:9464`).
        public var description: String
    }

    /// The file reader these settings describe.
    public var fileReader: FileReader {
        FileReader(registry: registry, limits: limits, maxLineBytes: maxLineBytes)
    }
}
