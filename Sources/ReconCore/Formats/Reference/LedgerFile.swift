/// jinsan_ledger_YYYYMMDD.csv.gz — 金三 缴费入库明细 (UTF-8): every payment the tax system booked.
public enum LedgerFile {
    public static let header = ["电子税票号码", "证件号码", "姓名", "征收品目", "所属年度", "缴费类型", "金额", "缴费渠道",
                                "渠道流水号", "缴款时间", "入库日期", "乡镇代码", "原电子税票号码"]

    public static func parser() -> CSVTableParser<LedgerRow> {
        CSVTableParser(header: header, encoding: .utf8, build: row, wrap: FileContent.ledger)
    }

    static let items = Choices(Insurance.allCases.map { ($0.ledgerItem, $0) })
    static let types = Choices<LedgerRow.PayType>([("个人缴费", .personal), ("政府代缴", .government), ("退费", .refund)])
    static let channels = Choices(Channel.allCases.map { ($0.ledgerName, $0) })

    static func row(_ r: FieldReader, _ line: Int) throws(LineError) -> LedgerRow {
        let id = try r.idText(1)
        let insurance = try r.oneOf(3, items, what: "item")
        let payType = try r.oneOf(5, types, what: "payment type")
        let amount = try r.rowAmount(6, unit: .yuan)
        if payType == .refund ? amount > 0 : amount < 0 {
            throw .ledgerSign(refund: payType == .refund)
        }
        let channel = try r.oneOf(7, channels, what: "channel")
        let original = try r.optionalText(12)
        return LedgerRow(ticket: try r.required(0), idText: id.text, idValid: id.valid, name: try r.text(2),
                         insurance: insurance, year: try r.integer(4), payType: payType, amountFen: amount,
                         channel: channel, channelRef: payType == .refund ? (try r.optionalText(8) ?? "") : try r.required(8), paidAt: try r.time(9, .standard),
                         bookedOn: try r.date(10), townCode: try r.text(11), originalTicket: original, line: line)
    }
}
