/// One small table of a finding's evidence: the payments, the roster row, the ledger rows, the death
/// record … with Chinese column titles and values as a person reads them.
public struct EvidenceTable: Sendable, Hashable {
    public var title: String
    public var columns: [String]
    public var rows: [[String]]

    /// The table as lines of text: `标题：列=值，列=值` per row (CSV, XLSX and terminal cells).
    public var text: String {
        rows.map { row in
            title + "：" + zip(columns, row).filter { !$0.1.isEmpty }.map { "\($0.0) \($0.1)" }.joined(separator: "，")
        }.joined(separator: "\n")
    }
}
