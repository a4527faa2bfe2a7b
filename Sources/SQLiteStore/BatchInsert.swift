/// Inserts rows into one table through a multi-row `INSERT … VALUES (…), (…), …` statement.
///
/// One step per `rowsPerStatement` rows instead of one per row: the statement's fixed cost
/// (step, reset, clearing the bindings, starting the program) is paid once per batch. Measured
/// on 427k roster lines in C: 1.30 s one row per step, 0.85 s with 32.
///
/// Rows wait in a small buffer until a batch is full or `flush()` runs: call `flush()` before
/// anything reads the table, and before the transaction commits. Only for statements whose rows
/// are independent (no per-row `changes` to look at).
public final class BatchInsert<Row> {
    private let batch: Statement
    private let single: Statement
    private let columns: Int32
    private let rowsPerStatement: Int
    private let bind: (Statement, Int32, Row) -> Void
    private var pending: [Row] = []

    /// - Parameters:
    ///   - head: `INSERT INTO table(col, …)` (or `INSERT OR REPLACE …`), without `VALUES`.
    ///   - columns: the number of values per row.
    ///   - conflict: an upsert clause after the values (`ON CONFLICT(…) DO NOTHING`), or empty.
    ///   - bind: binds a row's values at parameters `base + 1 … base + columns`.
    public init(_ db: Connection, head: String, columns: Int, conflict: String = "", rowsPerStatement: Int = 32,
                bind: @escaping (_ statement: Statement, _ base: Int32, _ row: Row) -> Void) throws {
        precondition(columns > 0 && rowsPerStatement > 0)
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        let values = Array(repeating: row, count: rowsPerStatement).joined(separator: ", ")
        batch = try db.prepare("\(head) VALUES \(values) \(conflict)")
        single = try db.prepare("\(head) VALUES \(row) \(conflict)")
        self.columns = Int32(columns)
        self.rowsPerStatement = rowsPerStatement
        self.bind = bind
        pending.reserveCapacity(rowsPerStatement)
    }

    /// Adds a row; a full batch is stored at once.
    @inline(__always)
    public func add(_ row: Row) throws {
        pending.append(row)
        if pending.count == rowsPerStatement {
            defer { pending.removeAll(keepingCapacity: true) }
            for (i, r) in pending.enumerated() { bind(batch, Int32(i) * columns, r) }
            defer { batch.reset() }
            _ = try batch.step()
        }
    }

    /// Drops the rows still waiting: after a rollback they belong to a transaction that is gone,
    /// and must not reach the next one.
    public func discard() {
        pending.removeAll(keepingCapacity: true)
    }

    /// Stores the rows still waiting for a full batch, one statement each.
    public func flush() throws {
        defer { pending.removeAll(keepingCapacity: true) }
        for r in pending {
            bind(single, 0, r)
            defer { single.reset() }
            _ = try single.step()
        }
    }
}
