import CSQLite

/// A failed SQLite call.
///
/// Carries SQLite's result code and message and the statement text, never bound
/// values: those can be ID numbers and names, and errors end up in logs.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The (extended) result code, e.g. `SQLITE_CONSTRAINT_UNIQUE`.
    public let code: Int32
    /// `sqlite3_errmsg` text, or our own explanation for misuse detected in Swift.
    public let message: String
    /// The SQL being executed, if any.
    public let sql: String?
    /// The database file, for errors raised while opening it.
    public let path: String?

    /// Creates an error value.
    public init(code: Int32, message: String, sql: String? = nil, path: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// The primary result code (`SQLITE_CONSTRAINT` for `SQLITE_CONSTRAINT_UNIQUE`).
    public var primaryCode: Int32 { code & 0xff }

    /// The file exists but is not a SQLite database (or is encrypted/corrupt in its header).
    public var isNotADatabase: Bool { primaryCode == SQLITE_NOTADB }
    /// Another connection holds a lock longer than the busy timeout.
    var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    /// A UNIQUE, NOT NULL, CHECK or FOREIGN KEY constraint failed.
    public var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }

    public var description: String {
        var text: String
        if isNotADatabase {
            text = "\(path.map { "'\($0)'" } ?? "the file") is not a SQLite database (\(message))"
        } else {
            let codeName = String(cString: sqlite3_errstr(code))
            text = "SQLite error \(code) (\(codeName)): \(message)"
            if let path { text += " [database '\(path)']" }
        }
        if let sql { text += " in: \(sql)" }
        return text
    }

    /// Builds an error from a connection's current error state.
    package static func from(_ db: OpaquePointer?, code: Int32, sql: String?, path: String? = nil) -> SQLiteError {
        let message: String
        if let db, let cmsg = sqlite3_errmsg(db) {
            message = String(cString: cmsg)
        } else {
            message = String(cString: sqlite3_errstr(code))
        }
        return SQLiteError(code: code, message: message, sql: sql, path: path)
    }
}
