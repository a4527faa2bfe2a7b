/// bank — 银行代收 批量回盘 `bank_{银行代码}_{批次号}_hp.txt.gz`: GBK, CRLF, `|` separated; a batch
/// header line of values, then one line per debit instruction (failed ones carry no money).
enum BankStatement {
    static let columns = [
        "序号", "证件号码", "姓名", "账号", "险种", "所属年度", "缴费档次", "应缴金额", "实缴金额", "处理结果", "失败原因",
        "银行流水号", "网点号", "扣款时间",
    ]

    static let layout = StatementLayout(
        name: "bank", channel: .bank, encoding: .gb18030, framing: .delimited(0x7C), fieldCount: 14,
        columnNames: columns, header: .values(fieldCount: 9),
        columns: .init(kind: 9, txnRef: 11, amount: 8, time: [13], payer: 3, agent: 12, name: 2, id: 1,
                       insurance: 4, year: 5),
        kinds: ["0": .payment, "1": .failed], timeFormat: .standard, payerKey: "{payer}", totals: .bankBatchHeader)
}
