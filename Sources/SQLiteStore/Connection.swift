import CSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One SQLite database connection: a thin layer over the C API.
///
/// Use it from one thread at a time (it is opened in SQLite's multi-thread mode, without
/// per-call mutexes); it may be handed between threads, hence `@unchecked Sendable`.
/// Prepare hot statements once with `prepare` and reuse them with `bind`/`step`/`reset`.
public final class Connection: @unchecked Sendable {
    /// The path given to `init`.
    public let path: String
    private(set) var handle: OpaquePointer?

    /// How a read-write connection journals its writes.
    public enum Journal: Sendable {
        /// WAL with `synchronous=NORMAL`: durable at checkpoints, never corrupt, readers beside the writer.
        case wal
        /// No journal and no syncs (`journal_mode=OFF`, `synchronous=OFF`): only for a file nobody
        /// else opens that is thrown away unless it is completed, synced and renamed into place
        /// (ROLLBACK does not work without a journal).
        case off
    }

    /// The busy timeout a connection is opened with unless told otherwise.
    public static let defaultBusyTimeoutMilliseconds: Int32 = 5000

    /// Opens (and by default creates) a database.
    ///
    /// A new file is created with mode 0600 before SQLite touches it, so the database —
    /// which holds ID numbers and names — is never readable by others, not even briefly;
    /// SQLite gives its `-wal` and `-shm` files the same mode. Read-write connections use
    /// WAL journaling with `synchronous=NORMAL` (durable at checkpoints, never corrupt),
    /// unless `journal` is `.off`, and enforce foreign keys.
    ///
    /// - Parameters:
    ///   - readOnly: open without write access (no pragmas that write are issued).
    ///   - create: create the file if it does not exist (ignored when `readOnly`).
    ///   - busyTimeoutMilliseconds: how long to wait for another connection's lock.
    ///   - journal: how a read-write connection journals (ignored when `readOnly`).
    /// - Throws: `SQLiteError`; `isNotADatabase` is set when the file is not a database.
    public init(path: String, readOnly: Bool = false, create: Bool = true,
                busyTimeoutMilliseconds: Int32 = defaultBusyTimeoutMilliseconds, journal: Journal = .wal) throws {
        _ = Self.processConfigured
        self.path = path
        let special = path.isEmpty || path == ":memory:" || path.hasPrefix("file:")
        if !readOnly && create && !special {
            try Self.createPrivateFile(path)
        }
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        if readOnly {
            flags |= SQLITE_OPEN_READONLY
        } else {
            flags |= SQLITE_OPEN_READWRITE
            if create { flags |= SQLITE_OPEN_CREATE }
        }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        if rc != SQLITE_OK {
            let error = SQLiteError.from(db, code: rc, sql: nil, path: path)
            sqlite3_close_v2(db)
            throw error
        }
        handle = db
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        do {
            // The first statement reads the header: this is where a foreign file fails.
            if readOnly {
                _ = try scalarInt("SELECT count(*) FROM sqlite_master")
            } else if journal == .off {
                try execute("PRAGMA journal_mode=OFF")
                try execute("PRAGMA synchronous=OFF")
            } else {
                try execute("PRAGMA journal_mode=WAL")
                try execute("PRAGMA synchronous=NORMAL")
            }
            try execute("PRAGMA foreign_keys=ON")
        } catch let error as SQLiteError {
            close()
            throw SQLiteError(code: error.code, message: error.message, sql: error.sql, path: path)
        }
    }

    deinit {
        close()
    }

    /// Process-wide SQLite settings, applied once before the first connection opens.
    /// Memory statistics off: they take a global mutex per SQLite allocation, close to half of a bulk
    /// insert's time, and nothing reads them.
    private static let processConfigured: Void = {
        _ = csqlite_disable_memstatus()
    }()

    /// Creates `path` owner-only if it does not exist yet (O_EXCL: never chmod someone
    /// else's file, and no window where the file has default permissions).
    private static func createPrivateFile(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd >= 0 {
            closeDescriptor(fd)
            return
        }
        let err = errno
        if err == EEXIST { return }
        throw SQLiteError(code: SQLITE_CANTOPEN,
                          message: "cannot create database file: \(String(cString: strerror(err)))",
                          path: path)
    }

    /// True until `close()`.
    public var isOpen: Bool { handle != nil }

    /// True while a prepared statement of this connection is alive: `close()` then leaves SQLite's
    /// handle open (a zombie) until the last one goes.
    public var hasStatements: Bool {
        guard let db = handle else { return false }
        return sqlite3_next_stmt(db, nil) != nil
    }

    /// Exchanges the two connections' SQLite handles, and so the files they have open; each keeps
    /// its `path` and its settings (the pragmas belong to the handles). For a database built in a
    /// side file: the store's connection writes the side file, then the renamed file, while code
    /// that holds the connection keeps it. Statements belong to their handle: none may be alive.
    package func exchangeHandle(with other: Connection) {
        precondition(self !== other && !hasStatements && !other.hasStatements)
        (handle, other.handle) = (other.handle, handle)
    }

