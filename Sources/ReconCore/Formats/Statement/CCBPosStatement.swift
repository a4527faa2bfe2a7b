/// ccb_pos — 建行移动POS 交易明细 `ccbpos_{商户号}_{YYYYMMDD}.txt.gz`: GBK, CRLF, `|` records
/// `H` (header with totals), `D` (one per transaction) and `T|END` (without it the file is truncated).
enum CCBPosStatement {
    static let columns = [
        "记录类型", "终端号", "批次号", "凭证号", "参考号", "交易日期", "交易时间", "卡号", "卡类别", "交易类型", "交易金额",
        "手续费", "结算金额", "备注", "原参考号",
    ]

    static let layout = StatementLayout(
        name: "ccb_pos", channel: .ccbPos, encoding: .gb18030, framing: .delimited(0x7C), fieldCount: 15,
        columnNames: columns, header: .values(fieldCount: 5), footer: .exact("T|END"), recordType: (0, "D"),
        columns: .init(kind: 9, txnRef: 4, originalRef: 14, amount: 10, time: [5, 6], payer: 7, agent: 1,
                       coverage: 13),
        kinds: ["消费": .payment, "撤销": .reversal, "退货": .reversal], timeFormat: TimeFormat("yyyyMMddHHmmss")!,
        insuranceValues: ["YL": .pension, "YB": .medical], coveragePattern: CoveragePattern("{insurance}{year}:{id}"),
        payerKey: "{payer}/{agent}@{date}", totals: .ccbPosHeader)
}
