import SQLiteStore
/// The recon database: opens it, brings its schema up to date, and answers what the ingest and
/// the rules need to know about what is already stored.
public final class Store: @unchecked Sendable {
    /// The connection to the database (while a new database is built in a side file, to that file:
    /// `SideFile`).
    public let db: Connection
    /// The database file as given to `init`.
    public let path: String
    /// The connection to the file a side file replaced, kept with its exclusive lock (`SideFile.install`).
    var replaced: Connection?
    /// The side file the store's connection writes while a new database is built (`SideFile`).
    var building: String?
    /// The file the store's connection has: where other connections of this process read what it wrote.
    var connectedPath: String { building ?? path }

    /// Opens or creates the database at `path` (mode 0600) and applies pending migrations. A path that
    /// is not a database (`DatabaseFileError`: a folder, another file, another program's SQLite file)
    /// is refused before anything is written.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        if !(path.isEmpty || path == ":memory:" || path.hasPrefix("file:")) {
            try readOnly ? DatabaseFile.checkExisting(path) : DatabaseFile.checkWritable(path)
            try DatabaseFile.checkIsRecon(path)
        }
        db = try Connection(path: path, readOnly: readOnly)
        if !readOnly { try migrate() }
    }

    /// Copies every page the write-ahead log holds into the database file and empties the log
    /// (`wal_checkpoint(TRUNCATE)`), so that the database file alone is complete: done at a clean stop,
    /// before a cold backup could copy only the main file. Returns false when a reader kept the
    /// checkpoint from finishing (the log then stays and is applied at the next open).
    @discardableResult
    public func checkpoint() throws -> Bool {
        let row = try db.prepare("PRAGMA wal_checkpoint(TRUNCATE)", persistent: false).query().first
        if case .int(let busy)? = row?.first { return busy == 0 }
        return true
    }

    /// Copies into the database file what the write-ahead log holds, as far as no reader needs it,
    /// without waiting for any (`wal_checkpoint(PASSIVE)`). Returns whether the whole log was copied.
    @discardableResult
    public func checkpointPassively() throws -> Bool {
        let row = try db.prepare("PRAGMA wal_checkpoint(PASSIVE)", persistent: false).query().first
        guard let row, row.count == 3, case .int(let log) = row[1], case .int(let copied) = row[2] else { return true }
        return log == copied
    }

    /// Applies every migration above the database's `user_version`, each in its own transaction.
    func migrate() throws {
        let version = Int(try db.scalarInt("PRAGMA user_version") ?? 0)
        guard version <= Schema.migrations.count else {
            throw StoreError.newerSchema(found: version, known: Schema.migrations.count)
        }
        for v in version..<Schema.migrations.count {
            try db.transaction {
                try db.execute(Schema.migrations[v])
                try db.execute("PRAGMA user_version = \(v + 1)")
            }
        }
        // Decisions recorded before the trail existed are chained when the store first opens them.
        if version < 6, try ReviewTrail.needsSealing(db) { try db.transaction { try ReviewTrail.seal(db) } }
    }

    /// The status and error of the first arrival of this exact file (name and content), if any.
    public func received(name: String, sha256: String) throws -> (status: String, error: String?)? {
        let s = try db.prepare("SELECT status, error FROM files WHERE name = ? AND sha256 = ? ORDER BY id LIMIT 1",
                               persistent: false)
        s.bind(1, name)
        s.bind(2, sha256)
        guard try s.step() else { return nil }
        return (s.columnText(0) ?? "ingested", s.columnText(1))
    }

    /// Whether any file with this content was received (ingested or quarantined) under any name.
    func contentReceived(sha256: String) throws -> Bool {
        try db.scalarInt("SELECT count(*) FROM files WHERE sha256 = ? AND status IN ('ingested', 'quarantined')",
                         [.text(sha256)]) ?? 0 > 0
    }

    /// The newest file date of the ingested statement and ledger files (RULES.md `as_of`).
    func newestStatementDate() throws -> LocalDate? {
        let s = try db.prepare("SELECT max(file_date) FROM files WHERE status = 'ingested' AND sets_as_of = 1",
                               persistent: false)
        guard try s.step(), let t = s.columnText(0) else { return nil }
        return LocalDate(t)
    }

    /// True when nothing was ever stored: no file, no finding, no review, no account (runs and meta
    /// may be there). A database with accounts is one a review desk may have open.
    func isEmpty() throws -> Bool {
        try db.scalarInt("""
            SELECT EXISTS (SELECT 1 FROM files) OR EXISTS (SELECT 1 FROM findings) OR EXISTS (SELECT 1 FROM reviews)
                OR EXISTS (SELECT 1 FROM users)
            """) == 0
    }

    public func meta(_ key: String) throws -> String? {
        let s = try db.prepare("SELECT value FROM meta WHERE key = ?", persistent: false)
        s.bind(1, key)
        return try s.step() ? s.columnText(0) : nil
    }

    func setMeta(_ key: String, _ value: String) throws {
        try db.prepare("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       persistent: false).run([.text(key), .text(value)])
    }
}

/// Store-level failures that are not SQLite's own.
enum StoreError: Error, CustomStringConvertible {
    case newerSchema(found: Int, known: Int)

    var description: String {
        switch self {
        case .newerSchema(let found, let known):
            return "the database has schema version \(found), newer than this recon knows (\(known)): upgrade recon"
        }
    }
}
