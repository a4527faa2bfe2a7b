import CSQLite

/// A value bound to or read from SQLite.
public enum SQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])
}

/// A prepared statement: bind, step, reset, repeat.
///
/// `bind` calls do not throw, to keep insert loops short; a binding error (wrong
/// index, statement still running) is remembered and thrown by the next `step`.
/// Not thread-safe; it belongs to its connection's thread.
public final class Statement {
    private let connection: Connection
    private let handle: OpaquePointer
    private var bindError: Int32 = SQLITE_OK
    /// Bound text lives here until `reset()` (SQLITE_STATIC): SQLite then keeps a pointer
    /// instead of a malloc'd copy per field, the largest part of binding's cost in a bulk insert.
    private var scratch: UnsafeMutableRawPointer?
    private var scratchUsed = 0
    private static let scratchCapacity = 16384

    init(connection: Connection, handle: OpaquePointer) {
        self.connection = connection
        self.handle = handle
    }

    deinit {
        sqlite3_finalize(handle)
        scratch?.deallocate()
    }

    /// The SQL text the statement was prepared from.
    public var sql: String {
        sqlite3_sql(handle).map { String(cString: $0) } ?? ""
    }

    /// Number of `?` parameters.
    var parameterCount: Int32 { sqlite3_bind_parameter_count(handle) }

    @inline(__always)
    private func note(_ rc: Int32) {
        if rc != SQLITE_OK && bindError == SQLITE_OK { bindError = rc }
    }

    // MARK: Binding (indexes start at 1, as in SQLite)

    /// Binds an integer.
    public func bind(_ index: Int32, _ v: Int64) {
        note(sqlite3_bind_int64(handle, index, v))
    }

    /// Binds an integer.
    public func bind(_ index: Int32, _ v: Int) {
        note(sqlite3_bind_int64(handle, index, Int64(v)))
    }

    /// Binds a floating-point value (never money: money is integer fen).
    public func bind(_ index: Int32, _ v: Double) {
        note(sqlite3_bind_double(handle, index, v))
    }

    /// Binds text; nil binds NULL.
    public func bind(_ index: Int32, _ v: String?) {
        guard var v else {
            note(sqlite3_bind_null(handle, index))
            return
        }
        v.withUTF8 { bindText(index, UnsafeRawBufferPointer($0)) }
    }

    /// Binds UTF-8 bytes as text without building a `String`. The bytes are copied into the
    /// statement's scratch buffer (or by SQLite when they do not fit) and must be valid UTF-8.
    public func bindText(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard let source = bytes.baseAddress, n > 0 else {
            // SQLite binds NULL for a nil pointer: an empty field must stay an empty string.
            var nul: CChar = 0
            note(sqlite3_bind_text64(handle, index, &nul, 0, csqlite_transient(), UInt8(SQLITE_UTF8)))
            return
        }
        if scratchUsed + n <= Self.scratchCapacity {
            let buffer = scratch ?? UnsafeMutableRawPointer.allocate(byteCount: Self.scratchCapacity, alignment: 8)
            scratch = buffer
            let target = buffer + scratchUsed
            target.copyMemory(from: source, byteCount: n)
            scratchUsed += n
            // Valid until reset(), which clears the bindings before the buffer is reused.
            note(sqlite3_bind_text64(handle, index, target.assumingMemoryBound(to: CChar.self),
                                     sqlite3_uint64(n), csqlite_static(), UInt8(SQLITE_UTF8)))
        } else {
            note(sqlite3_bind_text64(handle, index, source.assumingMemoryBound(to: CChar.self),
                                     sqlite3_uint64(n), csqlite_transient(), UInt8(SQLITE_UTF8)))
        }
    }

    /// Binds a blob (copied by SQLite).
    public func bindBlob(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { bindBlob(index, $0) }
    }

    /// Binds a blob (copied by SQLite).
    public func bindBlob(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        if let base = bytes.baseAddress {
            note(sqlite3_bind_blob64(handle, index, base, sqlite3_uint64(bytes.count), csqlite_transient()))
        } else {
            // Same nil-pointer rule as text: an empty blob is not NULL.
            note(sqlite3_bind_zeroblob(handle, index, 0))
        }
    }

