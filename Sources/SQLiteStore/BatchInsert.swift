/// Inserts rows into one table through multi-row `INSERT … VALUES (…), (…), …` statements.
///
/// One step per `rowsPerStatement` rows instead of one per row: the statement's fixed cost
/// (step, reset, starting the program) is paid once per batch. Measured on 427k roster lines in C:
/// 1.30 s one row per step, 0.85 s with 32. A remainder of `n` rows goes in one statement of `n`
/// rows, prepared the first time that size is needed.
///
/// Rows given to `add` wait in a small buffer until a batch is full or `flush()` runs: call
/// `flush()` before anything reads the table, and before the transaction commits. `insert` stores a
/// whole collection at once, bound straight from it. Only for statements whose rows are
/// independent (no per-row `changes` to look at). `bind` must bind every one of a row's columns:
/// the statements are rewound without clearing their bindings.
///
/// Inlinable, so that each `Row` type gets its own specialised copy in the module that uses it
/// (generic code in this module fetched tuple metadata and copied rows through value witnesses).
public final class BatchInsert<Row> {
    @usableFromInline let db: Connection
    @usableFromInline let sql: (head: String, row: String, conflict: String)
    @usableFromInline let batch: Statement
    /// Statements of fewer rows, by row count (index 0 unused), prepared when first needed.
    @usableFromInline var shorter: [Statement?]
    @usableFromInline let columns: Int32
    @usableFromInline let rowsPerStatement: Int
    @usableFromInline let bind: (_ statement: Statement, _ base: Int32, _ row: Row) -> Void
    @usableFromInline var pending: [Row] = []

    /// - Parameters:
    ///   - head: `INSERT INTO table(col, …)` (or `INSERT OR REPLACE …`), without `VALUES`.
    ///   - columns: the number of values per row.
    ///   - conflict: an upsert clause after the values (`ON CONFLICT(…) DO NOTHING`), or empty.
    ///   - bind: binds a row's values at parameters `base + 1 … base + columns`, every one of them.
    public init(_ db: Connection, head: String, columns: Int, conflict: String = "", rowsPerStatement: Int = 32,
                bind: @escaping (_ statement: Statement, _ base: Int32, _ row: Row) -> Void) throws {
        precondition(columns > 0 && rowsPerStatement > 0)
        self.db = db
        sql = (head, "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")", conflict)
        batch = try Self.prepare(db, sql, rows: rowsPerStatement)
        shorter = Array(repeating: nil, count: rowsPerStatement)
        self.columns = Int32(columns)
        self.rowsPerStatement = rowsPerStatement
        self.bind = bind
        pending.reserveCapacity(rowsPerStatement)
    }

    @usableFromInline
    static func prepare(_ db: Connection, _ sql: (head: String, row: String, conflict: String), rows: Int) throws -> Statement {
        let values = Array(repeating: sql.row, count: rows).joined(separator: ", ")
        return try db.prepare("\(sql.head) VALUES \(values) \(sql.conflict)")
    }

    /// Adds a row; a full batch is stored at once.
    @inlinable
    public func add(_ row: Row) throws {
        pending.append(row)
        if pending.count == rowsPerStatement { try flush() }
    }

    /// Drops the rows still waiting: after a rollback they belong to a transaction that is gone,
    /// and must not reach the next one.
    @inlinable
    public func discard() {
        pending.removeAll(keepingCapacity: true)
    }

    /// Stores the rows still waiting for a full batch.
    @inlinable
    public func flush() throws {
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: true) }
        try store(pending)
    }

    /// Stores the waiting rows, then `rows` in their order.
    @inlinable
    public func insert<C: Collection>(_ rows: C) throws where C.Element == Row {
        try flush()
        try store(rows)
    }

    @inlinable
    func store<C: Collection>(_ rows: C) throws where C.Element == Row {
        var i = rows.startIndex
        var left = rows.count
        while left > 0 {
            let n = min(left, rowsPerStatement)
            let s = n == rowsPerStatement ? batch : try statement(rows: n)
            for k in 0..<n {
                bind(s, Int32(k) * columns, rows[i])
                rows.formIndex(after: &i)
            }
            defer { s.rewind() }
            _ = try s.step()
            left -= n
        }
    }

    @usableFromInline
    func statement(rows n: Int) throws -> Statement {
        if let s = shorter[n] { return s }
        let s = try Self.prepare(db, sql, rows: n)
        shorter[n] = s
        return s
    }
}
