/// One recognisable kind of input file: its canonical name, its file-name pattern and its parser.
public struct FileFormat: Sendable {
    /// What the file holds and so which parser reads it.
    enum Kind: Sendable {
        case statement(StatementLayout)
        case ledger, enrollment, deaths, assistance, employee, disbursement
    }

    /// Canonical format name (`wechat`, `ledger`, `enrollment`, … or a declared format's name).
    public var name: String
    var kind: Kind
    var pattern: FilePattern

    init(name: String, kind: Kind, pattern: FilePattern) {
        self.name = name; self.kind = kind; self.pattern = pattern
    }

    /// Statement and ledger files set `as_of`; reference files do not.
    var isStatementOrLedger: Bool {
        switch kind {
        case .statement, .ledger: return true
        default: return false
        }
    }
}