    /// Binds NULL.
    public func bindNull(_ index: Int32) {
        note(sqlite3_bind_null(handle, index))
    }

    /// Binds one value.
    public func bind(_ index: Int32, _ value: SQLValue) {
        switch value {
        case .null: bindNull(index)
        case .int(let v): bind(index, v)
        case .double(let v): bind(index, v)
        case .text(let v): bind(index, v)
        case .blob(let v): bindBlob(index, v)
        }
    }

    /// Binds `values` to parameters 1...n.
    public func bind(_ values: [SQLValue]) {
        for (i, value) in values.enumerated() {
            bind(Int32(i + 1), value)
        }
    }

    // MARK: Execution

    /// Advances the statement. Returns true when a row is available, false when done.
    /// On error the statement is reset so it can be reused.
    public func step() throws -> Bool {
        guard connection.isOpen else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "connection is closed", sql: sql)
        }
        if bindError != SQLITE_OK {
            let rc = bindError
            let error = SQLiteError(code: rc, message: "binding a parameter failed: \(String(cString: sqlite3_errstr(rc)))", sql: sql)
            reset()
            throw error
        }
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        let error = SQLiteError.from(sqlite3_db_handle(handle), code: rc, sql: sql)
        sqlite3_reset(handle)
        throw error
    }

    /// Rewinds the statement and clears all bindings (a forgotten bind then reads NULL,
    /// never the previous row's value).
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        scratchUsed = 0
        bindError = SQLITE_OK
    }

    /// Rewinds the statement and keeps its bindings: for a caller that binds every parameter again
    /// before the next step (`BatchInsert`), clearing hundreds of them each time is wasted work.
    /// Text bound from the scratch buffer must be bound again too: the buffer is reused.
    public func rewind() {
        sqlite3_reset(handle)
        scratchUsed = 0
        bindError = SQLITE_OK
    }

    /// Binds `values` (if any), steps to completion, and resets.
    public func run(_ values: [SQLValue] = []) throws {
        defer { reset() }
        if !values.isEmpty { bind(values) }
        while try step() {}
    }

    /// Binds `values`, collects every row, and resets.
    public func query(_ values: [SQLValue] = []) throws -> [[SQLValue]] {
        defer { reset() }
        if !values.isEmpty { bind(values) }
        var rows: [[SQLValue]] = []
        let n = columnCount
        while try step() {
            var row: [SQLValue] = []
            row.reserveCapacity(Int(n))
            for i in 0..<n { row.append(columnValue(i)) }
            rows.append(row)
        }
        return rows
    }

    // MARK: Columns (indexes start at 0, as in SQLite)

    /// Number of result columns.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// Name of result column `i`.
    public func columnName(_ i: Int32) -> String {
        sqlite3_column_name(handle, i).map { String(cString: $0) } ?? ""
    }

    /// True when column `i` of the current row is NULL.
    public func columnIsNull(_ i: Int32) -> Bool {
        sqlite3_column_type(handle, i) == SQLITE_NULL
    }

    /// Column `i` as an integer (0 for NULL).
    public func columnInt64(_ i: Int32) -> Int64 {
        sqlite3_column_int64(handle, i)
    }

    /// Column `i` as a double (0 for NULL).
    func columnDouble(_ i: Int32) -> Double {
        sqlite3_column_double(handle, i)
    }

    /// Column `i` as text; nil for NULL.
    public func columnText(_ i: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, i) else { return nil }
        let n = Int(sqlite3_column_bytes(handle, i))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// Column `i` as bytes; nil for NULL.
    public func columnBlob(_ i: Int32) -> [UInt8]? {
        if columnIsNull(i) { return nil }
        let n = Int(sqlite3_column_bytes(handle, i))
        guard n > 0, let p = sqlite3_column_blob(handle, i) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }

    /// Column `i` with its stored type.
    public func columnValue(_ i: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .int(columnInt64(i))
        case SQLITE_FLOAT: return .double(columnDouble(i))
        case SQLITE_TEXT: return .text(columnText(i) ?? "")
        case SQLITE_BLOB: return .blob(columnBlob(i) ?? [])
        default: return .null
        }
    }
}
