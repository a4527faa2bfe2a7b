/// Why the joined view cannot be built from a database.
public enum ViewError: Error, Equatable, CustomStringConvertible {
    /// A stored payment, reversal or ledger row carries more than a row may (`Money.maxRowFen`): it was
    /// stored before the cap existed. Summing it could overflow, so the run refuses instead.
    case amountAboveCap(table: String, file: String, line: Int, amountFen: Int64)

    public var description: String {
        switch self {
        case let .amountAboveCap(table, file, line, fen):
            return "\(table) row of \(file) line \(line) holds \(Money.yuan(fen)) yuan, above the "
                + "\(Money.yuan(Money.maxRowFen)) yuan a payment, reversal or ledger row may carry; it was stored "
                + "before that cap: reconcile it from a new database (re-ingest the files), where the line is refused"
        }
    }
}

extension RowCursor {
    /// The amount in column `i` of a payment, reversal or ledger row; refused above the cap, with the
    /// file (by id, named by `JoinedView.load`) and line of the row.
    func amount(_ i: Int32, table: String, fileColumn: Int32, lineColumn: Int32) throws(ViewError) -> Int64 {
        let fen = int(i)
        guard fen >= -Money.maxRowFen && fen <= Money.maxRowFen else {
            throw .amountAboveCap(table: table, file: String(int(fileColumn)), line: Int(int(lineColumn)), amountFen: fen)
        }
        return fen
    }
}
