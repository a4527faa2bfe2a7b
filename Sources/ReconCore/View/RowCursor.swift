import CSQLite
import SQLiteStore

/// A read-only cursor over one SELECT with byte-level column access, for loading the joined view:
/// ID numbers, dates and times are parsed straight from SQLite's bytes, and a `String` is made
/// only for the columns that are kept as text.
final class RowCursor {
    private let handle: OpaquePointer
    let sql: String
    /// `JoinedView.channels`' stored names, for `channel(_:)`.
    private let channelNames = JoinedView.channels.map { Array($0.rawValue.utf8) }

    init(_ db: Connection, _ sql: String) throws {
        let h = try db.requireOpen(sql)
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(h, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw SQLiteError.from(h, code: rc, sql: sql) }
        handle = stmt
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Advances to the next row; false when done.
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw SQLiteError.from(sqlite3_db_handle(handle), code: rc, sql: sql)
    }

    @inline(__always) func int(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }

    @inline(__always) func isNull(_ i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }

    /// The column's text bytes (empty for NULL); valid until the next `step`.
    @inline(__always) func bytes(_ i: Int32) -> UnsafeRawBufferPointer {
        guard let p = sqlite3_column_text(handle, i) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, i)))
    }

    /// The column as a String ("" for NULL).
    func text(_ i: Int32) -> String {
        let b = bytes(i)
        return b.isEmpty ? "" : String(decoding: b, as: UTF8.self)
    }

    /// The column as a String, and the very `last` String when the text is the same: the roster repeats
    /// households and villages row after row, so a run of equal texts shares one allocation (a county:
    /// 420k 16-digit 户号, too long for a small string, in 170k households).
    func text(_ i: Int32, reusing last: inout String) -> String {
        let b = bytes(i)
        // Compared as contiguous bytes: the generic `elementsEqual` of a UTF8View walked them one
        // by one (2.7% of a night's run, on the roster's four repeated columns).
        if !last.withUTF8({ memcmpEqual(UnsafeRawBufferPointer($0), b) }) {
            last = b.isEmpty ? "" : String(decoding: b, as: UTF8.self)
        }
        return last
    }

    /// The index in `JoinedView.channels` of a stored channel name, -1 for any other text.
    ///
    /// Matched here rather than by a `CASE channel WHEN …` in the SELECT: SQLite evaluated the
    /// CASE's string comparisons for every row (0.1 s of the 430k records' scan).
    @inline(__always) func channel(_ i: Int32) -> Int {
        let b = bytes(i)
        for k in channelNames.indices where channelNames[k].withUnsafeBytes({ memcmpEqual($0, b) }) { return k }
        return -1
    }

    /// The column as a String, nil for NULL or empty text.
    func optionalText(_ i: Int32) -> String? {
        let b = bytes(i)
        return b.isEmpty ? nil : String(decoding: b, as: UTF8.self)
    }

    /// The packed body of a stored ID: a normalised 18-character ID when `valid` (its first 17
    /// digits), else nil.
    @inline(__always) func idBody(_ i: Int32, valid: Bool) -> UInt64? {
        guard valid else { return nil }
        let b = bytes(i)
        guard b.count == 18 else { return IDNumber.parse(b)?.body }
        var v: UInt64 = 0
        for k in 0..<17 {
            let c = b[k] &- 0x30
            guard c <= 9 else { return nil }
            v = v &* 10 &+ UInt64(c)
        }
        return v
    }

    /// `YYYY-MM-DD` (nil for NULL or anything else).
    @inline(__always) func date(_ i: Int32) -> LocalDate? {
        let b = bytes(i)
        guard b.count == 10 else { return nil }
        return TimeFormat.isoDate.parse(bytes: b, referenceDate: nil)?.date
    }

    /// `YYYY-MM-DD HH:MM:SS` (nil for NULL or anything else).
    @inline(__always) func dateTime(_ i: Int32) -> LocalDateTime? {
        TimeFormat.standard.parse(bytes: bytes(i), referenceDate: nil)
    }
}
