/// The formats recon recognises, tried in order; built-in defaults plus declared formats.
public struct FormatRegistry: Sendable {
    public var formats: [FileFormat]

    public init(formats: [FileFormat]) { self.formats = formats }

    /// The built-in formats of FORMATS.md with their default name patterns.
    public static let builtin = FormatRegistry(formats: [
        FileFormat(name: "wechat", kind: .statement(WeChatStatement.layout), pattern: FilePattern("wx_*_{date}.csv.gz")!),
        FileFormat(name: "alipay", kind: .statement(AlipayStatement.layout), pattern: FilePattern("*_{date}_业务明细.csv.gz")!),
        FileFormat(name: "unionpay", kind: .statement(UnionPayStatement.layout), pattern: FilePattern("INN{date6}88ZM_*.gz")!),
        FileFormat(name: "ccb_pos", kind: .statement(CCBPosStatement.layout), pattern: FilePattern("ccbpos_*_{date}.txt.gz")!),
        FileFormat(name: "bank", kind: .statement(BankStatement.layout), pattern: FilePattern("bank_*_{date}*_hp.txt.gz")!),
        FileFormat(name: "ledger", kind: .ledger, pattern: FilePattern("jinsan_ledger_{date}.csv.gz")!),
        FileFormat(name: "enrollment", kind: .enrollment, pattern: FilePattern("enrollment_{date}.csv.gz")!),
        FileFormat(name: "deaths", kind: .deaths, pattern: FilePattern("deaths_{date}.csv.gz")!),
        FileFormat(name: "assistance", kind: .assistance, pattern: FilePattern("assistance_{date}.csv.gz")!),
        FileFormat(name: "employee", kind: .employee, pattern: FilePattern("employee_insured_{date}.csv.gz")!),
        FileFormat(name: "disbursement", kind: .disbursement, pattern: FilePattern("disbursement_{date}.csv.gz")!),
    ])

    /// The first format whose pattern matches the name, with the file date from the name.
    public func recognise(_ fileName: String) -> RecognisedName? {
        for f in formats {
            let m = f.pattern.match(fileName)
            if m.matched { return RecognisedName(format: f, date: m.date) }
        }
        return nil
    }

    /// Replaces a format's pattern (configuration overrides the defaults).
    mutating func setPattern(_ pattern: FilePattern, for name: String) -> Bool {
        guard let i = formats.firstIndex(where: { $0.name == name }) else { return false }
        formats[i].pattern = pattern
        return true
    }
}
