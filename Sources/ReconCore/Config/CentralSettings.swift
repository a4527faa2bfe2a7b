/// `[central]` of recond's configuration (CENTRAL.md): where this county pushes, as which county.
///
/// ```toml
/// [central]
/// url           = "postgresql://recon_370406@127.0.0.1:5432/recon"  # no password here
/// password_file = "/etc/recon/central.pass"   # mode 0600; left out: libpq's PGPASSFILE / ~/.pgpass
/// county        = "370406"                    # must match the roster's 乡镇代码
/// ```
public struct CentralSettings: Sendable, Equatable {
    public var url: String
    /// Absolute path; nil: libpq finds the password itself (PGPASSFILE).
    public var passwordFile: String?
    /// The county's 6-digit code.
    public var county: String

    static let keys: Set<String> = ["url", "password_file", "county"]

    static func read(_ t: TableReader, base: String) throws -> CentralSettings {
        try t.rejectUnknown(keys)
        guard let url = try t.string("url") else { throw t.fail("url", "is required (postgresql://recon_COUNTY@HOST:PORT/DB)") }
        guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
            throw t.fail("url", "must be a postgresql:// URL")
        }
        if Self.holdsPassword(url) { throw t.fail("url", "must not hold a password: put it in password_file (mode 0600)") }
        guard let county = try t.string("county") else { throw t.fail("county", "is required: the county's 6-digit code") }
        guard county.utf8.count == 6, county.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw t.fail("county", "'\(county)' is not a 6-digit county code")
        }
        var file = try t.string("password_file")
        if let f = file, !f.hasPrefix("/") { file = base + "/" + f }
        return CentralSettings(url: url, passwordFile: file, county: county)
    }

    /// Whether a PostgreSQL URL carries a password (`user:secret@…` or `?password=`), which would sit in
    /// a readable file, on a command line or in an error message.
    public static func holdsPassword(_ url: String) -> Bool {
        let rest = url.drop { $0 != "/" }.dropFirst(2)
        if let at = rest.firstIndex(of: "@"), rest[..<at].contains(":") { return true }
        return url.contains("password=")
    }

    public init(url: String, passwordFile: String?, county: String) {
        self.url = url; self.passwordFile = passwordFile; self.county = county
    }
}
