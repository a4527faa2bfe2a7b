import CLibPQ
import Foundation

/// One connection to the central PostgreSQL through libpq: statements with bound text parameters,
/// `COPY … FROM STDIN` for bulk rows, and errors that say what the server said. The password is
/// handed to libpq apart from the URL and never enters an error, a log line or the process title.
public final class PGConnection {
    private let conn: OpaquePointer
    /// The URL as given (it carries no password: the configuration refuses one that does).
    public let url: String

    /// Connects to `url` (`postgresql://USER@HOST:PORT/DB`) with `password` (nil: libpq's own sources,
    /// `PGPASSFILE` or `~/.pgpass`); a statement running longer than `statementTimeout` seconds is
    /// cancelled by the server.
    public init(url: String, password: String?, application: String = "recon", statementTimeout: Int? = nil) throws {
        self.url = url
        var keys = ["dbname", "application_name", "connect_timeout", "client_encoding"]
        var values = [url, application, "10", "UTF8"]
        if let statementTimeout { keys.append("options"); values.append("-c statement_timeout=\(statementTimeout * 1000)") }
        if let password { keys.append("password"); values.append(password) }
        let c = Self.withCStrings(keys) { k in Self.withCStrings(values) { v in PQconnectdbParams(k, v, 1) } }
        guard let c else { throw CentralError.connect(url: url, reason: "libpq could not allocate a connection") }
        guard PQstatus(c) == CONNECTION_OK else {
            let reason = Self.message(PQerrorMessage(c))
            PQfinish(c)
            throw CentralError.connect(url: url, reason: reason)
        }
        conn = c
    }

    deinit { PQfinish(conn) }

    /// Runs one or more statements without parameters; the rows of the last one.
    @discardableResult
    public func execute(_ sql: String) throws -> [[String?]] {
        try rows(PQexec(conn, sql), sql: sql)
    }

    /// Runs one statement with `$1…` bound to `params` (text; nil is NULL); its rows as text.
    @discardableResult
    public func query(_ sql: String, _ params: [String?]) throws -> [[String?]] {
        let result = Self.withOptionalCStrings(params) { p in
            PQexecParams(conn, sql, Int32(params.count), nil, p, nil, nil, 0)
        }
        return try rows(result, sql: sql)
    }

    /// `COPY table (columns) FROM STDIN`, the rows written by `body` in COPY's text format
    /// (`PGCopyWriter`); the number of rows the server took.
    @discardableResult
    public func copy(into table: String, columns: [String], _ body: (inout PGCopyWriter) throws -> Void) throws -> Int {
        let sql = "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN"
        let start = PQexec(conn, sql)
        guard PQresultStatus(start) == PGRES_COPY_IN else { _ = try rows(start, sql: sql); throw failure(sql) }
        PQclear(start)
        var writer = PGCopyWriter(conn: conn, columns: columns.count)
        var bodyError: Error?
        do {
            try body(&writer)
            try writer.flush()
        } catch {
            bodyError = error
        }
        // Ending a COPY with an error message makes the server refuse the rows sent so far.
        let end = bodyError == nil ? PQputCopyEnd(conn, nil) : PQputCopyEnd(conn, "recon: the rows could not be read")
        guard end == 1 else { throw failure(sql) }
        var count = 0, serverError: Error?
        while let r = PQgetResult(conn) {
            if PQresultStatus(r) == PGRES_COMMAND_OK {
                count = Int(String(cString: PQcmdTuples(r))) ?? 0
            } else {
                serverError = serverError ?? CentralError.server(state: Self.state(r), message: Self.message(PQresultErrorMessage(r)), sql: sql)
            }
            PQclear(r)
        }
        if let bodyError { throw bodyError }
        if let serverError { throw serverError }
        return count
    }

    /// The libpq connection, for `PQencryptPasswordConn` and the like.
    func withHandle<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T { try body(conn) }

    private func rows(_ result: OpaquePointer?, sql: String) throws -> [[String?]] {
        guard let result else { throw failure(sql) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY: return []
        case PGRES_TUPLES_OK:
            let n = PQntuples(result), m = PQnfields(result)
            return (0..<n).map { i in
                (0..<m).map { j in PQgetisnull(result, i, j) == 1 ? nil : String(cString: PQgetvalue(result, i, j)) }
            }
        default:
            throw CentralError.server(state: Self.state(result), message: Self.message(PQresultErrorMessage(result)), sql: sql)
        }
    }

    private func failure(_ sql: String) -> CentralError {
        let text = Self.message(PQerrorMessage(conn))
        if PQstatus(conn) != CONNECTION_OK { return .connectionLost(url: url, reason: text) }
        return .server(state: "", message: text, sql: sql)
    }

    static func state(_ result: OpaquePointer) -> String {
        guard let s = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) else { return "" }
        return String(cString: s)
    }

    static func message(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "" }
        return String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
        withOptionalCStrings(strings.map { Optional($0) }, body)
    }

    /// The strings as C strings in a NULL-terminated array, for libpq's `const char * const *`.
    static func withOptionalCStrings<T>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
        let copies = strings.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        var pointers = copies.map { $0.map { UnsafePointer<CChar>($0) } } + [nil]
        return pointers.withUnsafeMutableBufferPointer { body(UnsafePointer($0.baseAddress!)) }
    }
}
