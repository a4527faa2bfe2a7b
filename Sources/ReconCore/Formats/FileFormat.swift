/// One recognisable kind of input file: its canonical name, its file-name pattern and its parser.
public struct FileFormat: Sendable {
    /// What the file holds and so which parser reads it.
    public enum Kind: Sendable {
        case statement(StatementLayout)
        case ledger, enrollment, deaths, assistance, employee, disbursement
    }

    /// Canonical format name (`wechat`, `ledger`, `enrollment`, … or a declared format's name).
    public var name: String
    public var kind: Kind
    public var pattern: FilePattern

    public init(name: String, kind: Kind, pattern: FilePattern) {
        self.name = name; self.kind = kind; self.pattern = pattern
    }

    /// A fresh parser for one file of this format.
    public func makeParser(fileDate: LocalDate?) -> any FileParser {
        switch kind {
        case .statement(let layout): return StatementParser(layout: layout, fileDate: fileDate)
        case .ledger: return LedgerFile.parser()
        case .enrollment: return EnrollmentFile.parser()
        case .deaths: return DeathsFile.parser()
        case .assistance: return AssistanceFile.parser()
        case .employee: return EmployeeFile.parser()
        case .disbursement: return DisbursementFile.parser()
        }
    }

    /// Statement and ledger files set `as_of`; reference files do not.
    public var isStatementOrLedger: Bool {
        switch kind {
        case .statement, .ledger: return true
        default: return false
        }
    }
}