    /// How long to wait for another connection's lock from now on.
    public func setBusyTimeout(milliseconds: Int32) {
        if let db = handle { sqlite3_busy_timeout(db, milliseconds) }
    }

    /// Closes the connection. Statements still alive keep SQLite's handle as a zombie
    /// until they are released (`sqlite3_close_v2`); they must not be stepped again.
    public func close() {
        if let db = handle {
            sqlite3_close_v2(db)
            handle = nil
        }
    }

    package func requireOpen(_ sql: String?) throws -> OpaquePointer {
        guard let db = handle else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "connection is closed", sql: sql, path: path)
        }
        return db
    }

    /// Runs one or more `;`-separated statements, discarding any rows (schema scripts,
    /// pragmas). Use `prepare` for anything with values: this takes no parameters.
    public func execute(_ sql: String) throws {
        let db = try requireOpen(sql)
        try sql.withCString { start in
            var cursor: UnsafePointer<CChar>? = start
            while let current = cursor, current.pointee != 0 {
                var stmt: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let rc = sqlite3_prepare_v2(db, current, -1, &stmt, &tail)
                let text = tail.map { Self.text(from: current, to: $0) } ?? String(cString: current)
                if rc != SQLITE_OK {
                    throw SQLiteError.from(db, code: rc, sql: text)
                }
                cursor = tail
                guard let stmt else { continue }   // whitespace or a comment
                defer { sqlite3_finalize(stmt) }
                var step = sqlite3_step(stmt)
                while step == SQLITE_ROW { step = sqlite3_step(stmt) }
                if step != SQLITE_DONE {
                    throw SQLiteError.from(db, code: step, sql: text)
                }
            }
        }
    }

    private static func text(from start: UnsafePointer<CChar>, to end: UnsafePointer<CChar>) -> String {
        let bytes = UnsafeRawBufferPointer(start: start, count: end - start)
        var s = Substring(String(decoding: bytes, as: UTF8.self))
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }

    /// Compiles one statement for repeated use.
    ///
    /// - Parameter persistent: hint that the statement lives long (SQLite then keeps it
    ///   out of its lookaside memory); pass false for one-off queries.
    /// - Throws: `SQLiteError` for a syntax error or when `sql` holds more than one statement.
    public func prepare(_ sql: String, persistent: Bool = true) throws -> Statement {
        let db = try requireOpen(sql)
        var stmt: OpaquePointer?
        var extra = false
        let rc: Int32 = sql.withCString { start in
            var tail: UnsafePointer<CChar>?
            let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
            let rc = sqlite3_prepare_v3(db, start, -1, flags, &stmt, &tail)
            if rc == SQLITE_OK, var p = tail {
                while p.pointee == 0x20 || p.pointee == 0x09 || p.pointee == 0x0a || p.pointee == 0x0d || p.pointee == 0x3b {
                    p += 1
                }
                extra = p.pointee != 0
            }
            return rc
        }
        if rc != SQLITE_OK {
            throw SQLiteError.from(db, code: rc, sql: sql)
        }
        guard let stmt else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "no statement to prepare", sql: sql)
        }
        if extra {
            sqlite3_finalize(stmt)
            // Silently ignoring the rest would hide a bug; several statements go to execute().
            throw SQLiteError(code: SQLITE_MISUSE, message: "prepare() takes a single statement", sql: sql)
        }
        return Statement(connection: self, handle: stmt)
    }

    /// Runs `body` in a write transaction: `BEGIN IMMEDIATE` (takes the write lock up
    /// front, so a busy database fails here and not halfway through), `COMMIT` on
    /// return, `ROLLBACK` when `body` or the commit throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        let result: T
        do {
            result = try body()
            try execute("COMMIT")
        } catch {
            // The original error matters; a rollback failure (e.g. already rolled back
            // by SQLite after a full disk) would only hide it.
            if let db = handle, sqlite3_get_autocommit(db) == 0 {
                try? execute("ROLLBACK")
            }
            throw error
        }
        return result
    }

    /// True while a transaction is open.
    public var inTransaction: Bool {
        guard let db = handle else { return false }
        return sqlite3_get_autocommit(db) == 0
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE.
    public var changes: Int {
        guard let db = handle else { return 0 }
        return Int(sqlite3_changes64(db))
    }

    /// Row id of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 {
        guard let db = handle else { return 0 }
        return sqlite3_last_insert_rowid(db)
    }

    /// First column of the first row as text; nil when there is no row or it is NULL.
    public func scalarText(_ sql: String, _ params: [SQLValue] = []) throws -> String? {
        let stmt = try prepare(sql, persistent: false)
        stmt.bind(params)
        guard try stmt.step(), !stmt.columnIsNull(0) else { return nil }
        return stmt.columnText(0)
    }

    /// First column of the first row as an integer; nil when there is no row or it is NULL.
    public func scalarInt(_ sql: String, _ params: [SQLValue] = []) throws -> Int64? {
        let stmt = try prepare(sql, persistent: false)
        stmt.bind(params)
        guard try stmt.step(), !stmt.columnIsNull(0) else { return nil }
        return stmt.columnInt64(0)
    }
}

// Inside Connection, `close` means the connection's own method.
private func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}
